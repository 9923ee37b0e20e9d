"""List makers for core/tests/test_query_counts.py: a shared search of province A with a proposal by X, which
the ministry sees. H2's locality-profile makers join from `makers_profiles.py` when it exists."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any

from ngoaivu.core.testing.world import World
from ngoaivu.partnering.tests.factories_searches import make_search, propose


def _search(world: World) -> Any:
    search = make_search(world, "A", shared=True, fields=("education",))
    propose(world, "x_officer", search)
    return search


MAKERS: dict[str, Callable[[World], Any]] = {"partner_search": _search}
if importlib.util.find_spec("ngoaivu.partnering.tests.makers_profiles"):
    from ngoaivu.partnering.tests import makers_profiles

    MAKERS.update(makers_profiles.MAKERS)
