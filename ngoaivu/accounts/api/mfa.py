"""Two-factor enrolment through the API (`POST /me/mfa`, `POST /me/mfa/confirm`), the code asked by
`POST /auth/token` of a user who has it on, and the gate that keeps a user who must enrol out of everything
else until they have."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from ngoaivu.accounts.models import User
from ngoaivu.accounts.services import auth as auth_services
from ngoaivu.accounts.services import mfa as mfa_services
from ngoaivu.accounts.web import api_user
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.problems import problem_response
from ngoaivu.core.ratelimit import RateLimited, too_many_requests
from ngoaivu.core.schemas import Problem

router = Router(tags=["accounts"])


class MfaEnrolOut(Schema):
    secret: str = Field(..., description="khóa bí mật base32 (nhập tay vào ứng dụng xác thực)")
    otpauth_uri: str = Field(..., description="otpauth://totp/… (nội dung mã QR)")


class MfaConfirmIn(Schema):
    code: str = Field(..., min_length=1, max_length=64, description="mã 6 chữ số đang hiện trên ứng dụng")


class MfaConfirmOut(Schema):
    recovery_codes: list[str] = Field(
        ..., description="10 mã khôi phục, mỗi mã dùng một lần; chỉ trả về lần này"
    )


def _already_enabled(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(request, 409, "mfa_already_enabled", _("Xác thực hai lớp đã được bật"), str(exc))


@router.post(
    "/me/mfa",
    response={200: MfaEnrolOut, 401: Problem, 403: Problem, 409: Problem},
    operation_id="accounts_mfa_enrol",
    summary="Bắt đầu đăng ký xác thực hai lớp (TOTP)",
)
def mfa_enrol(request: HttpRequest) -> Any:
    """A new secret, replacing an unfinished enrolment; 409 `mfa_already_enabled` when one is confirmed; 403
    `session_required` with a Bearer token (a leaked token must not put the account behind someone else's
    authenticator)."""
    require_session(request)
    user = api_user(request)
    try:
        _device, secret, uri = mfa_services.mfa_enrol_start(actor=user, user=user)
    except mfa_services.MfaAlreadyEnabled as exc:
        return _already_enabled(request, exc)
    return {"secret": secret, "otpauth_uri": uri}


@router.post(
    "/me/mfa/confirm",
    response={200: MfaConfirmOut, 400: Problem, 401: Problem, 403: Problem, 409: Problem, 422: Problem},
    operation_id="accounts_mfa_confirm",
    summary="Xác nhận xác thực hai lớp bằng mã đầu tiên",
)
def mfa_confirm(request: HttpRequest, payload: MfaConfirmIn) -> Any:
    """400 `invalid_code` for a wrong code; 409 `mfa_not_started` without `POST /me/mfa` first, 409
    `mfa_already_enabled` once confirmed; 403 `session_required` with a Bearer token."""
    require_session(request)
    user = api_user(request)
    try:
        codes = mfa_services.mfa_enrol_confirm(actor=user, user=user, code=payload.code)
    except mfa_services.MfaAlreadyEnabled as exc:
        return _already_enabled(request, exc)
    except mfa_services.MfaNotStarted as exc:
        return problem_response(request, 409, "mfa_not_started", _("Chưa bắt đầu đăng ký"), str(exc))
    except ServiceError as exc:
        return problem_response(
            request,
            400,
            "invalid_code",
            _("Mã xác thực không đúng"),
            exc.message,
            [{"field": "code", "message": exc.message}],
        )
    return {"recovery_codes": codes}


def second_factor_problem(request: HttpRequest, user: User, otp: str | None) -> HttpResponse | None:
    """For `POST /auth/token`, once the password is right: None when the user has no second factor or `otp`
    is right; else the answer — 401 `mfa_required` without a code (the client asks the person for one), 401
    `invalid_credentials` for a wrong one (counted toward the lock like a wrong password), 429 when the
    address is over its limit."""
    if not mfa_services.mfa_enabled(user):
        return None
    if not otp:
        return problem_response(
            request,
            401,
            "mfa_required",
            _("Cần mã xác thực hai lớp"),
            _('Tài khoản bật xác thực hai lớp: gửi lại kèm "otp" (mã 6 chữ số hoặc một mã khôi phục).'),
        )
    try:
        auth_services.verify_code_with_lockout(request, user, otp)
    except auth_services.InvalidCredentials:
        return problem_response(request, 401, "invalid_credentials", auth_services.credentials_message())
    except RateLimited as exc:
        return too_many_requests(
            request, exc.retry_after, auth_services.signin_limited_message(exc.retry_after)
        )
    return None


class MfaEnrolmentRequired(Exception):
    """Raised by the API's authentication for a user who must enrol first (answered 403 by config/api.py)."""


