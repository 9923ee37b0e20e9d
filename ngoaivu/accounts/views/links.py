"""Pages of the e-mailed links and the forgotten password: public (nobody is signed in), under /accounts/password/
so that the required-change gate (AccountStepMiddleware) lets them through."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from ngoaivu.accounts import services
from ngoaivu.accounts.forms import PasswordChangeForm
from ngoaivu.accounts.models import AccountLink, User
from ngoaivu.accounts.services.links import (
    link_get_by_hash,
    link_invalid_message,
    reset_limited_message,
    token_hash,
)
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent
from ngoaivu.core.forms import BaseForm
from ngoaivu.core.ratelimit import RateLimited
from ngoaivu.core.web import save_form

SESSION_KEY = "ngoaivu_account_link"  # the SHA-256 of the link's token (`token_hash`), never the token
DONE_KEY = "ngoaivu_account_link_done"


def forgot_done_message() -> str:
    hours = settings.NGOAIVU_RESET_LINK_HOURS
    return ngettext(
        "Nếu tài khoản tồn tại và có thư điện tử, một liên kết đặt lại mật khẩu đã được gửi; liên kết có hiệu "
        "lực %(h)d giờ.",
        "Nếu tài khoản tồn tại và có thư điện tử, một liên kết đặt lại mật khẩu đã được gửi; liên kết có hiệu "
        "lực %(h)d giờ.",
        hours,
    ) % {"h": hours}


class PasswordForgotForm(BaseForm):
    login = forms.CharField(
        label=_lazy("Tên đăng nhập hoặc thư điện tử"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )


class PasswordSetForm(BaseForm):
    new_password = PasswordChangeForm.base_fields["new_password"]
    new_password_again = PasswordChangeForm.base_fields["new_password_again"]


@never_cache
def password_forgot(request: HttpRequest) -> HttpResponseBase:
    """The same answer whether or not the login names an account (services.links.password_reset_request)."""
    form = PasswordForgotForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    retry_after = 0
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_request(login=form.cleaned_data["login"])
        except RateLimited as exc:
            form.add_error(None, reset_limited_message(exc.retry_after))
            status, retry_after = 429, exc.retry_after
        else:
            messages.success(request, forgot_done_message())
            return redirect("accounts:password_forgot")
    response = render(
        request,
        "accounts/links/forgot.html",
        {"title": _("Quên mật khẩu"), "form": form, "hours": settings.NGOAIVU_RESET_LINK_HOURS},
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@never_cache
def password_set(request: HttpRequest, token: str) -> HttpResponseBase:
    """The e-mailed link: the token's hash goes into the session and the browser moves to a token-free address,
    so the token leaks neither through Referer nor through history (as Django's PasswordResetConfirmView does),
    and the session store (`django_session`) holds only the hash, as `AccountLink.token_hash` does. Someone
    else signed in on this browser is signed out first."""
    link = services.link_get(token)
    user = request.user
    if link is not None and user.is_authenticated and user.pk != link.user_id:
        audit.access(kind=AccessEvent.Kind.LOGOUT, user=user, detail="signed out to open a password link")
        logout(request)
        messages.info(
            request,
            _("Tài khoản %(u)s đã được đăng xuất trên trình duyệt này để đặt mật khẩu cho tài khoản khác.")
            % {"u": user.get_username()},
        )
    request.session[SESSION_KEY] = token_hash(token) if len(token) <= 200 else ""
    return redirect("accounts:password_set_form")


def _invalid_page(request: HttpRequest) -> HttpResponseBase:
    request.session.pop(SESSION_KEY, None)
    return render(
        request,
        "accounts/links/invalid.html",
        {
            "title": _("Liên kết không còn dùng được"),
            "message": link_invalid_message(),
            "hours": settings.NGOAIVU_RESET_LINK_HOURS,
        },
        status=410,
    )


@never_cache
@sensitive_post_parameters("new_password", "new_password_again")
def password_set_form(request: HttpRequest) -> HttpResponseBase:
    if request.method == "GET" and request.session.pop(DONE_KEY, False):
        # after success the POST comes back here and only then goes to the sign-in page: a POST answered with
        # the sign-in page reads as an expired session to SignInRedirectMiddleware ("not sent, sign in again")
        return redirect("accounts:login")
    digest = str(request.session.get(SESSION_KEY, ""))
    link = link_get_by_hash(digest)
    if link is None:
        return _invalid_page(request)
    form = PasswordSetForm(request.POST or None)

    def set_password(data: dict[str, Any]) -> User:
        user = services.password_set_by_link(digest=digest, **data)
        request.session.pop(SESSION_KEY, None)
        if request.user.is_authenticated:  # the same person, signed in: the old password's session ends
            logout(request)
        request.session[DONE_KEY] = True
        return user

    saved = save_form(
        request,
        form,
        set_password,
        done=_("Đã đặt mật khẩu. Hãy đăng nhập bằng tên đăng nhập và mật khẩu mới."),
    )
    if saved.ok:
        return redirect("accounts:password_set_form")
    if request.method == "POST" and link_get_by_hash(digest) is None:  # spent by a parallel submit meanwhile
        return _invalid_page(request)
    invite = link.purpose == AccountLink.Purpose.INVITE
    return render(
        request,
        "accounts/links/set.html",
        {
            "title": _("Chào mừng bạn đến với hệ thống") if invite else _("Đặt lại mật khẩu"),
            "form": form,
            "invite": invite,
            "target": link.user,
        },
        status=saved.status,
    )


urlpatterns: list[URLPattern] = [
    path("password/forgot/", password_forgot, name="password_forgot"),
    path("password/set/", password_set_form, name="password_set_form"),
    path("password/set/<str:token>/", password_set, name="password_set"),
]
