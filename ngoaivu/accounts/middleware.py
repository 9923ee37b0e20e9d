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


NO_SCOPE_ALLOWED = ("/accounts/login/", "/accounts/logout/", "/i18n/", "/static/", "/api/", "/healthz")


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
