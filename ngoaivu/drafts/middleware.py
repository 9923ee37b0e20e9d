"""Two small middlewares of the "nothing typed is lost" work (issue 18)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse

from ngoaivu.accounts.middleware import same_origin_path
from ngoaivu.accounts.models import User

# POSTs answered by a redirect that are not a form of their page going through
NOT_A_PAGE_FORM = {"core:set_language", "accounts:login", "accounts:logout"}


class SessionStatusMiddleware:
    """Answers the session-status check before SessionMiddleware runs, so that asking "has my session ended?"
    does not renew the session (SESSION_SAVE_EVERY_REQUEST renews it on every request that reaches it). Sits
    just above SessionMiddleware in settings.MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            path = reverse("drafts:session_status")
        except NoReverseMatch:  # a URLconf without the drafts app (some tests swap ROOT_URLCONF)
            return self.get_response(request)
        if request.path == path and request.method == "GET":
            from ngoaivu.drafts.views import session_status

            return session_status(request)
        return self.get_response(request)


class DraftCleanupMiddleware:
    """A form that went through spends the drafts typed on its page: an authenticated POST answered by a
    redirect (the POST-redirect-GET of core.web.save_form and run_action) drops the user's drafts on the
    page it was posted from (the same-origin Referer path). A POST that redirects with an error or warning
    message (a workflow button refused) keeps them: the text was not saved."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method != "POST" or response.status_code not in (302, 303):
            return response
        user = getattr(request, "user", None)
        if not isinstance(user, User) or not user.is_authenticated:
            return response
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in NOT_A_PAGE_FORM:
            return response
        page = same_origin_path(request, request.headers.get("Referer")).partition("?")[0]
        if not page or _refused(request):
            return response
        from ngoaivu.drafts import services

        services.drafts_discard_page(actor=user, page=page, posted_to=request.path)
        return response


def _refused(request: HttpRequest) -> bool:
    """Whether this request queued an error or warning message (run_action's refusal), read without
    consuming the messages (iterating the storage would mark them shown)."""
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", None) or []
    return any(m.level >= messages.WARNING for m in queued)
