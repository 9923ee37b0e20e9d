"""Single sign-on (OpenID Connect) against a provider started by the test (core/testing/oidc_provider.py): the
whole browser round trip with Django's test client, and every way the answer must be refused."""

from __future__ import annotations

import datetime as dt
import time
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.utils import timezone

from ngoaivu.accounts.models import LoginThrottle, TotpDevice, User
from ngoaivu.accounts.oidc import accounts_with_email, email_is_verified, email_key
from ngoaivu.audit.models import AccessEvent
from ngoaivu.config.oidc import oidc_settings
from ngoaivu.core.testing.oidc_provider import DROP, OIDCProvider, new_key
from ngoaivu.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db

ADDRESS = "An.Nguyen@DaNang.gov.vn"


@pytest.fixture
def provider():
    with OIDCProvider() as running, override_settings(**running.django_settings()):
        running.identity = {"sub": "dir-0042", "email": "an.nguyen@danang.gov.vn", "email_verified": True}
        yield running


@pytest.fixture
def an(world):
    """a_editor of province A, known to the directory by e-mail."""
    user = world.users["a_editor"]
    User.objects.filter(pk=user.pk).update(email=ADDRESS)
    user.refresh_from_db()
    return user


def session_key(client: Client) -> str | None:
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie is not None else None


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def refusal_page(client: Client, response) -> str:
    """A refusal comes back to the sign-in page, which says why."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == "/accounts/login/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def last_access(kind: str) -> AccessEvent:
    event = AccessEvent.objects.filter(kind=kind).order_by("-pk").first()
    assert event is not None, f"no {kind} in the access log"
    return event


# --- switched off --------------------------------------------------------------------------------------------


def test_off_by_default_routes_answer_404_and_no_button(world):
    assert settings.NGOAIVU_OIDC_ENABLED is False
    assert settings.AUTHENTICATION_BACKENDS == ["django.contrib.auth.backends.ModelBackend"]
    client = Client()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    page = client.get("/accounts/login/").content.decode()
    assert "Đăng nhập bằng tài khoản" not in page
    assert "/oidc/" not in page


def test_settings_from_the_environment():
    assert oidc_settings({}, local=False) == {"NGOAIVU_OIDC_ENABLED": False, "NGOAIVU_OIDC_LABEL": ""}
    env = {
        "NGOAIVU_OIDC_ISSUER": "https://sso.danang.gov.vn/realms/tinh",
        "NGOAIVU_OIDC_CLIENT_ID": "ngoaivu",
        "NGOAIVU_OIDC_CLIENT_SECRET": "s3cret",
        "NGOAIVU_OIDC_AUTHORIZATION_ENDPOINT": "https://sso.danang.gov.vn/auth",
        "NGOAIVU_OIDC_TOKEN_ENDPOINT": "https://sso.danang.gov.vn/token",
        "NGOAIVU_OIDC_USERINFO_ENDPOINT": "https://sso.danang.gov.vn/userinfo",
        "NGOAIVU_OIDC_JWKS_ENDPOINT": "https://sso.danang.gov.vn/certs",
    }
    on = oidc_settings(env, local=False)
    assert on["NGOAIVU_OIDC_ENABLED"] is True
    assert on["OIDC_RP_CLIENT_ID"] == "ngoaivu"
    assert on["OIDC_OP_USER_ENDPOINT"] == "https://sso.danang.gov.vn/userinfo"
    assert on["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert on["OIDC_CREATE_USER"] is False
    assert on["OIDC_USE_PKCE"] is True
    assert on["NGOAIVU_OIDC_LABEL"] == "của cơ quan"
    assert oidc_settings({**env, "NGOAIVU_OIDC_LABEL": "Sở Nội vụ"}, local=False)["NGOAIVU_OIDC_LABEL"] == (
        "Sở Nội vụ"
    )
    half = {k: v for k, v in env.items() if k != "NGOAIVU_OIDC_JWKS_ENDPOINT"}
    with pytest.raises(ImproperlyConfigured, match="NGOAIVU_OIDC_JWKS_ENDPOINT"):
        oidc_settings(half, local=False)
    plain = {**env, "NGOAIVU_OIDC_TOKEN_ENDPOINT": "http://sso.danang.gov.vn/token"}
    with pytest.raises(ImproperlyConfigured, match="NGOAIVU_OIDC_TOKEN_ENDPOINT"):
        oidc_settings(plain, local=False)
    assert oidc_settings(plain, local=True)["NGOAIVU_OIDC_ENABLED"] is True
    with pytest.raises(ImproperlyConfigured, match="HS256"):
        oidc_settings({**env, "NGOAIVU_OIDC_SIGN_ALGO": "HS256"}, local=False)


def test_email_comparison_is_case_folded_and_nfc_but_keeps_diacritics():
    assert email_key(" An.Nguyen@DaNang.GOV.vn ") == "an.nguyen@danang.gov.vn"
    assert email_key("nguye\u0302\u0303n@x.vn") == email_key("NGUYỄN@X.VN")  # NFD and upper case
    assert email_key("nguyễn@x.vn") != email_key("nguyen@x.vn")
    assert email_key(None) == email_key(42) == ""
    assert email_is_verified({"email": "a@b.vn"})  # a provider that never says
    assert email_is_verified({"email_verified": True})
    assert email_is_verified({"email_verified": "true"})
    assert not email_is_verified({"email_verified": False})
    assert not email_is_verified({"email_verified": "false"})
    assert not email_is_verified({"email_verified": None})


# --- the round trip ------------------------------------------------------------------------------------------


def test_the_button_on_the_sign_in_page_carries_next(provider, world):
    page = Client().get("/accounts/login/?next=/directory/partners/").content.decode()
    assert "Đăng nhập bằng tài khoản Sở Nội vụ thử nghiệm" in page
    assert 'href="/oidc/authenticate/?next=/directory/partners/"' in page


def test_a_verified_email_signs_in_its_one_account_on_a_new_session_key(provider, an):
    provider.identity.update({"name": "Người Khác", "roles": ["site_admin"], "organisation": "mofa"})
    users_before = User.objects.count()
    roles_before = set(an.roles.values_list("code", flat=True))
    client = Client()
    first = client.get("/oidc/authenticate/?next=/directory/partners/")
    assert first.status_code == 302
    sent = parse_qs(urlsplit(first["Location"]).query)
    assert sent["client_id"] == [provider.client_id]
    assert sent["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert sent["code_challenge_method"] == ["S256"]
    assert sent["nonce"]
    assert sent["state"]
    before = session_key(client)
    back = urlsplit(provider.authorize(first["Location"]))
    assert back.path == "/oidc/callback/"
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 302
    assert response["Location"] == "/directory/partners/"
    assert signed_in_user_id(client) == an.pk
    assert session_key(client) not in {None, before}  # rotated at sign-in
    assert client.get("/directory/partners/").status_code == 200
    assert provider.token_requests[-1]["code_verifier"]  # PKCE
    event = last_access(AccessEvent.Kind.LOGIN)
    assert (event.user_id, event.detail) == (an.pk, "oidc")
    an.refresh_from_db()
    assert User.objects.count() == users_before
    assert an.full_name != "Người Khác"
    assert set(an.roles.values_list("code", flat=True)) == roles_before  # nothing taken from the provider
    assert not an.is_superuser


def test_an_unsafe_next_goes_home(provider, an):
    client = Client()
    response = provider.sign_in(client, "/oidc/authenticate/?next=https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == an.pk


def test_no_email_verified_claim_is_believed(provider, an):
    del provider.identity["email_verified"]
    client = Client()
    assert provider.sign_in(client).status_code == 302
    assert signed_in_user_id(client) == an.pk


def test_a_deactivated_account_loses_the_session_opened_through_the_provider(provider, an):
    client = Client()
    provider.sign_in(client)
    assert client.get("/directory/partners/").status_code == 200
    User.objects.filter(pk=an.pk).update(is_active=False)
    response = client.get("/directory/partners/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_two_factor_still_asks_for_the_code(provider, an):
    secret = pyotp.random_base32()
    TotpDevice.objects.create(user=an, secret=secret, confirmed_at=timezone.now())
    client = Client()
    response = provider.sign_in(client, "/oidc/authenticate/?next=/directory/partners/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/"
    assert signed_in_user_id(client) is None  # not yet
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.LOGIN, user_id=an.pk).exists()
    assert client.get("/directory/partners/").status_code == 302
    before = session_key(client)
    code = pyotp.TOTP(secret).at(time.time())
    done = client.post("/accounts/login/code/", {"code": code})
    assert done.status_code == 302
    assert done["Location"] == "/directory/partners/"
    assert signed_in_user_id(client) == an.pk
    assert session_key(client) != before
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.LOGIN, user_id=an.pk).count() == 1


def test_a_role_that_requires_two_factor_is_led_to_enrolment(provider, an):
    client = Client()
    with override_settings(NGOAIVU_MFA_REQUIRED_ROLES=["head"]):  # a_editor is a head of province A
        assert provider.sign_in(client).status_code == 302
        assert signed_in_user_id(client) == an.pk
        response = client.get("/directory/partners/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/mfa/enrol/"


def test_the_password_plays_no_part_but_a_required_change_comes_first(provider, an):
    an.set_unusable_password()  # invited, no password set yet
    an.must_change_password = True
    an.save(update_fields=["password", "must_change_password"])
    LoginThrottle.objects.create(
        username_key="a_editor", locked_until=timezone.now() + dt.timedelta(minutes=10)
    )
    client = Client()
    assert provider.sign_in(client).status_code == 302
    assert signed_in_user_id(client) == an.pk
    response = client.get("/directory/partners/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/"


def test_turning_it_off_ends_the_sessions_opened_through_the_provider(provider, an):
    through_provider, with_password = Client(), Client()
    provider.sign_in(through_provider)
    assert (
        with_password.post("/accounts/login/", {"username": "a_editor", "password": PASSWORD}).status_code
        == 302
    )
    with override_settings(
        NGOAIVU_OIDC_ENABLED=False, AUTHENTICATION_BACKENDS=["django.contrib.auth.backends.ModelBackend"]
    ):
        assert through_provider.get("/directory/partners/").status_code == 302
        assert with_password.get("/directory/partners/").status_code == 200
        assert "Đăng nhập bằng tài khoản" not in Client().get("/accounts/login/").content.decode()


# --- refusals ------------------------------------------------------------------------------------------------


def assert_refused(client: Client, response, says: str, detail: str) -> None:
    assert says in refusal_page(client, response)
    assert signed_in_user_id(client) is None
    event = last_access(AccessEvent.Kind.LOGIN_FAILED)
    assert event.detail.startswith(f"oidc: {detail}"), event.detail
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.LOGIN, detail="oidc").exists()


def test_an_unknown_email_is_refused_and_no_account_is_made(provider, an):
    provider.identity["email"] = "chua.co@danang.gov.vn"
    users_before = User.objects.count()
    client = Client()
    response = provider.sign_in(client)
    assert_refused(
        client,
        response,
        "Không có tài khoản nào trong hệ thống mang địa chỉ thư điện tử chua.co@danang.gov.vn",
        "no account",
    )
    assert User.objects.count() == users_before
    assert last_access(AccessEvent.Kind.LOGIN_FAILED).username == "chua.co@danang.gov.vn"


def test_an_address_stored_in_capitals_and_decomposed_still_matches(provider, world):
    user = world.users["a_viewer"]
    # NFD (e + combining marks) in capitals, as an old import might have stored it
    User.objects.filter(pk=user.pk).update(email="NGUYE\u0302\u0303N.AN@DANANG.GOV.VN")
    provider.identity["email"] = "nguyễn.an@danang.gov.vn"
    client = Client()
    assert provider.sign_in(client).status_code == 302
    assert signed_in_user_id(client) == user.pk


def test_two_accounts_with_the_address_are_refused(provider, an, world):
    # the same address written differently (capitals): still the same mailbox
    other = world.users["a_viewer"]
    User.objects.filter(pk=other.pk).update(email="AN.NGUYEN@danang.gov.vn")
    assert len(accounts_with_email("an.nguyen@danang.gov.vn")) == 2
    client = Client()
    response = provider.sign_in(client)
    assert_refused(client, response, "Có 2 tài khoản cùng địa chỉ thư điện tử", "2 active accounts")


def test_an_inactive_account_is_refused(provider, world):
    User.objects.filter(username="inactive").update(email=ADDRESS)
    client = Client()
    response = provider.sign_in(client)
    assert_refused(client, response, "đã bị khóa", "account deactivated")


def test_an_inactive_namesake_does_not_block_the_active_account(provider, an, world):
    User.objects.filter(username="inactive").update(email=ADDRESS.upper())
    client = Client()
    assert provider.sign_in(client).status_code == 302
    assert signed_in_user_id(client) == an.pk


@pytest.mark.parametrize("verified", [False, "false", None])
def test_an_unverified_email_is_refused(provider, an, verified):
    provider.identity["email_verified"] = verified
    client = Client()
    response = provider.sign_in(client)
    assert_refused(client, response, "chưa xác minh địa chỉ thư điện tử", "e-mail not verified")


def test_the_address_may_come_in_the_id_token_alone(provider, an):
    provider.id_token_overrides = {"email": "an.nguyen@danang.gov.vn", "email_verified": True}
    provider.userinfo_overrides = {"email": DROP, "email_verified": DROP}
    client = Client()
    assert provider.sign_in(client).status_code == 302
    assert signed_in_user_id(client) == an.pk


def test_an_id_token_saying_unverified_is_heard_when_userinfo_is_silent(provider, an):
    provider.id_token_overrides = {"email_verified": False}
    provider.userinfo_overrides = {"email_verified": DROP}
    client = Client()
    response = provider.sign_in(client)
    assert_refused(client, response, "chưa xác minh địa chỉ thư điện tử", "e-mail not verified")


def test_no_email_at_all_is_refused(provider, an):
    del provider.identity["email"]
    client = Client()
    response = provider.sign_in(client)
    assert_refused(client, response, "không cho biết địa chỉ thư điện tử", "no e-mail claim")


def test_an_id_token_signed_with_another_key_is_refused(provider, an):
    provider.signing_key = new_key()  # same kid, same algorithm, not the published key
    client = Client()
    response = provider.sign_in(client)
    assert_refused(client, response, "Không xác minh được thông tin đăng nhập", "token refused")


@pytest.mark.parametrize(
    "overrides",
    [
        {"aud": "another-application"},
        {"iss": "https://another-issuer.example"},
        {"exp": int(time.time()) - 3600},
        {"exp": DROP},
        {"nonce": "not-the-session-nonce"},
        {"nonce": DROP},
        {"iss": DROP},
    ],
    ids=["audience", "issuer", "expired", "no-exp", "nonce", "no-nonce", "no-iss"],
)
def test_a_wrong_id_token_is_refused(provider, an, overrides):
    provider.id_token_overrides = overrides
    client = Client()
    response = provider.sign_in(client)
    assert_refused(client, response, "Không xác minh được thông tin đăng nhập", "token refused")


def test_userinfo_about_another_subject_is_refused(provider, an):
    provider.userinfo_overrides = {"sub": "someone-else"}
    client = Client()
    response = provider.sign_in(client)
    assert_refused(client, response, "Không xác minh được thông tin đăng nhập", "userinfo is about another")


def test_a_cancelled_sign_in_comes_back_with_a_message(provider, an):
    provider.deny = True
    client = Client()
    response = provider.sign_in(client)
    assert_refused(client, response, "không xác nhận việc đăng nhập", "the provider answered 'access_denied'")


def test_a_refusal_keeps_where_the_person_was_going(provider, an):
    provider.identity["email"] = "chua.co@danang.gov.vn"
    client = Client()
    response = provider.sign_in(client, "/oidc/authenticate/?next=/directory/partners/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fdirectory%2Fpartners%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Không có tài khoản nào" in page
    assert 'href="/oidc/authenticate/?next=/directory/partners/"' in page
    assert client.post(response["Location"], {"username": "a_editor", "password": PASSWORD})["Location"] == (
        "/directory/partners/"
    )


def test_a_callback_replayed_or_from_another_browser_is_refused(provider, an):
    client = Client()
    first = client.get("/oidc/authenticate/")
    back = urlsplit(provider.authorize(first["Location"]))
    callback = f"{back.path}?{back.query}"
    stranger = Client()  # a stolen callback address: its state is not in this browser's session
    assert_refused(
        stranger, stranger.get(callback), "đã hết hạn hoặc đã được dùng", "unknown or expired state"
    )
    assert client.get(callback).status_code == 302
    assert signed_in_user_id(client) == an.pk
    response = client.get(callback)  # the state is spent
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_an_unreachable_provider_is_refused_with_a_message(provider, an):
    client = Client()
    first = client.get("/oidc/authenticate/")
    back = urlsplit(provider.authorize(first["Location"]))
    with override_settings(OIDC_OP_TOKEN_ENDPOINT="http://127.0.0.1:9/token", OIDC_TIMEOUT=2):
        response = client.get(f"{back.path}?{back.query}")
    assert_refused(
        client, response, "Không liên lạc được với hệ thống đăng nhập một lần", "provider unreachable"
    )


def test_a_wrong_client_secret_is_refused(provider, an):
    client = Client()
    with override_settings(OIDC_RP_CLIENT_SECRET="not-the-secret"):
        response = provider.sign_in(client)
    assert_refused(
        client, response, "Không liên lạc được với hệ thống đăng nhập một lần", "provider unreachable"
    )


def test_a_password_sign_in_never_spends_a_code_from_its_address(provider, an):
    client = Client()
    response = client.post(
        "/accounts/login/?code=stolen&state=x", {"username": "a_editor", "password": "wrong-password-1"}
    )
    assert response.status_code == 400
    assert provider.token_requests == []
    assert signed_in_user_id(client) is None
    assert (
        Client().post("/accounts/login/", {"username": "a_editor", "password": PASSWORD}).status_code == 302
    )


def test_refusals_count_toward_the_address_sign_in_limit(provider, an):
    provider.identity["email"] = "chua.co@danang.gov.vn"
    client = Client()
    with override_settings(NGOAIVU_RATE_LIMIT_SIGNIN="2/minute"):
        for _attempt in range(2):
            assert "Không có tài khoản nào" in refusal_page(client, provider.sign_in(client))
        calls = len(provider.token_requests)
        provider.identity["email"] = ADDRESS  # even the right person waits: the address is limited
        page = refusal_page(client, provider.sign_in(client))
    assert "Quá nhiều lần đăng nhập không thành công từ địa chỉ này" in page
    assert len(provider.token_requests) == calls  # the provider was not even asked
    assert signed_in_user_id(client) is None
    assert last_access(AccessEvent.Kind.DENIED).detail == "oidc: sign-in rate limit"


def test_a_match_gives_its_attempt_back(provider, an):
    with override_settings(NGOAIVU_RATE_LIMIT_SIGNIN="2/minute"):
        for _attempt in range(3):
            client = Client()
            assert provider.sign_in(client)["Location"] == "/"
            assert signed_in_user_id(client) == an.pk


def test_a_bare_callback_is_refused_with_a_message_not_an_error_page(provider, world):
    client = Client()
    response = client.get("/oidc/callback/")
    assert_refused(client, response, "đã hết hạn hoặc đã được dùng", "unknown or expired state")
    assert client.post("/oidc/callback/").status_code == 405


def test_a_provider_error_does_not_sign_out_whoever_is_signed_in(provider, an):
    client = Client()
    assert client.post("/accounts/login/", {"username": "a_editor", "password": PASSWORD}).status_code == 302
    response = client.get("/oidc/callback/?error=access_denied&state=planted")
    assert response["Location"] == "/accounts/login/"
    assert signed_in_user_id(client) == an.pk  # a link planted elsewhere cannot sign anyone out


def test_signing_in_through_the_provider_replaces_another_signed_in_account(provider, an, world):
    client = Client()
    assert client.post("/accounts/login/", {"username": "a_viewer", "password": PASSWORD}).status_code == 302
    before = session_key(client)
    assert provider.sign_in(client).status_code == 302
    assert signed_in_user_id(client) == an.pk
    assert session_key(client) != before


def test_on_without_its_backend_refuses_instead_of_failing(provider, an):
    client = Client()
    with override_settings(AUTHENTICATION_BACKENDS=["django.contrib.auth.backends.ModelBackend"]):
        response = provider.sign_in(client)
    assert_refused(client, response, "Không xác minh được thông tin đăng nhập", "no backend")
