"""Two-factor sign-in: enrolment (page and API), the second step of signing in, single use of codes, the
shared lockout, the token endpoint, the enrolment gate for required roles, disabling and resetting.

Codes are real: computed here with pyotp from the secret the page or the API handed out, at a frozen time."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import threading
import time
from html import unescape

import pyotp
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from freezegun import freeze_time

from ngoaivu.accounts.models import ApiToken, LoginThrottle, RecoveryCode, Role, TotpDevice, User
from ngoaivu.accounts.services import mfa as mfa_services
from ngoaivu.accounts.services import user_create
from ngoaivu.audit.models import AccessEvent, AuditEvent
from ngoaivu.audit.services import SystemActor
from ngoaivu.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db

REQUIRED = ["site_admin", "org_admin", "mofa:head"]
T0 = dt.datetime(2026, 3, 2, 9, 0, 10, tzinfo=dt.UTC)  # 10 s into a 30-second step


def enrol(user: User) -> tuple[str, list[str]]:
    """Enrols `user` through the services with a real code; returns (secret, recovery codes)."""
    _device, secret, _uri = mfa_services.mfa_enrol_start(actor=user, user=user)
    codes = mfa_services.mfa_enrol_confirm(actor=user, user=user, code=pyotp.TOTP(secret).now())
    return secret, codes


def password_step(client: Client, username: str, password: str = PASSWORD, next_url: str = ""):
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": password})


def token(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password, **extra},
        content_type="application/json",
    )


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def mofa_head() -> User:
    from ngoaivu.accounts.models import Organisation

    return user_create(
        actor=SystemActor("test"),
        username="mofa_chief",
        password=PASSWORD,
        organisation=Organisation.objects.get(code="mofa"),
        roles=[Role.HEAD],
        check_password=False,
    )


# --- enrolment -----------------------------------------------------------------------------------------------


@freeze_time(T0)
def test_enrol_on_the_page_with_a_real_code(world):
    client = world.client("a_editor")
    page = client.get("/accounts/mfa/enrol/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    assert "data:" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "Google Authenticator" in html
    groups = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html)
    assert groups is not None
    secret = groups.group(1).replace(" ", "")
    assert (
        client.get("/accounts/mfa/enrol/").content.decode().count(groups.group(1)) == 1
    )  # reload: same secret

    wrong = client.post("/accounts/mfa/enrol/", {"code": "000000"})
    assert wrong.status_code == 400
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert not mfa_services.mfa_enabled(world.users["a_editor"])

    done = client.post("/accounts/mfa/enrol/", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code></li>", done.content.decode())
    assert len(codes) == len(set(codes)) == 10
    assert "chỉ hiển thị một lần" in done.content.decode()
    user = world.users["a_editor"]
    assert mfa_services.mfa_enabled(user)
    stored = list(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not any(c in h or c.replace("-", "") in h for c in codes for h in stored)
    # the status page says so, and enrolling again is refused until disabled
    status = client.get("/accounts/mfa/").content.decode()
    assert "Đang bật" in status
    assert "10 / 10" in status
    assert client.get("/accounts/mfa/enrol/").status_code == 302
    with pytest.raises(mfa_services.MfaAlreadyEnabled):
        mfa_services.mfa_enrol_start(actor=user, user=user)


@freeze_time(T0)
def test_enrol_through_the_api(world):
    client = world.client("x_officer")
    first = client.post("/api/v1/me/mfa")
    assert first.status_code == 200
    body = first.json()
    assert body["otpauth_uri"].startswith("otpauth://totp/ngoaivu:x_officer?")
    assert "issuer=ngoaivu" in body["otpauth_uri"]
    assert f"secret={body['secret']}" in body["otpauth_uri"]
    again = client.post("/api/v1/me/mfa").json()
    assert again["secret"] != body["secret"]  # an unfinished enrolment is replaced
    assert TotpDevice.objects.filter(user=world.users["x_officer"]).count() == 1

    wrong = client.post("/api/v1/me/mfa/confirm", {"code": "123456"}, content_type="application/json")
    assert wrong.status_code == 400
    assert wrong.json()["type"] == "invalid_code"
    old = client.post(
        "/api/v1/me/mfa/confirm", {"code": pyotp.TOTP(body["secret"]).now()}, content_type="application/json"
    )
    assert old.status_code == 400  # the replaced secret no longer works
    ok = client.post(
        "/api/v1/me/mfa/confirm", {"code": pyotp.TOTP(again["secret"]).now()}, content_type="application/json"
    )
    assert ok.status_code == 200
    assert len(ok.json()["recovery_codes"]) == 10
    assert client.post("/api/v1/me/mfa").json()["type"] == "mfa_already_enabled"
    assert client.post("/api/v1/me/mfa").status_code == 409
    confirm_again = client.post("/api/v1/me/mfa/confirm", {"code": "123456"}, content_type="application/json")
    assert confirm_again.status_code == 409


def test_confirm_without_enrolment_is_a_conflict(world):
    response = world.client("x_officer").post(
        "/api/v1/me/mfa/confirm", {"code": "123456"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["type"] == "mfa_not_started"


@freeze_time(T0)
def test_secret_is_encrypted_at_rest_and_audit_rows_redact_it(world):
    user = world.users["a_viewer"]
    secret, codes = enrol(user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice WHERE user_id = %s", [user.pk])
        raw = cursor.fetchone()[0]
    assert raw
    assert secret not in raw
    assert TotpDevice.objects.get(user=user).secret == secret
    actions = list(AuditEvent.objects.filter(target_id=str(user.pk)).values_list("action", flat=True))
    assert "mfa.enrol" in actions
    assert "mfa.confirm" in actions
    dump = str(list(AuditEvent.objects.filter(action__startswith="mfa.").values_list("changes", flat=True)))
    assert secret not in dump
    assert not any(c in dump for c in codes)


# --- signing in ----------------------------------------------------------------------------------------------


@freeze_time(T0)
def test_sign_in_asks_for_the_code_and_rotates_the_session(world):
    secret, _codes = enrol(world.users["a_editor"])
    client = Client()
    first = password_step(client, "a_editor", next_url="/accounts/notifications/")
    assert first.status_code == 302
    assert first["Location"] == "/accounts/login/code/"
    assert not signed_in(client)
    assert client.get("/accounts/me/").status_code == 302  # nothing is open yet
    page = client.get("/accounts/login/code/")
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    key_before = client.session.session_key
    with freeze_time(T0 + dt.timedelta(seconds=30)):  # the next step: a code not used at enrolment
        done = client.post("/accounts/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/notifications/"
    assert signed_in(client)
    assert client.session.session_key != key_before
    assert AccessEvent.objects.filter(kind="login", username="a_editor", detail="two-factor").exists()
    assert client.get("/accounts/me/").status_code == 200


@freeze_time(T0)
def test_wrong_password_looks_the_same_with_or_without_two_factor(world):
    without = password_step(Client(), "a_editor", "wrong-password-123")
    enrol(world.users["a_editor"])
    with_mfa = password_step(Client(), "a_editor", "wrong-password-123")
    assert with_mfa.status_code == without.status_code == 400

    def page(response) -> str:
        return re.sub(
            r'value="[^"]{32,}"|"X-CSRFToken": "[^"]+"|nonce="[^"]+"|<code>[0-9a-f]{32}</code>',
            "",
            response.content.decode(),
        )

    assert page(with_mfa) == page(without)


@freeze_time(T0)
def test_without_two_factor_the_password_signs_in_at_once(world):
    client = Client()
    client.get("/accounts/login/")
    key_before = client.session.session_key
    response = password_step(client, "b_editor", next_url="https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in(client)
    assert client.session.session_key != key_before


@freeze_time(T0)
def test_a_code_is_accepted_once_only(world):
    secret, _codes = enrol(world.users["a_editor"])  # uses the code of step T0
    replay = Client()
    password_step(replay, "a_editor")
    refused = replay.post("/accounts/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert refused.status_code == 400
    assert not signed_in(replay)
    with freeze_time(T0 + dt.timedelta(seconds=30)):
        code = pyotp.TOTP(secret).now()
        assert replay.post("/accounts/login/code/", {"code": code}).status_code == 302
        other = Client()
        password_step(other, "a_editor")
        assert other.post("/accounts/login/code/", {"code": code}).status_code == 400  # seen once, spent


@freeze_time(T0)
def test_window_is_one_step_either_side_and_never_goes_back(world):
    user = world.users["b_editor"]
    _device, secret, _uri = mfa_services.mfa_enrol_start(actor=user, user=user)
    totp = pyotp.TOTP(secret)
    with freeze_time(T0 - dt.timedelta(seconds=90)):
        mfa_services.mfa_enrol_confirm(actor=user, user=user, code=totp.now())
    assert not mfa_services.mfa_verify(user=user, code=totp.at(T0 - dt.timedelta(seconds=60)))  # 2 steps back
    assert mfa_services.mfa_verify(user=user, code=totp.at(T0 - dt.timedelta(seconds=30)))
    assert mfa_services.mfa_verify(user=user, code=totp.at(T0 + dt.timedelta(seconds=30)))
    assert not mfa_services.mfa_verify(user=user, code=totp.at(T0))  # older than the last one used
    assert not mfa_services.mfa_verify(
        user=user, code=totp.at(T0 + dt.timedelta(seconds=60))
    )  # too far ahead
    with freeze_time(T0 + dt.timedelta(seconds=60)):
        assert mfa_services.mfa_verify(user=user, code=" ".join(totp.now()[:3] + totp.now()[3:]))


@freeze_time(T0)
def test_input_is_normalised(world):
    user = world.users["b_editor"]
    secret, codes = enrol(user)
    with freeze_time(T0 + dt.timedelta(seconds=30)):
        code = pyotp.TOTP(secret).now()
        fullwidth = "".join(chr(0xFF10 + int(d)) for d in code)  # digits typed with a Vietnamese/CJK keyboard
        assert mfa_services.mfa_verify(user=user, code=f" {fullwidth[:3]}-{fullwidth[3:]} ")
    assert mfa_services.mfa_verify(user=user, code="  " + codes[0].upper().replace("-", " ") + " ")


@freeze_time(T0)
def test_a_recovery_code_works_once(world):
    _secret, codes = enrol(world.users["a_editor"])
    client = Client()
    password_step(client, "a_editor")
    assert client.post("/accounts/login/code/", {"code": codes[3]}).status_code == 302
    assert signed_in(client)
    again = Client()
    password_step(again, "a_editor")
    assert again.post("/accounts/login/code/", {"code": codes[3]}).status_code == 400
    assert RecoveryCode.objects.filter(user=world.users["a_editor"], used_at__isnull=False).count() == 1
    assert AuditEvent.objects.filter(
        action="mfa.recovery_used", target_id=str(world.users["a_editor"].pk)
    ).exists()
    status = client.get("/accounts/mfa/").content.decode()
    assert "9 / 10" in status


@freeze_time(T0)
def test_the_pending_sign_in_expires_after_five_minutes(world):
    secret, _codes = enrol(world.users["a_editor"])
    client = Client()
    password_step(client, "a_editor")
    with freeze_time(T0 + dt.timedelta(minutes=5, seconds=5)):
        response = client.post(
            "/accounts/login/code/",
            {"code": pyotp.TOTP(secret).now()},
            headers={"Referer": "http://testserver/accounts/login/code/"},
        )
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/code/"  # a GET, then the sign-in page
        again = client.get("/accounts/login/code/")
    assert again["Location"] == "/accounts/login/"
    shown = [str(m) for m in again.wsgi_request._messages]
    assert shown == [
        "Phiên xác thực đã hết hạn hoặc chưa đăng nhập. Hãy đăng nhập lại."
    ]  # not "nội dung chưa được gửi"
    assert not signed_in(client)


def test_code_page_without_a_password_step_sends_to_sign_in(world):
    response = Client().get("/accounts/login/code/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


@freeze_time(T0)
def test_wrong_codes_and_passwords_share_one_lock(world):
    assert settings.NGOAIVU_LOCKOUT_FAILURES == 5
    secret, _codes = enrol(world.users["a_editor"])
    for _i in range(3):
        assert password_step(Client(), "a_editor", "wrong-password-123").status_code == 400
    client = Client()
    assert password_step(client, "a_editor").status_code == 302  # the right password keeps the count
    assert client.post("/accounts/login/code/", {"code": "000001"}).status_code == 400
    locked = client.post("/accounts/login/code/", {"code": "000002"})  # the fifth failure locks
    assert locked.status_code == 400
    assert "tạm khóa" in locked.content.decode()
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"  # the half-way sign-in ended
    assert AccessEvent.objects.filter(kind="locked", username="a_editor").exists()
    assert (
        AccessEvent.objects.filter(
            kind="login_failed", username="a_editor", detail="wrong two-factor code"
        ).count()
        == 2
    )
    with freeze_time(T0 + dt.timedelta(seconds=30)):
        assert password_step(Client(), "a_editor").status_code == 400  # locked: even the right password
        assert token(Client(), "a_editor", otp=pyotp.TOTP(secret).now()).status_code == 401
    with freeze_time(T0 + dt.timedelta(minutes=16)):
        late = Client()
        assert password_step(late, "a_editor").status_code == 302
        assert late.post("/accounts/login/code/", {"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert LoginThrottle.objects.get(username_key="a_editor").failures == 0


@freeze_time(T0)
def test_knowing_the_password_gives_no_endless_code_guesses(world):
    enrol(world.users["a_editor"])
    for _round in range(3):  # password right, two wrong codes, again: the count keeps growing
        client = Client()
        password_step(client, "a_editor")
        client.post("/accounts/login/code/", {"code": "111111"})
        client.post("/accounts/login/code/", {"code": "222222"})
    assert LoginThrottle.objects.get(username_key="a_editor").locked_until is not None


@freeze_time(T0)
def test_token_endpoint_asks_for_the_code(world):
    secret, codes = enrol(world.users["a_editor"])
    missing = token(Client(), "a_editor")
    assert missing.status_code == 401
    assert missing.json()["type"] == "mfa_required"
    wrong = token(Client(), "a_editor", otp="000000")
    assert wrong.status_code == 401
    assert wrong.json()["type"] == "invalid_credentials"
    assert LoginThrottle.objects.get(username_key="a_editor").failures == 1
    with freeze_time(T0 + dt.timedelta(seconds=30)):
        ok = token(Client(), "a_editor", otp=pyotp.TOTP(secret).now())
    assert ok.status_code == 200
    assert ok.json()["token"]
    assert token(Client(), "a_editor", otp=codes[0]).status_code == 200
    assert token(Client(), "a_editor", otp=codes[0]).status_code == 401
    wrong_password = token(Client(), "a_editor", "nope-nope-nope", otp=codes[1])
    assert wrong_password.json()["type"] == "invalid_credentials"  # the password comes first
    assert token(Client(), "b_editor").status_code == 200  # no two-factor: unchanged


# --- required roles --------------------------------------------------------------------------------------------


def test_production_default_requires_admins_and_ministry_heads():
    env = {k: v for k, v in os.environ.items() if k != "NGOAIVU_MFA_REQUIRED_ROLES"}
    env.update(
        DJANGO_SETTINGS_MODULE="ngoaivu.config.settings",
        NGOAIVU_ENV_FILE="/nonexistent",
        NGOAIVU_SECRET_KEY="x" * 50,
        NGOAIVU_FIELD_KEYS="test-only-field-key-0123456789abcdefghijklmnop",
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.NGOAIVU_MFA_REQUIRED_ROLES)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == str(REQUIRED)


@override_settings(NGOAIVU_MFA_REQUIRED_ROLES=REQUIRED)
def test_required_roles(world):
    head = mofa_head()
    assert mfa_services.mfa_required(head)
    assert not mfa_services.mfa_required(world.users["a_editor"])  # a province's head: optional
    assert not mfa_services.mfa_required(world.users["ministry"])  # an officer of the ministry: optional


@override_settings(NGOAIVU_MFA_REQUIRED_ROLES=REQUIRED)
def test_a_required_user_is_gated_to_enrolment_on_pages_and_api(world):
    head = mofa_head()
    client = Client()
    assert password_step(client, "mofa_chief").status_code == 302
    assert signed_in(client)
    gated = client.get("/accounts/notifications/")
    assert gated.status_code == 302
    assert gated["Location"] == "/accounts/mfa/enrol/"
    api = client.get("/api/v1/ping")
    assert api.status_code == 403
    assert api.json()["type"] == "mfa_enrolment_required"
    assert client.get("/api/v1/me").status_code == 200
    raw = token(Client(), "mofa_chief").json()["token"]
    bearer = Client(headers={"Authorization": f"Bearer {raw}"})
    assert bearer.get("/api/v1/ping").json()["type"] == "mfa_enrolment_required"
    assert bearer.get("/api/v1/me").status_code == 200
    enrolment = client.get("/accounts/mfa/enrol/")
    assert enrolment.status_code == 200
    assert "bắt buộc xác thực hai lớp" in enrolment.content.decode()
    by_token = bearer.post("/api/v1/me/mfa")  # a token cannot enrol: the browser session does
    assert (by_token.status_code, by_token.json()["type"]) == (403, "session_required")
    assert "trang web" in bearer.get("/api/v1/ping").json()["detail"]
    # not under freeze_time: the session would look idle for months once the clock is back (one step of
    # tolerance either side makes a code computed now safe)
    secret = client.post("/api/v1/me/mfa").json()["secret"]
    confirmed = client.post(
        "/api/v1/me/mfa/confirm", {"code": pyotp.TOTP(secret).now()}, content_type="application/json"
    )
    assert confirmed.status_code == 200
    assert bearer.get("/api/v1/ping").status_code == 200
    assert client.get("/api/v1/ping").status_code == 200
    assert client.get("/accounts/notifications/").status_code == 200
    assert mfa_services.mfa_enabled(head)


# --- disable and reset -------------------------------------------------------------------------------------------


@freeze_time(T0)
def test_disable_needs_the_password_and_revokes_credentials(world):
    user = world.users["b_editor"]
    enrol(user)
    live = token(Client(), "b_editor", otp=fresh_recovery_code(user))
    assert live.status_code == 200
    client = world.client("b_editor")
    wrong = client.post("/accounts/mfa/disable/", {"password": "not-my-password"})
    assert wrong.status_code == 400
    assert "Mật khẩu không đúng" in wrong.content.decode()
    assert mfa_services.mfa_enabled(user)
    done = client.post("/accounts/mfa/disable/", {"password": PASSWORD})
    assert done.status_code == 302
    assert not mfa_services.mfa_enabled(user)
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="mfa.disable", target_id=str(user.pk)).exists()
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert client.get("/accounts/mfa/").status_code == 200  # this session is kept


def fresh_recovery_code(user: User) -> str:
    """A fresh recovery code of `user` (regenerated for the test)."""
    return mfa_services.recovery_codes_regenerate(actor=user, user=user, password=PASSWORD)[0]


@override_settings(NGOAIVU_MFA_REQUIRED_ROLES=REQUIRED)
@freeze_time(T0)
def test_required_roles_cannot_disable(world):
    head = mofa_head()
    enrol(head)
    client = Client()
    client.force_login(head)
    page = client.get("/accounts/mfa/disable/").content.decode()
    assert "không thể tắt" in page
    refused = client.post("/accounts/mfa/disable/", {"password": PASSWORD})
    assert refused.status_code == 400
    assert mfa_services.mfa_enabled(head)


@freeze_time(T0)
def test_regenerating_recovery_codes_replaces_the_old_ones(world):
    user = world.users["a_editor"]
    _secret, old = enrol(user)
    client = world.client("a_editor")
    assert client.post("/accounts/mfa/recovery/").status_code == 400  # the password is asked again
    page = client.post("/accounts/mfa/recovery/", {"password": PASSWORD})
    assert page.status_code == 200
    new = re.findall(r"<li><code>([a-z0-9-]{14})</code></li>", unescape(page.content.decode()))
    assert len(new) == 10
    assert not set(new) & set(old)
    assert not mfa_services.mfa_verify(user=user, code=old[0])
    assert mfa_services.mfa_verify(user=user, code=new[0])
    assert AuditEvent.objects.filter(action="mfa.recovery_regenerate").exists()


def test_regenerating_without_two_factor_is_not_found(world):
    assert world.client("a_editor").post("/accounts/mfa/recovery/").status_code == 404


@freeze_time(T0)
def test_reset_by_an_administrator_removes_device_and_codes(world):
    user = world.users["a_editor"]
    enrol(user)
    mfa_services.mfa_reset(actor=SystemActor("test-admin"), user=user)
    assert not TotpDevice.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action="mfa.reset")
    assert event.changes == {"mfa_enabled": [True, False]}
    client = Client()
    assert password_step(client, "a_editor").status_code == 302
    assert signed_in(client)  # no second step any more


# --- races (PostgreSQL: row locks between concurrent connections) -----------------------------------------------

PARALLEL = 8


def _in_parallel(work) -> list[object]:
    results: list[object] = []
    guard = threading.Lock()
    start = threading.Barrier(PARALLEL)

    def run(n: int) -> None:
        try:
            start.wait()
            outcome = work(n)
        except Exception as exc:
            outcome = exc
        finally:
            connection.close()
        with guard:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_code_sent_in_parallel_is_accepted_once(world):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: row locks between concurrent connections")
    user = world.users["a_editor"]
    with freeze_time(T0):
        secret, codes = enrol(user)
    with freeze_time(T0 + dt.timedelta(seconds=30)):
        code = pyotp.TOTP(secret).now()
        accepted = _in_parallel(lambda n: mfa_services.mfa_verify(user=user, code=code))
        assert accepted.count(True) == 1, accepted
        spent = _in_parallel(lambda n: mfa_services.mfa_verify(user=user, code=codes[0]))
        assert spent.count(True) == 1, spent


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_codes_are_compared_at_most_the_limit(world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: row locks between concurrent connections")
    from ngoaivu.accounts.services import auth as auth_services

    user = world.users["a_editor"]
    with freeze_time(T0):
        enrol(user)
    compared: list[str] = []
    real_verify = auth_services.mfa_verify

    def slow_verify(*, user, code):  # every attempt in flight at once
        compared.append(code)
        time.sleep(0.3)
        return real_verify(user=user, code=code)

    monkeypatch.setattr(auth_services, "mfa_verify", slow_verify)
    outcomes = _in_parallel(lambda n: auth_services.verify_code_with_lockout(None, user, f"{n:06d}"))
    assert all(isinstance(o, auth_services.InvalidCredentials) for o in outcomes), outcomes
    assert len(compared) <= settings.NGOAIVU_LOCKOUT_FAILURES
    assert LoginThrottle.objects.get(username_key="a_editor").locked_until is not None


@freeze_time(T0)
def test_the_code_step_keeps_only_a_safe_next_and_refuses_a_deactivated_user(world):
    secret, _codes = enrol(world.users["a_editor"])
    client = Client()
    password_step(client, "a_editor", next_url="https://evil.example/steal")
    with freeze_time(T0 + dt.timedelta(seconds=30)):
        done = client.post("/accounts/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert done["Location"] == "/"
    other = Client()
    password_step(other, "a_editor")
    User.objects.filter(username="a_editor").update(is_active=False)  # switched off between the two steps
    with freeze_time(T0 + dt.timedelta(seconds=60)):
        refused = other.post("/accounts/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert refused["Location"] == "/accounts/login/code/"
    assert not signed_in(other)


@freeze_time(T0)
def test_an_empty_code_is_refused_naming_the_field(world):
    enrol(world.users["a_editor"])
    client = Client()
    password_step(client, "a_editor")
    response = client.post("/accounts/login/code/", {"code": "  "})
    assert response.status_code == 400
    assert "Hãy nhập mã xác thực" in response.content.decode()
    assert not signed_in(client)
