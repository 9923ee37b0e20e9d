"""Template helpers of the shared list page (`templates/list.html`)."""

from __future__ import annotations

from typing import Any

from django import template

from ngoaivu.core.lists import filter_error_rows

register = template.Library()


@register.simple_tag
def filter_errors_named(errors: Any, fields: Any) -> list[tuple[str, str]]:
    """The list's invalid filters as (label, message): "Từ ngày: ngày không hợp lệ …", never the query key."""
    return filter_error_rows(errors or {}, fields)