# what a user who must enrol may still call (paths below /api/v1)
ENROLMENT_OPEN_PATHS = frozenset({"/me", "/me/mfa", "/me/mfa/confirm", "/auth/token"})


def enrolment_gate(request: HttpRequest, user: User) -> None:
    """Called by the API's authentication classes: a Bearer or session user whose role requires two-factor
    sign-in and who has not enrolled may call only what enrolment needs (`ENROLMENT_OPEN_PATHS`)."""
    if not mfa_services.mfa_required(user) or mfa_services.mfa_enabled(user):
        return
    path = request.path.removeprefix("/api/v1").rstrip("/") or "/"
    if path not in ENROLMENT_OPEN_PATHS:
        raise MfaEnrolmentRequired()


def enrolment_required_problem(request: HttpRequest) -> HttpResponse:
    return problem_response(
        request,
        403,
        "mfa_enrolment_required",
        _("Cần bật xác thực hai lớp"),
        _(
            "Vai trò của bạn bắt buộc xác thực hai lớp. Hãy đăng nhập trên trang web và bật trên trang Xác thực "
            "hai lớp trước khi dùng API (token API không bật được)."
        ),
    )


BEARER_MARK = "ngoaivu_bearer"


def mark_bearer(request: HttpRequest) -> None:
    """Set by the Bearer authentication: this call carries an API token, not a browser session."""
    setattr(request, BEARER_MARK, True)


class SessionRequired(Exception):
    """An operation that a token must not do (make a longer-lived token, enrol an authenticator, get a
    calendar feed URL) was called with a Bearer token (answered 403 by config/api.py)."""


def require_session(request: HttpRequest) -> None:
    """Only a signed-in browser session (with CSRF) may go on: a leaked token must not become a year-long
    one or lock its owner out behind an authenticator someone else holds."""
    if getattr(request, BEARER_MARK, False):
        raise SessionRequired()


def session_required_problem(request: HttpRequest) -> HttpResponse:
    return problem_response(
        request,
        403,
        "session_required",
        _("Cần đăng nhập trên trang web"),
        _(
            "Thao tác này không làm được bằng token API: hãy đăng nhập trên trang web (tạo token, bật xác thực "
            "hai lớp và tạo đường dẫn lịch đều ở trang Tài khoản)."
        ),
    )


class PasswordChangeRequired(Exception):
    """Raised by the API's authentication for a user who must change their password (answered 403)."""


def password_change_gate(request: HttpRequest, user: User) -> None:
    """Called by the API's authentication classes beside `enrolment_gate`: a user whose password must be
    changed (an administrator asked for it, perhaps because it leaked) may only read `GET /me` until they
    have changed it on the site — an old token or session is no way around the change."""
    if not user.must_change_password:
        return
    path = request.path.removeprefix("/api/v1").rstrip("/") or "/"
    if not (path == "/me" and request.method == "GET"):
        raise PasswordChangeRequired()


def password_change_required_problem(request: HttpRequest) -> HttpResponse:
    return problem_response(
        request,
        403,
        "password_change_required",
        _("Cần đổi mật khẩu"),
        _("Bạn phải đổi mật khẩu trước khi dùng API: hãy đăng nhập trên trang web và đặt mật khẩu mới."),
    )
