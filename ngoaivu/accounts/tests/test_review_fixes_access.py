"""Regression tests for the review of issue 19 (access): a required password change holds on the API too, a
Bearer token cannot mint tokens nor enrol an authenticator, an administrator's two-factor reset revokes
credentials, password guesses on the disable form count toward the lock, OpenID Connect refuses PS* at start
and a key problem is a refusal, and lone surrogates in any text field never reach the database."""

from __future__ import annotations

import json
import re

import pyotp
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from ngoaivu.accounts import services
from ngoaivu.accounts.models import ApiToken, LoginThrottle, RecoveryCode, Role, TotpDevice, User
from ngoaivu.accounts.services import mfa as mfa_services
from ngoaivu.accounts.services import tokens as token_services
from ngoaivu.audit.services import SystemActor
from ngoaivu.config.oidc import oidc_settings
from ngoaivu.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor("test")


def person(world, username: str, roles: list[str]) -> User:
    return services.user_create(
        actor=SYSTEM,
        username=username,
        password=PASSWORD,
        organisation=world.orgs["A"],
        roles=roles,
        full_name=username,
        email=f"{username}@example.invalid",
        check_password=False,
    )


def api(client: Client, method: str, url: str, body: object = None, **extra):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data, content_type="application/json", **extra)


def enrol(user: User) -> str:
    _device, secret, _uri = mfa_services.mfa_enrol_start(actor=user, user=user)
    mfa_services.mfa_enrol_confirm(actor=user, user=user, code=pyotp.TOTP(secret).now())
    return secret


# --- a required password change holds on the API ------------------------------------------------------------


def test_required_password_change_gates_the_session_api_and_the_token_endpoint(world):
    admin = person(world, "fx_admin", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD])
    victim = person(world, "fx_victim", [Role.OFFICER])
    services.user_require_password_change(actor=admin, user=victim)
    client = Client()
    assert client.post("/accounts/login/", {"username": "fx_victim", "password": PASSWORD}).status_code == 302
    for method, url in (
        ("GET", "/api/v1/me/tokens"),
        ("GET", "/api/v1/delegations"),
        ("POST", "/api/v1/me/mfa"),
    ):
        answer = api(client, method, url)
        assert answer.status_code == 403, (method, url)
        assert answer.json()["type"] == "password_change_required"
        assert "đổi mật khẩu" in answer.json()["detail"]
    assert client.get("/api/v1/me").status_code == 200
    minted = api(Client(), "POST", "/api/v1/auth/token", {"username": "fx_victim", "password": PASSWORD})
    assert (minted.status_code, minted.json()["type"]) == (403, "password_change_required")
    assert not ApiToken.objects.filter(user=victim).exists()
    wrong = api(Client(), "POST", "/api/v1/auth/token", {"username": "fx_victim", "password": "not-it"})
    assert wrong.status_code == 401  # without the password nothing tells that a change is required


def test_required_password_change_gates_an_existing_bearer_until_changed(world):
    admin = person(world, "fx_admin2", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD])
    victim = person(world, "fx_victim2", [Role.OFFICER])
    _token, raw = services.api_token_create(actor=victim, user=victim, name="script")
    services.user_require_password_change(actor=admin, user=victim)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    refused = api(Client(), "GET", "/api/v1/delegations", **bearer)
    assert (refused.status_code, refused.json()["type"]) == (403, "password_change_required")
    assert api(Client(), "GET", "/api/v1/me", **bearer).status_code == 200
    User.objects.filter(pk=victim.pk).update(must_change_password=False)  # as password_change does
    assert api(Client(), "GET", "/api/v1/delegations", **bearer).status_code == 200


# --- a Bearer token cannot mint tokens, enrol two-factor or make a calendar feed --------------------------------


