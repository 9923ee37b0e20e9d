"""Two-factor sign-in pages: the second step of signing in (`/accounts/login/code/`), and under
`/accounts/mfa/` (open to a user who must still enrol, see AccountStepMiddleware) the status, enrolment with a
QR code, recovery codes and switching it off."""

from __future__ import annotations

import time
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from ngoaivu.accounts.models import User
from ngoaivu.accounts.selectors.mfa import mfa_pending_secret, mfa_status_get
from ngoaivu.accounts.services import auth as auth_services
from ngoaivu.accounts.services import mfa as mfa_services
from ngoaivu.accounts.web import signed_in
from ngoaivu.core.exceptions import NotFound, ServiceError
from ngoaivu.core.forms import BaseForm
from ngoaivu.core.ratelimit import RateLimited
from ngoaivu.core.web import save_form

PENDING = "ngoaivu_mfa_pending"
PENDING_SECONDS = 5 * 60
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class CodeForm(BaseForm):
    code = forms.CharField(
        label=_lazy("Mã xác thực"),
        max_length=64,
        help_text=_lazy("6 chữ số trên ứng dụng xác thực, hoặc một mã khôi phục (dạng ab12-cd34-ef56)."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false", "size": 16}
        ),
        error_messages={"required": _lazy("Hãy nhập mã xác thực.")},
    )


class ConfirmForm(BaseForm):
    code = forms.CharField(
        label=_lazy("Mã 6 chữ số trên ứng dụng"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false", "size": 10}
        ),
        error_messages={"required": _lazy("Hãy nhập mã 6 chữ số mà ứng dụng đang hiển thị.")},
    )


class PasswordForm(BaseForm):
    password = forms.CharField(
        label=_lazy("Mật khẩu hiện tại"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _lazy("Hãy nhập mật khẩu hiện tại.")},
    )


def _safe_next(request: HttpRequest, target: str) -> str:
    if not target or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


def _sign_in(request: HttpRequest, user: User, backend: str | None, next_url: str) -> HttpResponse:
    request.session.cycle_key()
    login(request, user, backend=backend or MODEL_BACKEND)
    return redirect(_safe_next(request, next_url))


