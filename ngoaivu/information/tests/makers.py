"""List makers for core/tests/test_query_counts.py: a published brief of mission X to all provinces (the ministry
sees it), and a subscription of province A."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ngoaivu.core.testing.world import World
from ngoaivu.information.tests.factories import make_brief, make_subscription


def _reader(who: str) -> Callable[[World], Any]:
    return lambda w: w.client(who)


MAKERS: dict[str, Callable[[World], Any]] = {
    "brief": lambda w: make_brief(w, "X"),
    "brief_subscription": lambda w: make_subscription(w, "A"),
}
# the readership page lists the reader's own organisation's briefs: the ministry's, for the ministry's officer
ROUTE_MAKERS: dict[str, Callable[[World], Any]] = {"briefs/readership/": lambda w: make_brief(w, "M")}
# subscriptions are a province's own: read by Đà Nẵng's officer
READERS: dict[str, Callable[[World], Any]] = {"brief_subscription": _reader("a_editor")}