def test_a_bearer_token_cannot_mint_tokens_enrol_or_make_a_feed(world):
    victim = person(world, "fx_officer", [Role.OFFICER])
    _token, raw = services.api_token_create(actor=victim, user=victim, name="script", days=1)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    for url, body in (
        ("/api/v1/me/tokens", {"name": "x", "expires_in_days": 365}),
        ("/api/v1/me/mfa", None),
        ("/api/v1/me/mfa/confirm", {"code": "123456"}),
        ("/api/v1/me/calendar-feed", None),
    ):
        answer = api(Client(), "POST", url, body, **bearer)
        assert (answer.status_code, answer.json()["type"]) == (403, "session_required"), url
        assert "trang web" in answer.json()["detail"]
    assert ApiToken.objects.filter(user=victim).count() == 1
    assert not TotpDevice.objects.filter(user=victim).exists()
    assert User.objects.get(pk=victim.pk).calendar_token_hash is None
    # the same operations from the browser session, and the password-based token endpoint, still work
    session = Client()
    session.force_login(victim)
    assert api(session, "POST", "/api/v1/me/tokens", {"name": "y", "expires_in_days": 30}).status_code == 201
    assert api(session, "POST", "/api/v1/me/calendar-feed").status_code == 201
    assert api(session, "POST", "/api/v1/me/mfa").status_code == 200
    minted = api(Client(), "POST", "/api/v1/auth/token", {"username": "fx_officer", "password": PASSWORD})
    assert minted.status_code == 200
    assert api(Client(), "GET", "/api/v1/me/tokens", **bearer).status_code == 200  # reading stays open


def test_a_session_api_call_still_needs_csrf(world):
    victim = person(world, "fx_csrf", [Role.OFFICER])
    client = Client(enforce_csrf_checks=True)
    client.force_login(victim)
    assert api(client, "POST", "/api/v1/me/tokens", {"name": "x"}).status_code in (401, 403)
    assert not ApiToken.objects.filter(user=victim).exists()


# --- an administrator's two-factor reset ends sessions and tokens ----------------------------------------------


def test_admin_mfa_reset_revokes_tokens_and_sessions(world):
    admin = person(world, "fx_admin3", [Role.ORG_ADMIN, Role.OFFICER, Role.HEAD])
    user = person(world, "fx_phone_lost", [Role.OFFICER])
    enrol(user)
    _token, raw = token_services.api_token_create(actor=user, user=user, name="s")
    browser = Client()
    browser.force_login(user)
    assert browser.get("/api/v1/me").status_code == 200
    services.user_mfa_reset(actor=admin, user=user)
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert ApiToken.objects.get(user=user).revoked_reason == "mfa_reset"
    assert browser.get("/api/v1/me").status_code == 401
    assert not TotpDevice.objects.filter(user=user).exists()


# --- password guesses on the disable form count toward the lock ------------------------------------------------


def test_disable_form_password_guesses_lock_the_account(world):
    user = person(world, "fx_guess", [Role.OFFICER])
    enrol(user)
    client = Client()
    client.force_login(user)
    for i in range(settings.NGOAIVU_LOCKOUT_FAILURES):
        assert client.post("/accounts/mfa/disable/", {"password": f"guess-{i}"}).status_code == 400
    locked = client.post("/accounts/mfa/disable/", {"password": PASSWORD})
    assert locked.status_code == 400
    assert "tạm khóa" in locked.content.decode()
    assert TotpDevice.objects.filter(user=user).exists()
    # the lock is the sign-in lock: the right password on the sign-in page is refused too
    assert LoginThrottle.objects.get(username_key="fx_guess").locked_until is not None
    other = Client()
    assert other.post("/accounts/login/", {"username": "fx_guess", "password": PASSWORD}).status_code != 302
    assert "_auth_user_id" not in other.session


def test_disable_form_right_password_clears_the_count(world):
    user = person(world, "fx_right", [Role.OFFICER])
    enrol(user)
    client = Client()
    client.force_login(user)
    for i in range(settings.NGOAIVU_LOCKOUT_FAILURES - 1):
        assert client.post("/accounts/mfa/disable/", {"password": f"guess-{i}"}).status_code == 400
    assert client.post("/accounts/mfa/disable/", {"password": PASSWORD}).status_code == 302
    assert not TotpDevice.objects.filter(user=user).exists()
    assert LoginThrottle.objects.get(username_key="fx_right").failures == 0


