"""Indicators computed from ngoaivu's own records. A catalogue row names its function by dotted path
(`computed_by`); the function lives in the app that owns the records (agreements are below this app, so
their functions live here; aid, delegations and requests sit above and keep theirs in their own
`indicator_sources.py`), so no app imports upward. A test resolves every path of the catalogue.

Every function has the signature of `FigureSource`: the yearly figures for the years asked, per province as
the records name it, counted over all records (aggregates are figures, not records, and need no scope)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ComputedFigure:
    province_id: int  # the current province the records belong to
    former_province_id: int | None  # the pre-2025 unit, where the records name one
    year: int
    value: Decimal
    currency: str = ""  # money figures only: the currency the records are kept in (one figure per currency)


FigureSource = Callable[..., list[ComputedFigure]]
"""fn(*, year_from: int, year_to: int) -> list[ComputedFigure]; for `where_kept` indicators, a province-year
present in the result is "kept here": entered values for it are refused and never added."""