def start_second_step(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """Called once the password (or single sign-on) is right. With two-factor sign-in on, nobody is signed in
    yet: the session only remembers, for five minutes, who is half-way (with the authentication backend and
    where to go next) and the browser is sent to the code page. Otherwise the person is signed in at once on a
    new session key."""
    backend = getattr(user, "backend", None)
    if not mfa_services.mfa_enabled(user):
        return _sign_in(request, user, backend, next_url)
    request.session[PENDING] = {
        "user_id": user.pk,
        "backend": backend,
        "at": time.time(),
        "next": _safe_next(request, next_url),
    }
    return redirect("accounts:login_code")


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return None, {}
    if time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, {}
    user = User.objects.filter(pk=pending.get("user_id") or 0, is_active=True).first()
    return user, pending


@never_cache
@sensitive_post_parameters("code")
def login_code(request: HttpRequest) -> HttpResponseBase:
    """The second step of signing in: a code from the app or a recovery code; wrong ones count toward the
    same lock as wrong passwords. The session key changes when the person is signed in."""
    user, pending = _pending_user(request)
    if user is None:
        if (
            request.method != "GET"
        ):  # through a GET: a POST sent to the sign-in page reads as an expired session
            return redirect("accounts:login_code")  # (SignInRedirectMiddleware) and would say so
        messages.warning(request, _("Phiên xác thực đã hết hạn hoặc chưa đăng nhập. Hãy đăng nhập lại."))
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    status, retry_after = 200, 0
    if request.method == "POST" and form.is_valid():
        try:
            auth_services.verify_code_with_lockout(request, user, form.cleaned_data["code"])
        except auth_services.InvalidCredentials as exc:
            if exc.locked:  # the half-way sign-in ends; the page says the account is locked for a while
                request.session.pop(PENDING, None)
                form.add_error(None, auth_services.credentials_message())
            else:
                form.add_error("code", mfa_services.invalid_code_message())
            status = 400
        except RateLimited as exc:
            form.add_error(None, auth_services.signin_limited_message(exc.retry_after))
            status, retry_after = 429, exc.retry_after
        else:
            request.session.pop(PENDING, None)
            return _sign_in(request, user, pending.get("backend"), str(pending.get("next") or "/"))
    elif request.method == "POST":
        status = 400
    response = render(
        request,
        "accounts/mfa/login_code.html",
        {"title": _("Mã xác thực hai lớp"), "form": form},
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@login_required
def mfa_status(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    return _status_page(request, user, PasswordForm())


def _status_page(request: HttpRequest, user: User, form: PasswordForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "accounts/mfa/status.html",
        {
            "title": _("Xác thực hai lớp"),
            "status": mfa_status_get(user=user),
            "required": mfa_services.mfa_required(user),
            "form": form,
        },
        status=status,
    )


def qr_svg(uri: str) -> SafeString:
    """The otpauth URI as an inline SVG QR code (drawn on the server: no script, no outside service)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", title=_("Mã QR để quét bằng ứng dụng xác thực")
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup; the URI holds only our username and a base32 secret


def _recovery_codes_page(request: HttpRequest, codes: list[str], status: int = 200) -> HttpResponse:
    return render(
        request,
        "accounts/mfa/recovery_codes.html",
        {"title": _("Mã khôi phục"), "codes": codes},
        status=status,
    )


@never_cache
@login_required
@sensitive_post_parameters("code")
def mfa_enrol(request: HttpRequest) -> HttpResponseBase:
    """Enrolment: a secret as a QR code and in groups of four; the first right code confirms it and the page
    shows the ten recovery codes once (never stored in clear, so never shown again)."""
    user = signed_in(request)
    if mfa_services.mfa_enabled(user):
        messages.info(request, _("Xác thực hai lớp đã được bật."))
        return redirect("accounts:mfa_status")
    form = ConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST" and request.POST.get("restart"):
        mfa_services.mfa_enrol_start(actor=user, user=user)
        return redirect("accounts:mfa_enrol")
    if request.method == "POST":
        saved = save_form(
            request,
            form,
            lambda data: mfa_services.mfa_enrol_confirm(actor=user, user=user, code=data["code"]),
            done=_("Đã bật xác thực hai lớp."),
        )
        if saved.ok and saved.result is not None:
            return _recovery_codes_page(request, saved.result)
        status = saved.status
    secret = mfa_pending_secret(user=user)
    if secret is None:
        _device, secret, _uri = mfa_services.mfa_enrol_start(actor=user, user=user)
    uri = mfa_services.otpauth_uri(secret, user)
    return render(
        request,
        "accounts/mfa/enrol.html",
        {
            "title": _("Bật xác thực hai lớp"),
            "form": form,
            "qr": qr_svg(uri),
            "secret_groups": mfa_services.secret_groups(secret),
            "otpauth_uri": uri,
            "required": mfa_services.mfa_required(user),
        },
        status=status,
    )


@never_cache
@login_required
@require_POST
@sensitive_post_parameters("password")
def mfa_recovery_regenerate(request: HttpRequest) -> HttpResponseBase:
    """New recovery codes after the password is typed again (wrong ones count toward the sign-in lock)."""
    user = signed_in(request)
    if not mfa_services.mfa_enabled(user):
        raise NotFound()
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            codes = mfa_services.recovery_codes_regenerate(
                actor=user, user=user, password=form.cleaned_data["password"]
            )
        except ServiceError as exc:
            for message in exc.errors.get("password", [exc.message]):
                form.add_error("password", message)
        else:
            messages.success(request, _("Đã tạo mã khôi phục mới; các mã cũ không còn dùng được."))
            return _recovery_codes_page(request, codes)
    return _status_page(request, user, form, status=400)


@never_cache
@login_required
@sensitive_post_parameters("password")
def mfa_disable(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    required = mfa_services.mfa_required(user)
    enabled = mfa_services.mfa_enabled(user)
    form = PasswordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not enabled:
            return redirect("accounts:mfa_status")
        saved = save_form(
            request,
            form,
            lambda data: mfa_services.mfa_disable(
                actor=user, user=user, password=data["password"], session_key=request.session.session_key
            ),
            done=_(
                "Đã tắt xác thực hai lớp. Các phiên đăng nhập khác, token API và đường dẫn lịch của bạn đã bị thu "
                "hồi; hãy tạo lại nếu cần."
            ),
        )
        if saved.ok:
            return redirect("accounts:mfa_status")
        status = saved.status
    return render(
        request,
        "accounts/mfa/disable.html",
        {"title": _("Tắt xác thực hai lớp"), "form": form, "required": required, "enabled": enabled},
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("login/code/", login_code, name="login_code"),
    path("mfa/", mfa_status, name="mfa_status"),
    path("mfa/enrol/", mfa_enrol, name="mfa_enrol"),
    path("mfa/recovery/", mfa_recovery_regenerate, name="mfa_recovery_regenerate"),
    path("mfa/disable/", mfa_disable, name="mfa_disable"),
]