def test_recovery_code_regeneration_asks_for_the_password_under_the_lock(world):
    user = person(world, "fx_regen", [Role.OFFICER])
    enrol(user)
    before = set(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    client = Client()
    client.force_login(user)
    for i in range(settings.NGOAIVU_LOCKOUT_FAILURES):
        wrong = client.post("/accounts/mfa/recovery/", {"password": f"guess-{i}"})
        assert wrong.status_code == 400
        assert "Mật khẩu" in wrong.content.decode()
    locked = client.post("/accounts/mfa/recovery/", {"password": PASSWORD})
    assert locked.status_code == 400
    assert "tạm khóa" in locked.content.decode()
    assert set(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True)) == before
    LoginThrottle.objects.filter(username_key="fx_regen").update(locked_until=None, failures=0)
    assert client.post("/accounts/mfa/recovery/", {"password": PASSWORD}).status_code == 200
    assert not set(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True)) & before


# --- OpenID Connect: only algorithms whose key comes from the JWKS ---------------------------------------------

OIDC_ENV = {
    "NGOAIVU_OIDC_ISSUER": "https://id.example.invalid",
    "NGOAIVU_OIDC_CLIENT_ID": "ngoaivu",
    "NGOAIVU_OIDC_CLIENT_SECRET": "secret",
    "NGOAIVU_OIDC_AUTHORIZATION_ENDPOINT": "https://id.example.invalid/auth",
    "NGOAIVU_OIDC_TOKEN_ENDPOINT": "https://id.example.invalid/token",
    "NGOAIVU_OIDC_USERINFO_ENDPOINT": "https://id.example.invalid/userinfo",
    "NGOAIVU_OIDC_JWKS_ENDPOINT": "https://id.example.invalid/jwks",
}


@pytest.mark.parametrize("algorithm", ["PS256", "PS384", "PS512", "HS256", "none"])
def test_oidc_refuses_algorithms_without_a_jwks_key_at_start(algorithm):
    with pytest.raises(ImproperlyConfigured, match="NGOAIVU_OIDC_SIGN_ALGO"):
        oidc_settings({**OIDC_ENV, "NGOAIVU_OIDC_SIGN_ALGO": algorithm}, local=False)


@pytest.mark.parametrize("algorithm", ["RS256", "RS512", "ES256"])
def test_oidc_accepts_rs_and_es(algorithm):
    assert oidc_settings({**OIDC_ENV, "NGOAIVU_OIDC_SIGN_ALGO": algorithm}, local=False)[
        "OIDC_RP_SIGN_ALGO"
    ] == (algorithm)


def test_oidc_key_problem_is_a_refusal_not_a_500(world, monkeypatch):
    """Any PyJWT error (a JWKS without a usable key raises PyJWKClientError, not InvalidTokenError)."""
    import jwt
    from mozilla_django_oidc.auth import OIDCAuthenticationBackend

    from ngoaivu.accounts.oidc import OIDCBackend, SignInRefused

    def broken(self, *args, **kwargs):
        raise jwt.PyJWKClientError("no key matches the token")

    monkeypatch.setattr(OIDCAuthenticationBackend, "authenticate", broken)
    request = Client().get("/").wsgi_request
    with override_settings(**oidc_settings(OIDC_ENV, local=False)), pytest.raises(SignInRefused):
        OIDCBackend().authenticate(request, code="c", state="s", nonce="n")


# --- lone surrogates never reach the database ------------------------------------------------------------------


def test_lone_surrogates_in_optional_fields_are_stripped_not_a_500(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["a_editor"])
    partner = world.partner("A")
    patched = client.patch(
        f"/api/v1/partners/{partner.pk}",
        json.dumps({"sector": "ok\ud800"}),
        content_type="application/json",
        HTTP_IF_MATCH=f'"{partner.version}"',
    )
    assert patched.status_code == 200, patched.content[:300]
    partner.refresh_from_db()
    assert partner.sector == "ok"
    created = api(client, "POST", "/api/v1/partners", {"kind": "company", "name": "\ud800", "country": "JP"})
    assert created.status_code == 422  # an empty name once the surrogate is gone: refused naming the field
    assert any(e["field"] == "name" for e in created.json()["errors"])
    token = api(client, "POST", "/api/v1/me/tokens", {"name": "t\udfff"})
    assert token.status_code == 201
    assert ApiToken.objects.filter(name="t").exists()


def test_clean_text_strips_surrogates():
    from ngoaivu.core.text import clean_line, clean_text

    assert clean_text("a\ud800b\udfff") == "ab"
    assert clean_line("x\udbff\ny") == "x y"
    assert re.fullmatch(r"[^\ud800-\udfff]*", clean_text("\ud83d\ude00"))  # a broken pair is gone too
