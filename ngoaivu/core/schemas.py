"""Types shared by every API schema: NFC-cleaned text and the one error body (after RFC 9457)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, TypedDict

from ninja import Schema
from pydantic import BeforeValidator, Field

from ngoaivu.core.text import clean_line, clean_text


def _clean(value: object) -> object:
    return clean_text(value) if isinstance(value, str) else value


def _clean_line(value: object) -> object:
    return clean_line(value) if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_clean)]
"""Multi-line text (a description, programme, comment): NFC, no control characters, line breaks kept."""
Line = Annotated[str, BeforeValidator(_clean_line)]
"""Single-line text (a title, name, number, place): as `Text`, with line breaks and tabs made spaces."""


MIN_YEAR, MAX_YEAR = 1900, 2200
"""The years an API date may name: deadlines count back and forward from it (a year-1 date overflowed, 500)."""


def _iso_date(value: object) -> object:
    """Dates in the API are ISO strings (YYYY-MM-DD); numbers and other forms are refused."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a date as YYYY-MM-DD")
    if not MIN_YEAR <= int(value[:4]) <= MAX_YEAR:
        raise ValueError(f"expected a year from {MIN_YEAR} to {MAX_YEAR}")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
DbId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str = ""
    request_id: str = ""
    errors: list[FieldError] = []


ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}
"""The problem answers every API operation may give (RFC 9457 bodies), for `response=`."""


class Versioned(TypedDict):
    response: dict[int, Any]
    openapi_extra: dict[str, Any]


def versioned(out: Any, *, conflict: bool = True) -> Versioned:
    """The route options of an update or workflow action (`core.problems.act_then_read`): its answers — 409 when
    the record's state may refuse it, 412 stale, 428 without If-Match — and the required If-Match header."""
    from ngoaivu.core.problems import IF_MATCH

    return {
        "response": {200: out, **({409: Problem} if conflict else {}), 412: Problem, 428: Problem, **ERRORS},
        "openapi_extra": IF_MATCH,
    }
