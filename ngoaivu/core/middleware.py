from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from ngoaivu.core import context
from ngoaivu.core.client_address import client_address

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, through the trusted proxies only (core.client_address)."""
    return client_address(request)


class RequestIdMiddleware:
    """Gives each request an id (or keeps a well-formed X-Request-ID) for logs, audit rows and errors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        channel = "api" if request.path.startswith("/api/") else "ui"
        token = context.set_context(context.RequestContext(request_id, client_ip(request), channel))
        memo = context.open_memo()
        try:
            response = self.get_response(request)
        finally:
            context.close_memo(memo)
            context.reset_context(token)
        response["X-Request-ID"] = request_id
        return response


def refusal(request: HttpRequest, status: int, type_: str, title: str, message: str) -> HttpResponse:
    """A request refused before or around its view: problem JSON on the API, the message as text elsewhere."""
    from ngoaivu.core.problems import problem_response

    if request.path.startswith("/api/"):
        return problem_response(request, status, type_, title, message)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RejectNulMiddleware:
    """A NUL character in the query string is refused with 400 before any view runs: PostgreSQL cannot store
    or compare it (the driver raises), and no legitimate filter or search needs it. Bodies are cleaned by the
    forms and schemas (`clean_text`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            from django.utils.translation import gettext as _

            message = _("Tham số trên địa chỉ chứa ký tự không hợp lệ (NUL).")
            return refusal(request, 400, "invalid_query", _("Yêu cầu không hợp lệ"), message)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy without inline script, and no caching of signed-in pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/v1/docs"):
            response.setdefault(
                "Content-Security-Policy",
                settings.NGOAIVU_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
            )
        else:
            response.setdefault("Content-Security-Policy", settings.NGOAIVU_CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if not request.path.startswith(settings.STATIC_URL):
            response.setdefault("Cache-Control", "no-store")
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.current().request_id or "-"
        return True


class DatabaseUnavailableMiddleware:
    """A view cut off from the database (a restart, a dropped connection, a failover) answers 503 with
    Retry-After instead of a bare 500: its transaction was rolled back, nothing was half-written, and the
    client may send it again. The next request reconnects (CONN_HEALTH_CHECKS); the error is logged. Only
    outages (`core.outages.is_outage`): any other OperationalError is a bug and stays a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from ngoaivu.core.outages import is_outage

        if not is_outage(exception):
            return None  # a refused query is a bug: Django's 500, logged with its traceback
        from django.utils.translation import gettext as _

        logging.getLogger("ngoaivu.database").error(
            "database unavailable on %s %s: %s", request.method, request.path, exception
        )
        message = _("Cơ sở dữ liệu tạm thời không phản hồi; thao tác chưa được lưu. Xin thử lại sau ít giây.")
        response = refusal(request, 503, "database_unavailable", _("Tạm thời không phục vụ được"), message)
        response["Retry-After"] = "5"
        return response
