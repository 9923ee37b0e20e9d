"""The site's query-count test reads every list as the Cục (`ministry`), who sees no citizen case (DOMAIN.md §2):
here the same comparison — 2 rows, then 14 — runs as the consular unit, who sees them all, and as the handling
mission."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngoaivu.consular.tests.endpoints import ENDPOINTS
from ngoaivu.consular.tests.helpers import CONSULAR, client, make_case
from ngoaivu.core.testing.world import text_of

LISTS = [e for e in ENDPOINTS if e.kind == "list"]


def _queries(c, url):
    c.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = c.get(url)
    assert response.status_code == 200, url
    n = len([q for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))])
    return n, text_of(response)


@pytest.mark.parametrize("who", [CONSULAR, "x_officer", "a_editor"])
@pytest.mark.parametrize("ep", LISTS, ids=str)
def test_a_case_list_runs_as_many_queries_for_12_more_rows(world, ep, who):
    c = client(world, who)
    url = ep.url(None)
    for _ in range(2):
        make_case(world, "X", "48")
    few, _t = _queries(c, url)
    more = [make_case(world, "X", "48") for _ in range(12)]
    many, text = _queries(c, url)
    assert more[-1].reference in text
    assert many == few, f"{ep}: {few} queries for 2 rows, {many} for 14"


@pytest.mark.parametrize("who", ["ministry", CONSULAR])
def test_the_counts_run_as_many_queries_for_more_countries(world, who):
    c = client(world, who)
    make_case(world, "X", "48")
    few, _t = _queries(c, "/citizen-cases/summary/")
    for country in ("JP", "US", "KR"):
        make_case(world, "Y", "12", country=country, kind="arrest")
    many, _t = _queries(c, "/citizen-cases/summary/")
    assert many == few
