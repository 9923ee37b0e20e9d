"""Service inputs built from what a form or a schema already validated, instead of field-by-field copies."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

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
