"""Makers for the site's query-count test (`core/tests/test_query_counts.py`): an event owned by province A,
shared (the ministry sees it anyway), starting in 30 days so that the calendar routes show it too."""

from __future__ import annotations

from ngoaivu.events.tests.helpers import make_event

MAKERS = {
    "promotion_event": lambda w: make_event(w, "A", shared=True, countries=("JP", "KR"), missions=("X",))
}
