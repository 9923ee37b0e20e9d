"""Makers for the site's query-count test (`core/tests/test_query_counts.py`): a visit hosted by province A,
shared, from a Japanese agency, starting in 30 days so that the calendar routes show it too, with reporters;
its `marker` (the agency, shown on every list) is what the test looks for. The counts page (by province as
named then) gets licensed visits each filed under its own name as then, so every row adds a line."""

from __future__ import annotations

from typing import Any

from ngoaivu.press.models import PressVisit
from ngoaivu.press.tests.helpers import make_visit


def _visit(world: Any) -> PressVisit:
    visit = make_visit(world, "A", shared=True, country="JP", reporters=2, licence_number="1/BNG")
    visit.marker = visit.outlet  # type: ignore[attr-defined]
    return visit


def _licensed(world: Any) -> PressVisit:
    visit = _visit(world)
    PressVisit.objects.system(reason="query-count maker").filter(pk=visit.pk).update(
        status=PressVisit.Status.AGREED, province_as_named=visit.outlet
    )
    return visit


MAKERS = {"press_visit": _visit}
ROUTE_MAKERS = {"press/counts/": _licensed}
