"""Single sign-on (OpenID Connect): the province's directory vouches for an e-mail address, ngoaivu decides who
that is.

mozilla-django-oidc runs the authorisation-code flow (state, nonce, PKCE, the token exchange, the JWKS check of
the ID token's signature). This backend narrows it: the ID token's issuer, audience and expiry are checked too
(the library checks only the signature and nonce), the userinfo `sub` must be the ID token's, and the verified
e-mail must belong to exactly one active account. Nothing is taken from the provider (no account created, no
name, role or organisation copied): accounts and roles stay with the organisation's administrators. A refusal
raises `SignInRefused` (a Vietnamese message for the sign-in page), is written to the access log as
LOGIN_FAILED "oidc: …" and counts toward the address's sign-in limit; a match is written as LOGIN "oidc" (for a
person with two-factor sign-in, once the code is right, by the second step). Off unless `NGOAIVU_OIDC_ENABLED`.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ngoaivu.accounts.models import User
from ngoaivu.accounts.services.auth import _signin_rate_key, signin_limited_message
from ngoaivu.accounts.services.mfa import mfa_enabled
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core import context, ratelimit
from ngoaivu.core.text import clean_text

LOGGER = logging.getLogger(__name__)
CLOCK_SKEW_SECONDS = 60  # the provider's clock and ours may differ a little


class SignInRefused(Exception):
    """The provider's answer leads to no single active account. `message` is for the person, `detail` (after
    "oidc: ") for the access log."""

    def __init__(self, message: str, detail: str, email: str = "") -> None:
        super().__init__(detail)
        self.message = message
        self.detail = detail
        self.email = email


def email_key(value: object) -> str:
    """How two addresses are compared: NFC, case-folded, trimmed ("An.Nguyen@DaNang.gov.vn" is
    "an.nguyen@danang.gov.vn"). Diacritics are kept: "nguyễn@" and "nguyen@" are different mailboxes."""
    if not isinstance(value, str):
        return ""
    return unicodedata.normalize("NFC", clean_text(value).casefold())


def email_is_verified(claims: dict[str, Any]) -> bool:
    """A provider that says `email_verified` must say true (a boolean, or the string "true" some directories
    send); one that never says it (many directories do not) is believed, since it hands out the addresses."""
    if "email_verified" not in claims:
        return True
    value = claims["email_verified"]
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def accounts_with_email(email: str) -> list[User]:
    """Every account (active or not) whose address is `email` by `email_key`. The comparison runs in Python
    over the addresses (one column, thousands of rows) because neither database case-folds or normalises
    Unicode the way Python does (SQLite's case-insensitive match is ASCII only)."""
    key = email_key(email)
    if not key:
        return []
    ids = [
        pk
        for pk, address in User.objects.exclude(email="").values_list("pk", "email").iterator()
        if email_key(address) == key
    ]
    return list(User.objects.filter(pk__in=ids).order_by("pk"))


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with ngoaivu's rules (see the module docstring)."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:  # type: ignore[override]
        # only the callback's call (it passes the session's nonce); never a password sign-in that happens to
        # carry ?code=&state= in its address
        if (
            request is None
            or "nonce" not in kwargs
            or "password" in kwargs
            or not settings.NGOAIVU_OIDC_ENABLED
        ):
            return None
        # refusals count toward the sign-in limit of the client address, like wrong passwords: each callback
        # costs calls to the provider, so a flood of made-up codes stops here (a match gives its attempt back)
        ip = context.current().ip
        address_rate = ratelimit.parse_rate(settings.NGOAIVU_RATE_LIMIT_SIGNIN) if ip else None
        counted = ratelimit.hit(_signin_rate_key(ip), address_rate) if ip else None
        if counted is not None and not counted.allowed:
            if counted.first_refused:
                audit.access(
                    kind=AccessEvent.Kind.DENIED, path=request.path, detail="oidc: sign-in rate limit"
                )
            raise SignInRefused(signin_limited_message(counted.retry_after), "sign-in rate limit")
        try:
            user = super().authenticate(request, **kwargs)
            if user is None:
                raise SignInRefused(_refused_generic(), "no identity in the provider's answer")
        except SignInRefused as refused:
            audit.access(
                kind=AccessEvent.Kind.LOGIN_FAILED,
                username=refused.email[:150],
                path=request.path,
                detail=f"oidc: {refused.detail}",
            )
            raise
        except requests.RequestException as exc:
            LOGGER.warning("OIDC provider request failed: %s", exc)
            detail = f"provider unreachable or refused the code ({type(exc).__name__})"
            audit.access(kind=AccessEvent.Kind.LOGIN_FAILED, path=request.path, detail=f"oidc: {detail}")
            raise SignInRefused(
                _(
                    "Không liên lạc được với hệ thống đăng nhập một lần, hoặc hệ thống đó không chấp nhận yêu "
                    "cầu. Xin thử lại sau ít phút, hoặc đăng nhập bằng tên đăng nhập và mật khẩu."
                ),
                detail,
            ) from exc
        # PyJWTError, not only InvalidTokenError: a JWKS without a usable key is a refusal too, never a 500
        except (SuspiciousOperation, jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
            LOGGER.warning("OIDC token refused: %s", exc)
            detail = f"token refused ({type(exc).__name__}: {exc})"[:200]
            audit.access(kind=AccessEvent.Kind.LOGIN_FAILED, path=request.path, detail=f"oidc: {detail}")
            raise SignInRefused(_refused_generic(), detail) from exc
        if ip:
            ratelimit.refund(_signin_rate_key(ip), address_rate)
        if not mfa_enabled(user):  # else the sign-in is logged once the code is right, as after a password
            audit.access(kind=AccessEvent.Kind.LOGIN, user=user, path=request.path, detail="oidc")
        return user

    def _verify_jws(self, payload: Any, key: Any) -> dict[str, Any]:
        """The signature with the configured algorithm only (never "none", never a key of another kind), and
        the issuer and audience: a token the provider made for another application is no key to this one."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(
                f"token signed with {header.get('alg')!r}, not {self.OIDC_RP_SIGN_ALGO!r}"
            )
        claims: dict[str, Any] = jwt.decode(
            payload,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.get_settings("OIDC_OP_ISSUER"),
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["iss", "aud", "sub"]},
        )
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("token for several audiences without this client as its azp")
        return claims

    def verify_token(self, token: Any, **kwargs: Any) -> dict[str, Any]:
        claims: dict[str, Any] = super().verify_token(token, **kwargs)
        if "nonce" in kwargs and not ("exp" in claims and "iat" in claims):
            raise SuspiciousOperation("ID token without exp or iat")  # an ID token must expire (OIDC Core 2)
        return claims

    def get_or_create_user(self, access_token: Any, id_token: Any, payload: dict[str, Any]) -> User:
        """Find, never create: the one active account with the verified e-mail; refuse otherwise."""
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if not isinstance(userinfo, dict) or userinfo.get("sub") != payload.get("sub"):
            raise SignInRefused(_refused_generic(), "userinfo is about another subject than the ID token")
        # some directories put the address (or only its `email_verified`) in the signed ID token alone
        claims = {**{k: payload[k] for k in ("email", "email_verified") if k in payload}, **userinfo}
        email = claims.get("email")
        if not email_key(email):
            raise SignInRefused(
                _(
                    "Hệ thống đăng nhập một lần không cho biết địa chỉ thư điện tử của bạn, nên không tìm được "
                    "tài khoản tương ứng. Xin đăng nhập bằng tên đăng nhập và mật khẩu."
                ),
                "no e-mail claim",
            )
        address = clean_text(str(email))
        if not email_is_verified(claims):
            raise SignInRefused(
                _(
                    "Hệ thống đăng nhập một lần chưa xác minh địa chỉ thư điện tử %(email)s, nên không thể dùng "
                    "địa chỉ này để đăng nhập. Xin đăng nhập bằng tên đăng nhập và mật khẩu."
                )
                % {"email": address},
                f"e-mail not verified: {address}",
                address,
            )
        accounts = accounts_with_email(address)
        active = [u for u in accounts if u.is_active]
        if len(active) == 1:
            return active[0]
        if len(active) > 1:
            raise SignInRefused(
                _(
                    "Có %(n)d tài khoản cùng địa chỉ thư điện tử %(email)s nên không xác định được tài khoản của "
                    "bạn. Xin báo quản trị viên của đơn vị để sửa lại; trong lúc chờ, hãy đăng nhập bằng tên "
                    "đăng nhập và mật khẩu."
                )
                % {"n": len(active), "email": address},
                f"{len(active)} active accounts with e-mail {address}",
                address,
            )
        if accounts:
            raise SignInRefused(
                _(
                    "Tài khoản có địa chỉ thư điện tử %(email)s đã bị khóa. Xin liên hệ quản trị viên của đơn "
                    "vị để mở lại."
                )
                % {"email": address},
                f"account deactivated: {address}",
                address,
            )
        raise SignInRefused(
            _(
                "Không có tài khoản nào trong hệ thống mang địa chỉ thư điện tử %(email)s. Tài khoản do quản trị "
                "viên của đơn vị tạo; xin đề nghị họ tạo tài khoản hoặc ghi địa chỉ này vào tài khoản của bạn."
            )
            % {"email": address},
            f"no account with e-mail {address}",
            address,
        )

    def get_user(self, user_id: Any) -> User | None:
        """A session opened through the provider ends when the account is deactivated (as ModelBackend's)."""
        user: User | None = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def _refused_generic() -> str:
    return _(
        "Không xác minh được thông tin đăng nhập do hệ thống đăng nhập một lần gửi về. Xin thử lại, hoặc đăng "
        "nhập bằng tên đăng nhập và mật khẩu."
    )
