"""A read replica (NGOAIVU_REPLICA_DATABASE_URL) takes search, Excel exports and the responsiveness report;
sign-in, pages and every write stay on the primary.

Here the "replica" is a second connection to the same database (there is no streaming replication on a test
machine): what is proved is where each query goes, on both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from ngoaivu.core.db import REPLICA, ReplicaRouter, replica_reads
from ngoaivu.core.testing.world import make_request
from ngoaivu.directory.models import Partner

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def replica() -> Iterator[None]:
    connections.settings[REPLICA] = dict(connections.settings["default"])
    # opened here: the test case refuses to open aliases it was not told about, not open ones
    connections[REPLICA] = connections.create_connection(REPLICA)
    connections[REPLICA].connect()
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


def _tables(captured: CaptureQueriesContext) -> str:
    return "\n".join(q["sql"] for q in captured.captured_queries)


def test_heavy_reads_go_to_the_replica_and_the_rest_to_the_primary(world, replica):
    make_request(world, "A", ["M"], marker="Xúc tiến đầu tư Nhật Bản")
    client = world.client("ministry")
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        assert client.get("/requests/?box=all&format=xlsx").status_code == 200
        assert client.get("/search/?q=xuc+tien").status_code == 200
        assert client.get("/requests/responsiveness/").status_code == 200
    replica_sql = _tables(on_replica)
    assert '"requests_servicerequest"' in replica_sql  # the export's rows
    assert '"search_searchentry"' in replica_sql
    assert '"requests_recipient"' in replica_sql  # the report
    primary_sql = _tables(on_primary)
    assert '"search_searchentry"' not in primary_sql
    assert '"django_session"' in primary_sql  # signing the request in stays on the primary
    assert "django_session" not in replica_sql

    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get("/requests/?box=all").status_code == 200  # a page, not an export
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert not on_replica.captured_queries


def test_writes_inside_replica_reads_still_go_to_the_primary(world, replica):
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Partner) == REPLICA
        assert router.db_for_write(Partner) is None
    assert router.db_for_read(Partner) is None
    assert router.allow_migrate(REPLICA, "directory") is False
    assert router.allow_migrate("default", "directory") is True


def test_without_a_replica_everything_reads_the_primary(world):
    with replica_reads():
        assert ReplicaRouter().db_for_read(Partner) is None
        assert Partner.objects.count() >= 0
