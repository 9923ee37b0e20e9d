"""Makers for the site's query-count test (`core/tests/test_query_counts.py`): a mechanism of province A with
province B as a member (partners Japan and Korea), and a meeting held 10 days ago with two commitments (so the
meeting lists, the commitments list and the calendar show it)."""

from __future__ import annotations

from typing import Any

from ngoaivu.border.tests.helpers import make_mechanism, make_meeting


def _meeting(w: Any) -> Any:
    mechanism = make_mechanism(w, "A", countries=("JP", "KR"), members=("B",))
    return make_meeting(w, mechanism, "A", commitments=2)


MAKERS = {
    "border_mechanism": lambda w: make_mechanism(w, "A", countries=("JP", "KR"), members=("B",)),
    "border_meeting": _meeting,
}
