"""List makers for core/tests/test_query_counts.py: a dossier of province A the ministry sees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ngoaivu.core.testing.world import World
from ngoaivu.market_access.tests.factories import make_dossier

MAKERS: dict[str, Callable[[World], Any]] = {
    "dossier": lambda w: make_dossier(w, "A", shared=True, market="JP", mission="X"),
}
