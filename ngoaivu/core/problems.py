from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, JsonResponse

from ngoaivu.core.exceptions import PreconditionRequired


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


MAX_VERSION = 2**31 - 1  # PositiveIntegerField's range on every database


def if_match_version(request: HttpRequest) -> int | None:
    """The record version a client sends back in `If-Match` (the ETag it read: `"3"` or `W/"3"`); None when the
    header is missing or not a version. A number no record can have is -1, which matches nothing (412), so it never
    reaches the database as an out-of-range integer."""
    raw = request.headers.get("If-Match", "").strip().strip('"').removeprefix('W/"')
    try:
        version = int(raw)
    except ValueError:
        return None
    return version if 0 <= version <= MAX_VERSION else -1


def required_version(request: HttpRequest, visible: Callable[[], object] | None = None) -> int:
    """The `If-Match` version an update must send: without it the API answers 428 instead of overwriting blindly.

    `visible` reads the record through its scope first (a selector's `…_get`), so a record one cannot see is
    still 404, never 428; it runs only when the header is missing."""
    version = if_match_version(request)
    if version is None:
        if visible is not None:
            visible()
        raise PreconditionRequired()
    return version


R = TypeVar("R")


def act_then_read(request: HttpRequest, *, read: Callable[[], R], act: Callable[[int], object]) -> R:
    """The shape of every API update and workflow action: the `If-Match` version (428 without it, after `read`
    has answered 404 for a record out of scope), `act(version)` — the service, which answers 412 when the
    version is stale —, then the record read again through its scope for the response body."""
    act(required_version(request, read))
    return read()


# OpenAPI for every operation that takes `required_version`: the header, required (412 and 428 go in `response=`).
IF_MATCH: dict[str, Any] = {
    "parameters": [
        {
            "in": "header",
            "name": "If-Match",
            "required": True,
            "description": 'ETag / `version` của bản ghi khi đọc, vd. "3". Thiếu: 428; đã cũ: 412.',
            "schema": {"type": "string", "pattern": r'^(W/)?("[0-9]{1,9}"|[0-9]{1,9})$'},
        }
    ]
}
