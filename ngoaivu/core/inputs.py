"""Service inputs built from what a form or a schema already validated, instead of field-by-field copies."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from ngoaivu.core.text import clean_line, clean_text

T = TypeVar("T")


def input_from(cls: type[T], data: Mapping[str, Any], **overrides: Any) -> T:
    """`cls` (a service's frozen input dataclass) from the keys of `data` it names — a form's `cleaned_data`
    or a schema's `model_dump()` — with `overrides` for the fields whose shape differs (ids, tuples).
    Keys `cls` does not name (`version`, `confirm_duplicate`, …) are left out; a field that is neither in
    `data` nor in `overrides` keeps its default, or fails loudly when it has none."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls.__name__} is not a dataclass")
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = set(overrides) - names
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {sorted(unknown)}")
    values = {k: v for k, v in data.items() if k in names}
    values.update(overrides)
    return cls(**values)


def max_length(model: type[models.Model], name: str) -> int:
    """A text field's length limit, read from the model so a service's check cannot drift from the column."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} has no max_length")
    return int(field.max_length)


def checked_text(
    errors: dict[str, list[str]],
    name: str,
    value: str,
    limit: int,
    *,
    required: bool = False,
    one_line: bool = False,
) -> str:
    """NFC text (one line when asked), with "empty" and "too long" added to `errors` under the field's name."""
    value = (clean_line if one_line else clean_text)(value or "")
    if required and not value:
        errors.setdefault(name, []).append(_("Không được để trống."))
    if len(value) > limit:
        errors.setdefault(name, []).append(_("Tối đa %(n)d ký tự.") % {"n": limit})
    return value
