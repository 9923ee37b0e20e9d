"""Types shared by every API schema: NFC-cleaned text and the one error body (after RFC 9457)."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator

from ngoaivu.core.text import clean_text


def _clean(value: object) -> object:
    return clean_text(value) if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_clean)]


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
