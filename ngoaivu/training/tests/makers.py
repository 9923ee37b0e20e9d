"""Makers for the site's query-count test (`core/tests/test_query_counts.py`): a course of the ministry
starting in 30 days (so the calendar routes show it too), and a nomination of province A to such a course
(`marker`: the trainee's name, on the nominations and trainees lists)."""

from __future__ import annotations

from typing import Any

from ngoaivu.training.tests.helpers import make_course, nominate


def _nomination(world: Any) -> Any:
    return nominate(world, "A", make_course(world, "M"))


MAKERS = {
    "training_course": lambda w: make_course(w, "M"),
    "training_nomination": _nomination,
}
