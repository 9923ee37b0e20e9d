"""What a user signs in with, under their control: their API tokens (list, create with an expiry, revoke) and
their signed-in sessions (list, end one, end all others); an organisation's administrator revokes a token of
one of their people from that person's page (accounts/views/users.py)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.forms import TokenForm
from ngoaivu.accounts.selectors import security as selectors
from ngoaivu.accounts.services import security as security_services
from ngoaivu.accounts.services import tokens as token_services
from ngoaivu.accounts.web import signed_in
from ngoaivu.core.web import save_form


def _token_rows(tokens: Any) -> list[Any]:
    now = timezone.now()
    rows = list(tokens)
    for t in rows:
        t.state = selectors.token_state(t, now)
        t.state_words = selectors.token_state_words(t, now)
    return rows


def revoked_message(new: token_services.NewToken) -> str:
    """What to say when a new token pushed an old one out (the per-user cap)."""
    if new.revoked is None:
        return ""
    return _(
        "Bạn đã có tối đa %(n)d token còn hiệu lực, nên token “%(name)s” (%(p)s…) — token lâu nhất chưa dùng "
        "đến — đã bị thu hồi."
    ) % {"n": settings.NGOAIVU_API_TOKENS_PER_USER, "name": new.revoked.name, "p": new.revoked.prefix}


FORM_KEYS = "ngoaivu_token_form_keys"


def _form_key(request: HttpRequest) -> str:
    """A one-time key for the creation form. The new secret is shown on the POST's own answer (so it is never
    kept anywhere), which a reload would post again: the spent key makes that second post create nothing."""
    key = secrets.token_urlsafe(12)
    request.session[FORM_KEYS] = [*request.session.get(FORM_KEYS, [])[-4:], key]
    return key


def _spend_form_key(request: HttpRequest) -> bool:
    keys = list(request.session.get(FORM_KEYS, []))
    key = request.POST.get("form_key", "")
    if key not in keys:
        return False
    keys.remove(key)
    request.session[FORM_KEYS] = keys
    return True


@login_required
def token_list(request: HttpRequest) -> HttpResponseBase:
    """The user's tokens, and a new one: its secret appears on this answer only (only the hash is stored)."""
    user = signed_in(request)
    if request.method == "POST" and not _spend_form_key(request):
        messages.info(request, _("Token này đã được tạo; tải lại trang không tạo thêm token."))
        return redirect("accounts:token_list")
    form = TokenForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: token_services.api_token_create(
            actor=user, user=user, name=data["name"], expires_on=data["expires_on"]
        ),
        done=lambda new: (
            _("Đã tạo token “%(n)s”. Token chỉ hiện một lần: hãy sao chép và cất giữ an toàn.")
            % {"n": new.token.name}
        ),
    )
    new = saved.result if saved.ok else None
    if new is not None:
        if note := revoked_message(new):
            messages.warning(request, note)
        form = TokenForm()
    return render(
        request,
        "accounts/security/tokens.html",
        {
            "title": _("Token API của tôi"),
            "form": form,
            "new_token": new.raw if new is not None else "",
            "tokens": _token_rows(selectors.token_list(user=user)),
            "form_key": _form_key(request),
        },
        status=saved.status,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Revoke one of the user's own tokens (someone else's, or one already revoked, is not found)."""
    user = signed_in(request)
    token = token_services.api_token_get_for_revoke(actor=user, token_id=pk, user_id=user.pk)
    token_services.api_token_revoke(actor=user, token=token)
    messages.success(request, _("Đã thu hồi token “%(n)s” (%(p)s…).") % {"n": token.name, "p": token.prefix})
    return redirect("accounts:token_list")


@login_required
@require_POST
def user_token_revoke(request: HttpRequest, pk: int, token_id: int) -> HttpResponseBase:
    """An organisation's administrator (or a site administrator) revokes a token of one of their people — a
    lost laptop, a departed colleague's script. Anyone else, or another organisation's token: 404."""
    admin = signed_in(request)
    token = token_services.api_token_get_for_revoke(actor=admin, token_id=token_id, user_id=pk)
    token_services.api_token_revoke(actor=admin, token=token)
    messages.success(
        request,
        _("Đã thu hồi token “%(n)s” (%(p)s…) của %(u)s.")
        % {"n": token.name, "p": token.prefix, "u": token.user},
    )
    return redirect("accounts:user_detail", pk=pk)


@login_required
def session_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    current = request.session.session_key
    rows = selectors.session_list(user=user)
    for row in rows:
        row.device = selectors.device_summary(row.user_agent)  # type: ignore[attr-defined]
        row.is_current = row.session_key == current  # type: ignore[attr-defined]
    return render(
        request,
        "accounts/security/sessions.html",
        {
            "title": _("Phiên đăng nhập của tôi"),
            "sessions": rows,
            "others": sum(1 for r in rows if r.session_key != current),
        },
    )


@login_required
@require_POST
def session_end(request: HttpRequest, pk: int) -> HttpResponseBase:
    """End one of the user's sessions; ending the one in use is signing out."""
    user = signed_in(request)
    row = selectors.session_get(user=user, session_id=pk)
    if row is not None and row.session_key == request.session.session_key:
        return redirect("accounts:session_list")  # the page offers "Đăng xuất" for this one
    security_services.session_end(actor=user, user=user, session_id=pk)
    messages.success(request, _("Đã kết thúc phiên đăng nhập; thiết bị đó phải đăng nhập lại."))
    return redirect("accounts:session_list")


@login_required
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    count = security_services.sessions_end_others(
        actor=user, user=user, keep_session_key=request.session.session_key
    )
    messages.success(
        request,
        _("Đã kết thúc %(n)d phiên đăng nhập khác.") % {"n": count}
        if count
        else _("Không có phiên đăng nhập nào khác."),
    )
    return redirect("accounts:session_list")


urlpatterns: list[URLPattern] = [
    path("me/tokens/", token_list, name="token_list"),
    path("me/sessions/", session_list, name="session_list"),
    path("me/sessions/<int:pk>/end/", session_end, name="session_end"),
    path("me/sessions/end-others/", sessions_end_others, name="sessions_end_others"),
    path("users/<int:pk>/tokens/<int:token_id>/revoke/", user_token_revoke, name="user_token_revoke"),
]
