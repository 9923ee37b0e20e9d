from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse


def problem_response(
    request: HttpRequest,
    status: int,
    type_: str,
    title: str,
    detail: str = "",
    errors: list[dict[str, str]] | None = None,
) -> JsonResponse:
    """The one error body of the API (after RFC 9457), with the request id for support."""
    return JsonResponse(
        {
            "type": type_,
            "title": str(title),
            "status": status,
            "detail": str(detail),
            "request_id": getattr(request, "request_id", ""),
            "errors": errors or [],
        },
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def api_user(request: HttpRequest) -> Any:
    """The authenticated user of an API call (set by the API's auth classes)."""
    return request.auth  # type: ignore[attr-defined]


def if_match_version(request: HttpRequest) -> int | None:
    """The record version a client sends back in `If-Match` (the ETag it read: `"3"` or `W/"3"`); None when the
    header is missing or not a version."""
    raw = request.headers.get("If-Match", "").strip().strip('"').removeprefix('W/"')
    try:
        return int(raw)
    except ValueError:
        return None
