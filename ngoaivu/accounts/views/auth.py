from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.signing import BadSignature, Signer
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ngoaivu.accounts import selectors, services
from ngoaivu.accounts.forms import LoginForm, PasswordChangeForm
from ngoaivu.accounts.notifications import mark_read
from ngoaivu.accounts.selectors import AuditFilters
from ngoaivu.accounts.selectors import security as security_selectors
from ngoaivu.accounts.views.mfa import start_second_step
from ngoaivu.accounts.views.security import token_revoke  # noqa: F401 - routed as views.token_revoke
from ngoaivu.accounts.web import signed_in
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.audit.words import record_name, record_type_choices
from ngoaivu.core.columns import Column
from ngoaivu.core.exceptions import Forbidden, NotFound
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.ratelimit import RateLimited
from ngoaivu.core.web import list_page, save_form


def login_view(request: HttpRequest) -> HttpResponseBase:
    form = LoginForm(request.POST or None)
    status = 200
    retry_after = 0
    if request.method == "POST" and form.is_valid():
        try:
            user = services.authenticate_with_lockout(
                request, form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except services.InvalidCredentials:
            form.add_error(None, services.credentials_message())
            status = 400
        except RateLimited as exc:
            form.add_error(None, services.signin_limited_message(exc.retry_after))
            status, retry_after = 429, exc.retry_after
        else:
            return start_second_step(request, user, request.GET.get("next", ""))
    response = render(request, "accounts/login.html", {"title": _("Đăng nhập"), "form": form}, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponseBase:
    if request.user.is_authenticated:
        audit.access(kind=AccessEvent.Kind.LOGOUT, user=request.user)
    logout(request)
    return redirect("accounts:login")


@login_required
def password_change(request: HttpRequest) -> HttpResponseBase:
    """The user's own password change; also the step AccountStepMiddleware sends to when an administrator
    required a change (`must_change_password`): the page says why, and once changed the site opens again."""
    user = signed_in(request)
    required = user.must_change_password
    form = PasswordChangeForm(request.POST or None)

    def change(data: dict[str, Any]) -> None:
        services.password_change(actor=user, keep_session_key=request.session.session_key, **data)
        update_session_auth_hash(request, user)

    saved = save_form(
        request,
        form,
        change,
        done=_(
            "Đã đổi mật khẩu. Các phiên khác đã kết thúc; token API và đường dẫn lịch đã bị thu hồi — hãy tạo "
            "mới nếu cần."
        ),
    )
    if saved.ok:
        return redirect("/" if required else "accounts:profile")
    status = saved.status
    return render(
        request,
        "accounts/password.html",
        {"title": _("Đổi mật khẩu"), "form": form, "required": required},
        status=status,
    )


@login_required
def profile(request: HttpRequest) -> HttpResponseBase:
    """The user's account: who they are, and the ways in they control (password, two-factor sign-in, API
    tokens, signed-in sessions), each on its own page."""
    user = signed_in(request)
    return render(
        request,
        "accounts/profile.html",
        {
            "title": _("Tài khoản của tôi"),
            "live_tokens": security_selectors.live_token_count(user=user),
            "sessions": len(security_selectors.session_list(user=user)),
            "scope": user.scope,
        },
    )


def _audit_target(event: Any) -> str:
    """A redacted event (a record the reader cannot open) names only the record's type and number."""
    if getattr(event, "redacted", False):
        return record_name(event)
    return f"{event.record_type_name}: {event.target_repr}"


def _changes_text(event: Any, limit: int = 500) -> str:
    """The field changes on one line, cut after a whole change (never inside a value, which would show a
    username as "danang.admi") with "…" when more were left out."""
    text = ""
    for change in (str(c) for c in event.change_rows):
        joined = f"{text}; {change}" if text else change
        if len(joined) > limit:
            return f"{text} …" if text else change[:limit] + " …"
        text = joined
    return text


AUDIT_COLUMNS = [
    Column("created_at", _lazy("Thời điểm"), lambda e: e.created_at, sort="created"),
    Column("actor", _lazy("Người thực hiện"), lambda e: e.actor_label),
    Column("organisation", _lazy("Đơn vị"), lambda e: e.organisation_name),
    Column("action", _lazy("Thao tác"), lambda e: e.sentence),
    Column("target", _lazy("Bản ghi"), _audit_target),
    Column("changes", _lazy("Thay đổi"), lambda e: _changes_text(e)),
    Column("request_id", _lazy("Mã yêu cầu"), lambda e: e.request_id),
    Column("channel", _lazy("Kênh"), lambda e: e.channel_name),
]


@login_required
def audit_log(request: HttpRequest) -> HttpResponseBase:
    scope = signed_in(request).scope
    if not (scope.is_national or scope.is_org_admin):
        raise Forbidden()
    filters = parse_filters(AuditFilters, request.GET).filters
    return list_page(
        request,
        title=_("Nhật ký thay đổi"),
        filters_schema=AuditFilters,
        queryset=lambda f: selectors.audit_event_rows(user=signed_in(request), filters=f),
        columns=AUDIT_COLUMNS,
        export_stem="nhat-ky",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {"name": "actor", "label": _("Người thực hiện"), "type": "text", "current": filters.actor},
            {
                "name": "target_type",
                "label": _("Loại bản ghi"),
                "choices": record_type_choices(),
                "current": filters.target_type,
            },
            {"name": "request_id", "label": _("Mã yêu cầu"), "type": "text", "current": filters.request_id},
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
        ],
    )


def _open_signer(user_id: int) -> Signer:
    return Signer(salt=f"ngoaivu.notification.open:{user_id}")


def notification_open_token(user_id: int, notification_id: int) -> str:
    """The token of a notification's "open" link: made for one user and one notification, so a link planted on
    another site cannot mark someone's notifications read (the GET changes nothing without it)."""
    return _open_signer(user_id).sign(str(notification_id)).rsplit(":", 1)[1]


@login_required
def notifications(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    if request.method == "POST":
        count = mark_read(user=user)
        if count:
            messages.success(
                request,
                ngettext(
                    "Đã đánh dấu %(n)d thông báo là đã đọc.", "Đã đánh dấu %(n)d thông báo là đã đọc.", count
                )
                % {"n": count},
            )
        return redirect("accounts:notifications")
    items = list(selectors.notification_list(user=user))
    for item in items:
        item.open_token = notification_open_token(user.pk or 0, item.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "accounts/notifications.html",
        {"title": _("Thông báo"), "items": items, "has_unread": any(n.read_at is None for n in items)},
    )


@login_required
def notification_open(request: HttpRequest, pk: int, token: str) -> HttpResponseBase:
    """Opening a notification marks it read, then goes to what it is about. Only its owner (404 otherwise).
    A GET, so that it stays an ordinary link (new tab, keyboard, no JavaScript), made safe by the signed token:
    without a valid token nothing is marked and the reader still reaches the target."""
    user = signed_in(request)
    notification = selectors.notification_get(user=user, pk=pk)
    if notification is None:
        raise NotFound()
    try:  # a POST carries the CSRF token instead (a form button may open a notification too)
        valid = request.method == "POST" or _open_signer(user.pk or 0).unsign(f"{pk}:{token}") == str(pk)
    except BadSignature:
        valid = False
    if valid:
        mark_read(user=user, ids=[notification.pk])
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("accounts:notifications")
    return redirect(target)
