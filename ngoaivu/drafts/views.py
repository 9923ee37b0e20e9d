"""Web endpoints (not the REST API) behind js/session.js and js/drafts.js. JSON in, JSON out; CSRF as any
form. Drafts belong to the signed-in user alone: every read and write is keyed by `request.user`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ngoaivu.accounts.sessions import WARN_SECONDS, seconds_left, stored_status
from ngoaivu.accounts.web import signed_in
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.drafts import selectors, services


def _problem(exc: ServiceError) -> JsonResponse:
    return JsonResponse({"message": exc.message, "errors": exc.errors}, status=400)


@require_POST
@never_cache
def keep_alive(request: HttpRequest) -> JsonResponse:
    """The "Tiếp tục làm việc" button and typing in a form: the session is renewed like by any request (never past the
    absolute cap); the answer says how long it now has. A signed-out caller gets 401 and signed_in false."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0}, status=401)
    return JsonResponse(
        {"signed_in": True, "seconds_left": seconds_left(request), "warn_seconds": WARN_SECONDS}
    )


@require_GET
@never_cache
def session_status(request: HttpRequest) -> JsonResponse:
    """Whether the session of this browser is still signed in and for how long, without renewing it (served
    by drafts.middleware.SessionStatusMiddleware before the session middleware)."""
    alive, left = stored_status(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
    return JsonResponse({"signed_in": alive, "seconds_left": left, "warn_seconds": WARN_SECONDS})


@login_required
@require_GET
@never_cache
def draft_list(request: HttpRequest) -> JsonResponse:
    """The user's drafts on `?page=` (a path), with the time each was saved in words for the offer."""
    user = signed_in(request)
    try:
        key = services.draft_key(page=request.GET.get("page", ""), field="-")
    except ServiceError as exc:
        return _problem(exc)
    drafts = [
        {
            "field": d.field,
            "text": d.text,
            "updated_at": d.updated_at.isoformat(),
            "saved_at": timezone.localtime(d.updated_at).strftime("%H:%M %d/%m/%Y"),
        }
        for d in selectors.draft_list(user=user, page=key.page)
    ]
    return JsonResponse({"page": key.page, "drafts": drafts})


@login_required
@require_POST
def draft_save(request: HttpRequest) -> HttpResponse:
    """POST page, field, text: 204 when kept (or dropped, for an empty text), 400 with a message."""
    try:
        services.draft_save(
            actor=signed_in(request),
            page=request.POST.get("page", ""),
            field=request.POST.get("field", ""),
            text=request.POST.get("text", ""),
        )
    except ServiceError as exc:
        return _problem(exc)
    return HttpResponse(status=204)


@login_required
@require_POST
def draft_discard(request: HttpRequest) -> HttpResponse:
    """POST page, field: "Bỏ bản nháp". 204 whether or not there was one (discarding twice is not an error)."""
    try:
        services.draft_discard(
            actor=signed_in(request), page=request.POST.get("page", ""), field=request.POST.get("field", "")
        )
    except ServiceError as exc:
        return _problem(exc)
    return HttpResponse(status=204)
