"""Per-request context (request id, IP, channel) that services and tasks read when auditing."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    channel: str = "system"


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "ngoaivu_request_context",
    default=RequestContext(),  # noqa: B039 - frozen dataclass
)


def current() -> RequestContext:
    return _current.get()


def set_context(ctx: RequestContext) -> contextvars.Token[RequestContext]:
    return _current.set(ctx)


def reset_context(token: contextvars.Token[RequestContext]) -> None:
    _current.reset(token)


_memo: contextvars.ContextVar[dict[Hashable, Any] | None] = contextvars.ContextVar(
    "ngoaivu_request_memo", default=None
)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per request for `key` (RequestIdMiddleware opens and closes the memo); outside a request
    (commands, jobs, a selector called from a test) every call computes. Only for reads that no request writes:
    the memo is never invalidated while the request runs."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[no-any-return]


def open_memo() -> contextvars.Token[dict[Hashable, Any] | None]:
    return _memo.set({})


def close_memo(token: contextvars.Token[dict[Hashable, Any] | None]) -> None:
    _memo.reset(token)
