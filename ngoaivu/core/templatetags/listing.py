"""Template helpers of the shared list page (`templates/list.html`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from ngoaivu.core.lists import filter_error_rows

register = template.Library()


@register.simple_tag
def filter_errors_named(errors: Any, fields: Any) -> list[tuple[str, str]]:
    """The list's invalid filters as (label, message): "Từ ngày: ngày không hợp lệ …", never the query key."""
    return filter_error_rows(errors or {}, fields)


@register.simple_tag
def choice_options(choices: Any, current: Any) -> str:
    """The `<option>`s of a list filter, the current one selected: what the loop of `list.html` wrote (each value
    and label `unlocalize`d and escaped, "selected" where the value and the current filter read the same as
    text), built in Python — a province's list page offers 400-500 options, and rendering them one template
    node at a time cost a fifth of the page."""
    selected = _as_text(current)
    return mark_safe(  # noqa: S308 (every part escaped below)
        "".join(
            f'<option value="{conditional_escape(_unlocalized(value))}"'
            f"{' selected' if _as_text(value) == selected else ''}>{conditional_escape(_unlocalized(label))}"
            "</option>"
            for value, label in choices
        )
    )


def _unlocalized(value: Any) -> str:
    """Django's `unlocalize` filter."""
    return str(formats.localize(value, use_l10n=False))


def _as_text(value: Any) -> str:
    """Django's `stringformat:"s"` filter."""
    if isinstance(value, tuple):
        value = str(value)
    return "%s" % value  # noqa: UP031 (the filter's own formatting)
