"""Makers for the site's query-count test (`core/tests/test_query_counts.py`): a case handled by mission X
(Tokyo) for a citizen of province A. The site test reads the lists as the Cục (`ministry`), who by DOMAIN.md §2
sees no citizen case: its "newest row is on the page" check cannot hold for this model (REQUESTS.md); the
consular suite runs the same 2-vs-14-rows comparison as the consular unit (`test_query_counts.py` here)."""

from __future__ import annotations

from ngoaivu.consular.tests.helpers import make_case

MAKERS = {"citizen_case": lambda w: make_case(w, "X", "48")}
