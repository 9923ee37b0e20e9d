import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from ngoaivu.accounts.models import ApiToken
from ngoaivu.accounts.scope import scope_for
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def token(client, username, password):
    return client.post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json"
    )


def test_login_page_signs_in_and_redirects(world):
    client = Client()
    response = login(client, "a_editor", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AccessEvent.objects.filter(kind="login", username="a_editor").exists()


def test_same_message_for_unknown_user_and_wrong_password(world):
    unknown = login(Client(), "nobody-here", "whatever-password")
    wrong = login(Client(), "a_editor", "wrong-password-123")
    assert unknown.status_code == wrong.status_code == 400
    message = "Tên đăng nhập hoặc mật khẩu không đúng"
    assert message in unknown.content.decode()
    assert message in wrong.content.decode()
    api_unknown = token(Client(), "nobody-here", "x").json()
    api_wrong = token(Client(), "a_editor", "x").json()
    assert api_unknown["title"] == api_wrong["title"]


def test_lockout_counts_login_page_and_token_endpoint_together(world):
    client = Client()
    for _ in range(3):
        login(client, "a_editor", "wrong-password-123")
    for _ in range(2):
        assert token(client, "a_editor", "wrong").status_code == 401
    # Locked now: the right password is refused on both doors.
    assert login(Client(), "a_editor", PASSWORD).status_code == 400
    assert token(Client(), "a_editor", PASSWORD).status_code == 401
    assert AccessEvent.objects.filter(kind="locked", username="a_editor").exists()
    with freeze_time(timezone.now() + dt.timedelta(minutes=16)):
        assert login(Client(), "a_editor", PASSWORD).status_code == 302


def test_unknown_usernames_lock_too(world):
    for _ in range(5):
        login(Client(), "ghost", "x")
    assert AccessEvent.objects.filter(kind="locked", username="ghost").exists()


def test_bearer_token_me_and_revocation(world):
    raw = token(Client(), "x_officer", PASSWORD).json()["token"]
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    me = client.get("/api/v1/me").json()
    assert me["organisation_code"] == "cqdd-jp-tokyo"
    assert me["roles"] == ["officer"]
    stored = ApiToken.objects.get(user__username="x_officer")
    assert stored.key_hash != raw
    assert raw.startswith(stored.prefix)
    stored.revoked_at = timezone.now()
    stored.save()
    assert client.get("/api/v1/me").status_code == 401


def test_expired_token_is_refused(world):
    raw = token(Client(), "b_editor", PASSWORD).json()["token"]
    with freeze_time(timezone.now() + dt.timedelta(days=31)):
        assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me").status_code == 401


def test_session_idle_timeout_and_secure_defaults(settings, world):
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")  # test speed only
    from ngoaivu.config import settings as prod

    assert prod.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_csrf_is_enforced_for_session_writes(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["a_editor"])
    response = client.post(
        "/api/v1/partners", {"kind": "company", "name": "X", "country": "JP"}, content_type="application/json"
    )
    assert response.status_code in {401, 403}


def test_security_headers(world):
    response = world.client("a_editor").get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Request-ID"]


def test_scope_for_inactive_and_orgless(world):
    assert not scope_for(world.users["inactive"]).active
    assert not scope_for(world.users["noorg"]).active
    assert scope_for(world.users["ministry"]).is_national
    assert not scope_for(world.users["a_viewer"]).can_write


def test_tokens_page_creates_and_revokes_a_token(world):
    client = world.client("a_editor")
    expires_on = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        "/accounts/me/tokens/",
        {
            "form_key": client.get("/accounts/me/tokens/").context["form_key"],
            "name": "script",
            "expires_on": expires_on.isoformat(),
        },
    )
    assert "nv_" in response.content.decode()
    tok = ApiToken.objects.get(user=world.users["a_editor"], name="script")
    assert client.post(f"/accounts/tokens/{tok.pk}/revoke/").status_code == 302
    tok.refresh_from_db()
    assert tok.revoked_at is not None
    other = ApiToken.objects.create(
        user=world.users["b_editor"],
        prefix="nv_x",
        key_hash="0" * 64,
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    assert client.post(f"/accounts/tokens/{other.pk}/revoke/").status_code == 404


def test_language_switch_is_remembered(world):
    client = world.client("a_editor")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
    world.users["a_editor"].refresh_from_db()
    assert world.users["a_editor"].language == "en"


def test_vietnamese_by_default_whatever_the_browser_says(world):
    page = Client(headers={"Accept-Language": "en-US,en;q=0.9"}).get("/accounts/login/").content.decode()
    assert '<html lang="vi">' in page
    api = Client(headers={"Accept-Language": "en"}).get("/api/v1/me").json()
    assert api["title"] == "Not authenticated"
    assert Client().get("/api/v1/me").json()["title"] == "Chưa xác thực"


def test_reloading_the_page_of_a_new_token_creates_no_second_token(world):
    """The walk: F5 on the answer that shows a new token posted the form again and made a second token of the
    same name. The form's one-time key is spent by the first post."""
    client = world.client("a_editor")
    data = {
        "form_key": client.get("/accounts/me/tokens/").context["form_key"],
        "name": "Báo cáo Excel tự động",
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    first = client.post("/accounts/me/tokens/", data)
    assert first.status_code == 200
    assert first.context["new_token"]
    again = client.post("/accounts/me/tokens/", data)
    assert again.status_code == 302
    assert ApiToken.objects.filter(user=world.users["a_editor"], name="Báo cáo Excel tự động").count() == 1
