"""A search's owner is told when a candidate is proposed (after the commit, once), sees how many days its
search has left ("còn N ngày" / "quá hạn N ngày"), and is reminded 7 days before the end date and on that day."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from freezegun import freeze_time

from ngoaivu.accounts.models import Notification
from ngoaivu.core.testing.world import text_of
from ngoaivu.partnering import services
from ngoaivu.partnering.models import PartnerSearch
from ngoaivu.partnering.tests.factories_searches import make_search, propose

pytestmark = pytest.mark.django_db


def _notified(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


@freeze_time("2026-03-10 09:00:00")
def test_the_owner_is_told_after_the_commit_when_a_candidate_is_proposed(
    world, django_capture_on_commit_callbacks
):
    search = make_search(world, "A", countries=("JP",), shared=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        proposal = propose(world, "x_officer", search)
    assert _notified("partner_proposal") == set()  # nothing before the commit
    for callback in callbacks:
        callback()
    assert _notified("partner_proposal") == {
        "a_editor"
    }  # Đà Nẵng's staff; the mission that proposed is not told
    note = Notification.objects.get(kind="partner_proposal")
    assert search.title in note.title
    assert note.url.startswith(search.get_absolute_url())
    assert services.notify_proposed(proposal.pk) == 0  # once (dedupe)


@freeze_time("2026-03-10 09:00:00")
def test_the_list_and_the_page_show_days_left_and_days_late(world):
    soon = make_search(
        world, "A", countries=("JP",), open_until=dt.date(2026, 3, 15), marker="DEADLINESOON1Q"
    )
    url = f"/partnering/searches/{soon.pk}/"
    assert "còn 5 ngày" in text_of(world.client("a_editor").get(url))
    assert "còn 5 ngày" in text_of(world.client("a_editor").get("/partnering/searches/?q=DEADLINESOON1Q"))
    # the days go by (the date moved in the database: the signed-in session would not survive a time jump)
    rows = PartnerSearch.objects.system(reason="test: time passes").filter(pk=soon.pk)
    rows.update(open_until=dt.date(2026, 3, 7))
    assert "quá hạn 3 ngày" in text_of(world.client("a_editor").get(url))
    assert "quá hạn 3 ngày" in text_of(world.client("a_editor").get("/partnering/searches/?format=xlsx"))
    rows.update(open_until=dt.date(2026, 3, 10))
    assert "hết hạn hôm nay" in text_of(world.client("a_editor").get(url))
    services.search_close(
        actor=world.users["a_editor"], search_id=soon.pk, expected_version=None, reason="xong"
    )
    rows.update(open_until=dt.date(2026, 3, 7))
    assert "quá hạn" not in text_of(world.client("a_editor").get(url))  # a closed search has no deadline


@freeze_time("2026-03-10 09:00:00")
def test_the_owner_is_reminded_seven_days_before_and_on_the_day_once_each(world):
    search = make_search(world, "A", countries=("JP",), open_until=dt.date(2026, 3, 20))
    closed = make_search(world, "B", countries=("JP",), open_until=dt.date(2026, 3, 20))
    services.search_close(
        actor=world.users["b_editor"], search_id=closed.pk, expected_version=None, reason="x"
    )
    assert services.remind_search_deadlines(dt.date(2026, 3, 12)) == {"soon": 0, "due": 0}  # 8 days left
    assert services.remind_search_deadlines(dt.date(2026, 3, 13)) == {"soon": 1, "due": 0}  # 7 days left
    assert services.remind_search_deadlines(dt.date(2026, 3, 14)) == {"soon": 0, "due": 0}  # already reminded
    assert _notified("partner_search_deadline") == {"a_editor"}  # not Lai Châu: its search is closed
    assert services.remind_search_deadlines(dt.date(2026, 3, 20)) == {"soon": 0, "due": 1}  # the day itself
    assert services.remind_search_deadlines(dt.date(2026, 3, 21)) == {"soon": 0, "due": 0}
    titles = sorted(
        Notification.objects.filter(kind="partner_search_deadline").values_list("title", flat=True)
    )
    assert any("còn 7 ngày" in t for t in titles)
    assert any("đã đến hạn 20/03/2026" in t for t in titles)
    # a new end date reminds again; a search long past its date when the job first runs is not reminded
    services.search_update(
        actor=world.users["a_editor"],
        search_id=search.pk,
        expected_version=None,
        data=dataclasses.replace(services.search_input_of(search), open_until=dt.date(2026, 3, 25)),
    )
    assert services.remind_search_deadlines(dt.date(2026, 3, 21)) == {"soon": 1, "due": 0}
    assert services.remind_search_deadlines(dt.date(2026, 4, 10)) == {"soon": 0, "due": 0}  # 16 days late
