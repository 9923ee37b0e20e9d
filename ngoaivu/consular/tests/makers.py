"""Makers for the site's query-count test (`core/tests/test_query_counts.py`): a case handled by mission X
(Tokyo) for a citizen of province A, read by the consular unit's officer (READERS): the Cục (`ministry`) sees no
citizen case (DOMAIN.md §2)."""

from __future__ import annotations

from typing import Any

from ngoaivu.consular.tests.helpers import CONSULAR, client, make_case


def _listed_case(world: Any) -> Any:
    """The list shows the reference, not the summary: the site test looks for the reference on the page."""
    case = make_case(world, "X", "48")
    case.marker = case.reference
    return case


MAKERS = {"citizen_case": _listed_case}
READERS = {"citizen_case": lambda w: client(w, CONSULAR)}
