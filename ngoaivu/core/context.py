"""Per-request context (request id, IP, channel) that services and tasks read when auditing."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


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
