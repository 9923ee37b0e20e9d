"""Site-wide pages that draw on several apps: the home work list and the language switch.

They live at the top layer because they read from every app; a reports/dashboard app will take
the home page over when the work-list parts (requests, agreements, delegations) land."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_POST

from ngoaivu.accounts.selectors import AuditFilters, audit_event_rows
from ngoaivu.accounts.services import user_set_language
from ngoaivu.accounts.web import signed_in
from ngoaivu.agreements import selectors as agreement_selectors
from ngoaivu.border import selectors as border_selectors
from ngoaivu.consular import selectors as consular_selectors
from ngoaivu.core.lists import stamped_count
from ngoaivu.core.problems import problem_response
from ngoaivu.core.tasks import worker_health
from ngoaivu.delegations import selectors as delegation_selectors
from ngoaivu.directory import selectors as directory
from ngoaivu.directory.filters import MissionFilters, PartnerFilters
from ngoaivu.press import selectors as press_selectors
from ngoaivu.requests import selectors as request_selectors
from ngoaivu.training import selectors as training_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    scope = user.scope
    org = user.organisation
    context = {
        "title": _("Trang chủ"),
        "scope": scope,
        "organisation": org,
        "partner_count": stamped_count(directory.partner_list(user=user, filters=PartnerFilters())),
        "own_partner_count": stamped_count(
            directory.partner_list(user=user, filters=PartnerFilters(owner=org.code))
        )
        if org
        else 0,
        "mission_count": directory.mission_list(filters=MissionFilters()).count(),
        "recent": audit_event_rows(user=user, filters=AuditFilters())[:10],
        "work": request_selectors.work_counts(user=user) if scope.active else [],
        "agreement_work": agreement_selectors.work_counts(user=user) if scope.active else [],
        "delegation_work": delegation_selectors.work_counts(user=user) if scope.active else [],
        # issue 21: press answers, citizen cases, nominations, border commitments — only what needs doing
        "people_work": [
            w
            for app in (press_selectors, consular_selectors, training_selectors, border_selectors)
            for w in app.work_counts(user=user)
            if w["n"]
        ]
        if scope.active
        else [],
        "province": directory.province_get(code=org.province_code) if org and org.province_code else None,
        "mission": getattr(org, "mission", None) if org and scope.is_mission else None,
        # administrators learn here that e-mail, reminders and reindexing have stopped
        "worker": worker_health() if scope.is_site_admin else None,
    }
    return render(request, "core/home.html", context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch between Vietnamese and English; remembered on the account when signed in."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
        if request.user.is_authenticated:
            user_set_language(actor=request.user, user=request.user, language=language)  # type: ignore[arg-type]
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django refuses some requests before any view (a Host header that is not a host name, a suspicious body):
    the API still answers with its one error body, as documented; pages keep Django's 400 page."""
    if request.path.startswith("/api/"):
        return problem_response(
            request,
            400,
            "bad_request",
            _("Yêu cầu không hợp lệ"),
            _("Yêu cầu bị từ chối trước khi xử lý (tiêu đề Host hoặc dữ liệu gửi lên không hợp lệ)."),
        )
    return defaults.bad_request(request, exception or Exception())


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """JSON problem body under /api/ (routes that do not match, e.g. a non-numeric id); the HTML page elsewhere."""
    if request.path.startswith("/api/"):
        return problem_response(
            request, 404, "not_found", _("Không tìm thấy"), _("Địa chỉ API không tồn tại.")
        )
    return defaults.page_not_found(request, exception or Http404())
