"""Makers for the site's query-count test (`core/tests/test_query_counts.py`)."""

from __future__ import annotations

from ngoaivu.culture.tests.helpers import make_cultural_event, make_title

MAKERS = {
    "heritage_title": lambda w: make_title(w, "A", shared=True, provinces=("Lai Châu",)),
    "cultural_event": lambda w: make_cultural_event(w, "A", shared=True, country="JP", mission="X"),
}
