"""Makers for the site's query-count test (`core/tests/test_query_counts.py`): a visit hosted by province A,
shared, from a Japanese agency, starting in 30 days so that the calendar routes show it too, with reporters."""

from __future__ import annotations

from ngoaivu.press.tests.helpers import make_visit

MAKERS = {
    "press_visit": lambda w: make_visit(
        w, "A", shared=True, country="JP", reporters=2, licence_number="1/BNG"
    )
}
