"""List makers for core/tests/test_query_counts.py: a published brief of mission X to all provinces (the ministry
sees it), and a subscription of province A."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ngoaivu.core.testing.world import World
from ngoaivu.information.tests.factories import make_brief, make_subscription

MAKERS: dict[str, Callable[[World], Any]] = {
    "brief": lambda w: make_brief(w, "X"),
    "brief_subscription": lambda w: make_subscription(w, "A"),
}
