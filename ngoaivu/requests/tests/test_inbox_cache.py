"""The inbox page cache: a repeat read skips the page queries, and any change to a request or one of its parts
on the page (a save, or a bulk update of parts) is visible at once; organisations never share entries."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ngoaivu.core.testing.world import make_request
from ngoaivu.requests import services
from ngoaivu.requests.models import Recipient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cached(settings):
    settings.NGOAIVU_INBOX_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def inbox(client):
    return client.get("/api/v1/requests?box=inbox&page_size=25").json()["items"]


def test_a_repeat_read_skips_the_page_queries_and_sees_every_change(world):
    req = make_request(world, "A", ["X", "Y"], marker="Đặt hàng thử bộ nhớ đệm")
    mission = world.client("x_officer")
    first = inbox(mission)
    assert [r["title"] for r in first] == ["Đặt hàng thử bộ nhớ đệm"]
    with CaptureQueriesContext(connection) as cold:
        inbox(world.client("y_officer"))
    with CaptureQueriesContext(connection) as warm:
        assert inbox(mission) == first
    assert len(warm) < len(cold)
    assert not any('requests_recipient"."rating_comment' in q["sql"] for q in warm.captured_queries)

    services.request_action(actor=world.users["x_officer"], request_id=req.pk, action="acknowledge")
    statuses = {p["organisation"]: p["status"] for p in inbox(mission)[0]["recipients"]}
    assert statuses["cqdd-jp-tokyo"] == "acknowledged"

    Recipient.objects.filter(request=req, organisation__code="cqdd-kr-seoul").update(status="clarification")
    stale = {p["organisation"]: p["status"] for p in inbox(mission)[0]["recipients"]}
    assert stale["cqdd-kr-seoul"] == "new"  # a bulk update that does not stamp updated_at is not seen…
    from django.utils import timezone

    Recipient.objects.filter(request=req, organisation__code="cqdd-kr-seoul").update(
        updated_at=timezone.now()
    )
    fresh = {p["organisation"]: p["status"] for p in inbox(mission)[0]["recipients"]}
    assert fresh["cqdd-kr-seoul"] == "clarification"  # …which is why every bulk update in services stamps it


def test_closing_a_request_empties_the_inbox_at_once(world):
    req = make_request(world, "A", ["X"], marker="Đặt hàng sẽ đóng")
    mission = world.client("x_officer")
    assert len(inbox(mission)) == 1
    services.request_action(actor=world.users["a_editor"], request_id=req.pk, action="withdraw")
    assert inbox(mission) == []


def test_organisations_do_not_share_cached_pages(world):
    make_request(world, "A", ["X"], marker="Chỉ cho Tokyo")
    make_request(world, "B", ["Y"], marker="Chỉ cho Seoul")
    assert [r["title"] for r in inbox(world.client("x_officer"))] == ["Chỉ cho Tokyo"]
    assert [r["title"] for r in inbox(world.client("y_officer"))] == ["Chỉ cho Seoul"]
    assert [r["title"] for r in inbox(world.client("x_officer"))] == ["Chỉ cho Tokyo"]


@pytest.mark.parametrize("query", ["", "&page=2&page_size=1", "&page_size=200"])
def test_the_kept_inbox_body_is_the_one_ninja_renders_and_follows_changes(world, settings, query):
    req = make_request(world, "A", ["X"], marker="Đặt hàng một")
    make_request(world, "B", ["X"], marker="Đặt hàng hai")
    mission = world.client("x_officer")
    url = f"/api/v1/requests?box=inbox{query}"
    settings.NGOAIVU_INBOX_CACHE_SECONDS = 0
    rendered_by_ninja = mission.get(url)
    settings.NGOAIVU_INBOX_CACHE_SECONDS = 60
    first = mission.get(url)  # built and kept
    with CaptureQueriesContext(connection) as warm:
        kept = mission.get(url)
    assert rendered_by_ninja.status_code == first.status_code == kept.status_code == 200
    assert first.content == rendered_by_ninja.content
    assert kept.content == rendered_by_ninja.content
    assert kept["Content-Type"] == rendered_by_ninja["Content-Type"]
    assert not any(
        "requests_recipient" in q["sql"] and "rating_comment" in q["sql"] for q in warm.captured_queries
    )

    services.request_action(actor=world.users["x_officer"], request_id=req.pk, action="acknowledge")
    settings.NGOAIVU_INBOX_CACHE_SECONDS = 0
    expected = mission.get(url).content
    settings.NGOAIVU_INBOX_CACHE_SECONDS = 60
    assert mission.get(url).content == expected  # the change shows at once
    assert world.client("y_officer").get(url).json()["count"] == 0  # organisations never share entries
