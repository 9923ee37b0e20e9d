from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from ngoaivu.accounts import services
from ngoaivu.accounts.api.mfa import password_change_required_problem, second_factor_problem
from ngoaivu.accounts.schemas import MeOut, TokenIn, TokenOut, token_out
from ngoaivu.accounts.web import api_user
from ngoaivu.core.problems import problem_response
from ngoaivu.core.ratelimit import RateLimited, too_many_requests
from ngoaivu.core.schemas import Problem

router = Router(tags=["accounts"])


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 400: Problem, 401: Problem, 403: Problem, 422: Problem, 429: Problem},
    operation_id="accounts_token_create",
    summary="Lấy token API (Bearer)",
)
def token_create(request: HttpRequest, payload: TokenIn) -> Any:
    """Counts failed attempts together with the login page: 5 failures lock the account for 15 minutes; too
    many failures from one address answer 429 with Retry-After before any password is checked. A user holds
    at most NGOAIVU_API_TOKENS_PER_USER live tokens: a new one revokes the oldest unused (`revoked_token`). A user
    who must change their password gets 403 `password_change_required` (only after the password and code are
    right, so it tells nothing to someone without them)."""
    try:
        user = services.authenticate_with_lockout(request, payload.username, payload.password)
    except services.InvalidCredentials:
        return problem_response(request, 401, "invalid_credentials", services.credentials_message())
    except RateLimited as exc:
        return too_many_requests(request, exc.retry_after, services.signin_limited_message(exc.retry_after))
    if (refused := second_factor_problem(request, user, payload.otp)) is not None:
        return refused  # two-factor sign-in: 401 `mfa_required` without "otp", `invalid_credentials` if wrong
    if user.must_change_password:
        return password_change_required_problem(request)
    new = services.api_token_create(
        actor=user, user=user, name=payload.name or "api", days=payload.expires_in_days
    )
    return Status(200, token_out(new))


@router.get(
    "/me", response={200: MeOut, 401: Problem}, operation_id="accounts_me_get", summary="Người dùng hiện tại"
)
def me(request: HttpRequest) -> Any:
    user = api_user(request)
    org = user.organisation
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "organisation": {"code": org.code, "kind": org.kind, "name": org.name_vi} if org else None,
        "organisation_code": org.code if org else None,
        "roles": sorted(user.scope.roles),
        "is_site_admin": user.scope.is_site_admin,
        "language": user.language,
        "calendar_feed": user.calendar_token_hash is not None,
    }


@router.get(
    "/ping",
    response={200: dict[str, bool], 401: Problem},
    operation_id="accounts_ping_get",
    summary="Điểm cuối tối thiểu có xác thực (mốc so sánh của đo hiệu năng)",
)
def ping(request: HttpRequest) -> Any:
    return {"ok": True}
