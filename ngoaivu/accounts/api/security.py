"""The user's own API tokens, signed-in sessions and calendar feed; an administrator revokes a token of one
of their people. Someone else's token or session is not found (404), never "forbidden"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Status

from ngoaivu.accounts.api.mfa import require_session
from ngoaivu.accounts.schemas import (
    CalendarFeedOut,
    SessionOut,
    SessionsEndedOut,
    TokenCreateIn,
    TokenInfoOut,
    TokenOut,
    token_out,
)
from ngoaivu.accounts.selectors import security as selectors
from ngoaivu.accounts.services import security as security_services
from ngoaivu.accounts.services import tokens as token_services
from ngoaivu.accounts.web import api_user
from ngoaivu.core.exceptions import NotFound
from ngoaivu.core.schemas import ERRORS

router = Router(tags=["accounts"])


def _token_info(token: Any) -> dict[str, Any]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "expires_at": token.expires_at,
        "revoked_at": token.revoked_at,
        "revoked_reason": token.revoked_reason,
        "state": selectors.token_state(token),
    }


def _session_key(request: HttpRequest) -> str | None:
    """The browser session making this call, if it is one (a Bearer call has none)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    session = getattr(request, "session", None)
    return session.session_key if session is not None else None


@router.get(
    "/me/tokens",
    response={200: list[TokenInfoOut], **ERRORS},
    operation_id="accounts_me_token_list",
    summary="Token API của tôi (không bao giờ có mã bí mật)",
)
def token_list(request: HttpRequest) -> Any:
    return [_token_info(t) for t in selectors.token_list(user=api_user(request))]


@router.post(
    "/me/tokens",
    response={201: TokenOut, **ERRORS},
    operation_id="accounts_me_token_create",
    summary="Tạo token API có tên và thời hạn (tối đa một năm; mã bí mật chỉ trả về một lần)",
)
def token_create(request: HttpRequest, payload: TokenCreateIn) -> Any:
    """At NGOAIVU_API_TOKENS_PER_USER live tokens the oldest unused one is revoked and named in
    `revoked_token`. Only from a browser session: 403 `session_required` with a Bearer token (a leaked
    short-lived token must not mint a year-long one)."""
    require_session(request)
    user = api_user(request)
    new = token_services.api_token_create(
        actor=user, user=user, name=payload.name, days=payload.expires_in_days, expires_on=payload.expires_on
    )
    return Status(201, token_out(new))


@router.delete(
    "/me/tokens/{int:token_id}",
    response={204: None, **ERRORS},
    operation_id="accounts_me_token_revoke",
    summary="Thu hồi một token API của tôi",
)
def token_revoke(request: HttpRequest, token_id: int) -> Any:
    user = api_user(request)
    token = token_services.api_token_get_for_revoke(actor=user, token_id=token_id, user_id=user.pk)
    token_services.api_token_revoke(actor=user, token=token)
    return Status(204, None)


@router.delete(
    "/users/{int:user_id}/tokens/{int:token_id}",
    response={204: None, **ERRORS},
    operation_id="accounts_user_token_revoke",
    summary="Quản trị viên đơn vị thu hồi token API của một người trong đơn vị",
)
def user_token_revoke(request: HttpRequest, user_id: int, token_id: int) -> Any:
    """Only an org_admin of the person's organisation, or a site administrator; anyone else gets 404."""
    admin = api_user(request)
    token = token_services.api_token_get_for_revoke(actor=admin, token_id=token_id, user_id=user_id)
    token_services.api_token_revoke(actor=admin, token=token)
    return Status(204, None)


@router.get(
    "/me/sessions",
    response={200: list[SessionOut], **ERRORS},
    operation_id="accounts_me_session_list",
    summary="Các phiên đăng nhập của tôi",
)
def session_list(request: HttpRequest) -> Any:
    current = _session_key(request)
    return [
        {
            "id": s.pk,
            "device": str(selectors.device_summary(s.user_agent)),
            "user_agent": s.user_agent,
            "ip": s.ip,
            "created_at": s.created_at,
            "last_activity_at": s.last_activity_at,
            "current": s.session_key == current,
        }
        for s in selectors.session_list(user=api_user(request))
    ]


@router.delete(
    "/me/sessions/{int:session_id}",
    response={204: None, **ERRORS},
    operation_id="accounts_me_session_end",
    summary="Kết thúc một phiên đăng nhập của tôi",
)
def session_end(request: HttpRequest, session_id: int) -> Any:
    user = api_user(request)
    if selectors.session_get(user=user, session_id=session_id) is None:
        raise NotFound()
    security_services.session_end(actor=user, user=user, session_id=session_id)
    return Status(204, None)


@router.post(
    "/me/sessions/sign-out-others",
    response={200: SessionsEndedOut, **ERRORS},
    operation_id="accounts_me_sessions_end_others",
    summary="Đăng xuất mọi phiên khác",
)
def sessions_end_others(request: HttpRequest) -> Any:
    """Every signed-in browser session but the one making the call (a Bearer call has none: all end)."""
    user = api_user(request)
    ended = security_services.sessions_end_others(
        actor=user, user=user, keep_session_key=_session_key(request)
    )
    return {"ended": ended}


@router.post(
    "/me/calendar-feed",
    response={201: CalendarFeedOut, **ERRORS},
    operation_id="accounts_me_calendar_feed_create",
    summary="Tạo (hoặc thay) đường dẫn lịch cá nhân; đường dẫn chỉ trả về một lần",
)
def calendar_feed_create(request: HttpRequest) -> Any:
    """Only from a browser session: 403 `session_required` with a Bearer token."""
    require_session(request)
    user = api_user(request)
    raw = token_services.calendar_token_issue(actor=user, user=user)
    return Status(201, {"url": request.build_absolute_uri(reverse("delegations:calendar_feed", args=[raw]))})


@router.delete(
    "/me/calendar-feed",
    response={204: None, **ERRORS},
    operation_id="accounts_me_calendar_feed_revoke",
    summary="Thu hồi đường dẫn lịch cá nhân",
)
def calendar_feed_revoke(request: HttpRequest) -> Any:
    user = api_user(request)
    token_services.calendar_token_revoke(actor=user, user=user)
    return Status(204, None)
