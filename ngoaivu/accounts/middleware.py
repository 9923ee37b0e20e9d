from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import translation

SESSION_STARTED = "ngoaivu_session_started"


class UserLanguageMiddleware:
    """Vietnamese unless the user chose English: the account's setting when signed in, else the language cookie.
    The browser's Accept-Language is deliberately ignored (Vietnamese first). Also enforces the session cap."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if not lang and request.path.startswith("/api/"):
            lang = translation.get_language_from_request(request)  # API clients may send Accept-Language
        lang = lang if lang in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_STARTED)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED] = now
            elif now - float(started) > settings.NGOAIVU_SESSION_MAX_HOURS * 3600:
                logout(request)
            else:
                lang = getattr(user, "language", "") or lang
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        return response


class DomainErrorMiddleware:
    """Turns NotFound into 404 and Forbidden into 403 (logged), StaleObject and StateConflict into 409."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.core.exceptions import PermissionDenied
        from django.core.handlers.exception import response_for_exception
        from django.http import Http404
        from django.shortcuts import render

        from ngoaivu.accounts.models import User
        from ngoaivu.audit import services as audit
        from ngoaivu.audit.models import AccessEvent
        from ngoaivu.core.exceptions import Forbidden, NotFound, StateConflict

        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotFound):
            return response_for_exception(request, Http404())
        if isinstance(exception, Forbidden):
            user = request.user
            audit.access(
                kind=AccessEvent.Kind.DENIED, user=user if isinstance(user, User) else None, path=request.path
            )
            return response_for_exception(request, PermissionDenied(str(exception)))
        if isinstance(exception, StateConflict):
            return render(request, "409.html", {"message": str(exception)}, status=409)
        return None


NO_SCOPE_ALLOWED = (
    "/accounts/login/",
    "/accounts/logout/",
    "/oidc/",
    "/i18n/",
    "/static/",
    "/api/",
    "/healthz",
)


class RequireOrganisationMiddleware:
    """No unit, no access (DOMAIN.md §2): a signed-in user without an active organisation sees only a 403
    page. The API answers 401 for such users through its authentication classes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(NO_SCOPE_ALLOWED)
            and not user.scope.active
        ):
            from django.core.exceptions import PermissionDenied
            from django.core.handlers.exception import response_for_exception

            return response_for_exception(request, PermissionDenied())
        return self.get_response(request)


ACCOUNT_STEP_ALLOWED = (
    "/accounts/logout/",
    "/accounts/password/",
    "/accounts/mfa/",
    "/i18n/",
    "/static/",
    "/session/",
    "/healthz",
)


class AccountStepMiddleware:
    """A signed-in person who still owes a step does nothing else until it is done: a password change the
    administrator required (`must_change_password`), or enrolment in two-factor sign-in when their roles
    require it (`services.mfa.mfa_required`). Pages redirect to the step; the API has its own check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith("/api/")
            and not request.path.startswith(ACCOUNT_STEP_ALLOWED)
        ):
            step = pending_account_step(user)
            if step is not None:
                from django.shortcuts import redirect

                if request.headers.get("HX-Request") == "true":
                    from django.urls import reverse

                    response = HttpResponse(status=200)
                    response["HX-Redirect"] = reverse(step)
                    return response
                return redirect(step)
        return self.get_response(request)


def pending_account_step(user: object) -> str | None:
    """The URL name of the step the user must finish first, or None."""
    from ngoaivu.accounts.models import User
    from ngoaivu.accounts.services.mfa import mfa_enabled, mfa_required

    if not isinstance(user, User):
        return None
    if user.must_change_password:
        return "accounts:password_change"
    if mfa_required(user) and not mfa_enabled(user):
        return "accounts:mfa_enrol"
    return None


def same_origin_path(request: HttpRequest, url: str | None) -> str:
    """The path and query of `url` when it points at this site (a Referer, htmx's HX-Current-URL), else ""."""
    from urllib.parse import urlsplit

    from django.utils.http import url_has_allowed_host_and_scheme

    if not url or not url_has_allowed_host_and_scheme(
        url, {request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.get_host():
        return ""
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith("//"):
        return ""
    return f"{path}?{parts.query}" if parts.query else path


class SignInRedirectMiddleware:
    """A signed-out request sent to the sign-in page comes back, after sign-in, to a page that answers GET.

    `login_required` puts the requested URL in `next`. For a form posted after the session ended that URL is
    often an action that only takes POST (a 405 after sign-in) and the typed text is gone; `next` becomes the
    page the form was on (the same-origin Referer), where js/session.js puts the text back. An htmx request
    would swap the whole sign-in page into a fragment: it gets `HX-Redirect` to the sign-in page instead, with
    the page the person is on (HX-Current-URL) as `next`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 302 or request.path.startswith("/api/"):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return response
        from urllib.parse import urlencode, urlsplit

        from django.contrib import messages
        from django.shortcuts import resolve_url
        from django.utils.translation import gettext as _

        login_url = resolve_url(settings.LOGIN_URL)
        location = urlsplit(response.get("Location", ""))
        if location.path != login_url or "next=" not in location.query:
            # only login_required's redirect (it names the page asked for) means "your session has ended"; a page
            # that sends a signed-out person to the sign-in page on purpose (the language switch, a password
            # set by link) must not say so
            return response
        htmx = request.headers.get("HX-Request") == "true"
        if not htmx and request.method in ("GET", "HEAD"):
            return response  # the page itself: `next` already answers GET
        back = ""
        if htmx:
            back = same_origin_path(request, request.headers.get("HX-Current-URL"))
        back = back or same_origin_path(request, request.headers.get("Referer"))
        if back and urlsplit(back).path == login_url:
            back = ""
        target = f"{login_url}?{urlencode({'next': back})}" if back else login_url
        # only for a form the person sent (a navigation), not for a background save (drafts, keep-alive), which
        # would queue the same warning again
        navigation = request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"
        if request.method not in ("GET", "HEAD") and (navigation or htmx):
            messages.warning(
                request,
                _(
                    "Phiên đăng nhập đã hết hạn nên nội dung chưa được gửi. Hãy đăng nhập lại để trở về trang "
                    "đang làm và gửi lại."
                ),
            )
        if htmx:
            redirect = HttpResponse(status=200)
            redirect["HX-Redirect"] = target
            return redirect
        response["Location"] = target
        return response


class SessionActivityMiddleware:
    """Keeps each signed-in session's row (`UserSession`) in step with the session store: its last activity and
    the user's `last_active_at`, at most once every five minutes, and its key when Django gave the session a new
    one (cycle_key, e.g. after a password change). What it last wrote is kept in the session itself, so that an
    ordinary request makes no query at all. A session signed in before sessions were tracked gets its row on
    its next request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self._follow(request, seen=True)
        response = self.get_response(request)
        self._follow(request, seen=False)
        return response

    @staticmethod
    def _follow(request: HttpRequest, *, seen: bool) -> None:
        from ngoaivu.accounts.models import User
        from ngoaivu.accounts.services import security

        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if session is None or not isinstance(user, User) or not user.is_authenticated:
            return
        track = session.get(security.SESSION_TRACK)
        if not track:
            if seen and session.session_key:
                security.session_track(request, user)
            return
        if track.get("key") != session.session_key:
            security.session_rekeyed(request, int(track["id"]))
        elif seen and time.time() - float(track.get("at", 0)) >= security.TOUCH_EVERY.total_seconds():
            security.session_seen(request, user, int(track["id"]))
