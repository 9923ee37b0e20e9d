"""Single sign-on pages under `/oidc/` (mounted by config/urls.py): `authenticate/` sends the browser to the
province's directory, `callback/` is where the directory sends it back (the redirect URI to register with the
provider). Both answer 404 while single sign-on is off, so the routes can stay mounted whatever the settings.

The callback is mozilla-django-oidc's with two changes: a matched person goes through the site's second step
(`mfa.start_second_step`: the code page when two-factor sign-in is on, else signed in on a new session key),
and every refusal comes back to the sign-in page with a message saying why (never a bare 400 or a redirect to
"/")."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, resolve_url
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ngoaivu.accounts.oidc import SignInRefused
from ngoaivu.audit import services as audit
from ngoaivu.audit.models import AccessEvent

STATES = "oidc_states"  # mozilla-django-oidc's session key: state → nonce and PKCE verifier
NEXT = "oidc_login_next"  # mozilla-django-oidc's session key: where to go once signed in


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    """Back to the sign-in page, saying why, still headed where the person was going (`?next=`, checked by
    mozilla-django-oidc when the sign-in started)."""
    messages.error(request, message)
    next_url = request.session.pop(NEXT, None)
    if not next_url:
        return redirect("accounts:login")
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")


class CallbackView(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        error = request.GET.get("error", "")
        state = request.GET.get("state", "")
        states = request.session.get(STATES)
        if not error and request.GET.get("code") and isinstance(states, dict) and state in states:
            try:
                response: HttpResponse = super().get(request)  # spends the state, then authenticate()
            except SignInRefused as refused:  # already in the access log (accounts.oidc)
                return _refused(request, refused.message)
            return response
        if isinstance(states, dict) and state in states:
            del states[state]  # the provider said no: this state is spent too
            request.session.modified = True
        if error:
            detail = f"oidc: the provider answered {error[:60]!r}"
            message = _(
                "Hệ thống đăng nhập một lần không xác nhận việc đăng nhập (có thể bạn đã hủy). Xin thử lại, hoặc "
                "đăng nhập bằng tên đăng nhập và mật khẩu."
            )
        else:
            detail = "oidc: unknown or expired state"
            message = _("Lượt đăng nhập một lần này đã hết hạn hoặc đã được dùng. Xin đăng nhập lại.")
        audit.access(kind=AccessEvent.Kind.LOGIN_FAILED, path=request.path, detail=detail)
        return _refused(request, message)

    def login_failure(self) -> HttpResponse:
        """No backend vouched for anyone (single sign-on on without its backend: a configuration mistake)."""
        audit.access(kind=AccessEvent.Kind.LOGIN_FAILED, path=self.request.path, detail="oidc: no backend")
        return _refused(
            self.request,
            _(
                "Không xác minh được thông tin đăng nhập do hệ thống đăng nhập một lần gửi về. Xin thử lại, hoặc "
                "đăng nhập bằng tên đăng nhập và mật khẩu."
            ),
        )

    def login_success(self) -> HttpResponseBase:
        from ngoaivu.accounts.views.mfa import start_second_step

        next_url = self.request.session.pop(NEXT, None) or resolve_url(settings.LOGIN_REDIRECT_URL)
        return start_second_step(self.request, self.user, next_url)


_start = OIDCAuthenticationRequestView.as_view()
_callback = CallbackView.as_view()


@never_cache
def start(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    """To the provider, with a fresh state, nonce and PKCE challenge kept in the session (and `?next=`)."""
    if not settings.NGOAIVU_OIDC_ENABLED:
        raise Http404()
    response: HttpResponseBase = _start(request)
    return response


@never_cache
def callback(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    if not settings.NGOAIVU_OIDC_ENABLED:
        raise Http404()
    response: HttpResponseBase = _callback(request)
    return response


urlpatterns: list[URLPattern] = [
    path("authenticate/", start, name="oidc_authentication_init"),
    path("callback/", callback, name="oidc_authentication_callback"),
]
