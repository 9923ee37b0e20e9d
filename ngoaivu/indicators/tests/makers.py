"""Indicator values for tests, the leak suite and the query-count test (`core/tests/test_query_counts.py`
picks up MAKERS): each a value owned by a province of the world, its `marker` written in its source (shown on
every list)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from ngoaivu.core.testing.world import World
from ngoaivu.indicators import services
from ngoaivu.indicators.models import IndicatorValue

_numbers = itertools.count(1)
EDITORS = {"A": "a_editor", "B": "b_editor"}
# former units of the world's provinces for periods before 01/07/2025 (A: Đà Nẵng is merged; B: Lai Châu not)
FORMER = {"A": "48", "B": ""}


def _slot(n: int) -> tuple[str, str]:
    """A distinct (indicator, period) per value: yearly remittances for 2006–2024, then monthly arrivals."""
    if n <= 19:
        return "remittances", str(2005 + n)
    month = n - 19
    return "international_arrivals", f"{2005 + (month - 1) // 12 + 1}-{(month - 1) % 12 + 1:02d}"


def make_value(
    world: World, owner: str = "A", *, status: str = "validated", marker: str | None = None, value: int = 1000
) -> IndicatorValue:
    """A value of province `owner` ("A" or "B") in `status` (draft, submitted, returned, validated)."""
    marker = marker or f"VAL{owner}{next(_numbers):05d}Q"
    n = next(_numbers) % 150 + 1
    indicator, period = _slot(n)
    editor = world.users[EDITORS[owner]]
    obj = None
    while obj is None:
        try:
            obj = services.value_create(
                actor=editor,
                data=services.ValueInput(
                    indicator=indicator,
                    period=period,
                    value=Decimal(value),
                    former_province=FORMER[owner],
                    source=marker,
                ),
            )
        except services.ServiceError:
            n = next(_numbers) % 150 + 1
            indicator, period = _slot(n)
    if status != "draft":
        obj = services.value_submit(actor=editor, value_id=obj.pk, expected_version=obj.version)
    if status == "returned":
        obj = services.value_return(
            actor=world.users["ministry"],
            value_id=obj.pk,
            expected_version=obj.version,
            reason="Kiểm tra lại",
        )
    elif status == "validated":
        obj = services.value_validate(
            actor=world.users["ministry"], value_id=obj.pk, expected_version=obj.version
        )
    obj.marker = marker  # type: ignore[attr-defined]
    return obj


def _ministry_sees(world: World) -> Any:
    return make_value(world, "A", status="submitted")


MAKERS = {"indicator_value": _ministry_sees}
