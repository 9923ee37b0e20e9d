"""Every list of the briefs (pages, exports, API) runs the same number of SQL queries for 2 rows as for 14: the
readership figures are subqueries, the countries and HS chapters prefetched."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngoaivu.core.testing.world import text_of
from ngoaivu.information.tests.endpoints import ENDPOINTS
from ngoaivu.information.tests.makers import MAKERS, READERS, ROUTE_MAKERS

pytestmark = pytest.mark.django_db
LISTS = [e for e in ENDPOINTS if e.kind == "list" and e.method == "get"]


def _queries(client, url):  # type: ignore[no-untyped-def]
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    sql = [
        q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]
    return len(sql), text_of(response)


@pytest.mark.parametrize("ep", LISTS, ids=lambda e: f"{e}-{e.url(None)}")
def test_a_list_runs_as_many_queries_for_12_more_rows(world, ep):
    make = ROUTE_MAKERS.get(ep.route, MAKERS[ep.model])
    client = READERS[ep.model](world) if ep.model in READERS else world.client("ministry")
    url = ep.url(None)
    if "page_size" not in url:
        url += ("&" if "?" in url else "?") + "page_size=50"
    for _ in range(2):
        made = make(world)
    world.client("a_editor").get(f"/briefs/{made.pk}/") if ep.model == "brief" else None  # a read counted
    few, _text = _queries(client, url)
    more = [make(world) for _ in range(12)]
    for record in more[:3]:
        if ep.model == "brief":
            world.client("a_editor").get(f"/briefs/{record.pk}/")
    many, text = _queries(client, url)
    if "xlsx" not in url:
        assert more[-1].marker in text, f"{ep}: the newest row is not on the page"
    assert many == few, f"{ep}: {few} queries for 2 rows, {many} for 14"
