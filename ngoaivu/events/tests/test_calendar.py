"""Promotion events in the shared calendar of delegations: the month page, its filters, the API
`/api/v1/calendar` and the personal iCalendar feed — among the events the user may see, never the cancelled."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from ngoaivu.accounts.services import calendar_token_issue
from ngoaivu.core.testing.world import make_conference, text_of
from ngoaivu.delegations import selectors as calendar
from ngoaivu.events import services
from ngoaivu.events.tests.helpers import editor, make_event

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


@freeze_time("2026-03-02 09:00:00+07:00")
def test_an_event_is_an_entry_of_the_calendar(world):
    event = make_event(world, "A", countries=("JP",), shared=True, starts_on=dt.date(2026, 3, 20))
    entries = calendar.calendar_entries(
        user=world.users["b_editor"], start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
    )
    found = [e for e in entries if e.kind == "event"]
    assert len(found) == 1
    entry = found[0]
    assert entry.title == f"Xúc tiến đầu tư: {event.title_vi}"
    assert (entry.starts_on, entry.ends_on) == (dt.date(2026, 3, 20), dt.date(2026, 3, 21))
    assert entry.url == f"/events/{event.pk}/"
    assert entry.uid == f"promotion-event-{event.pk}@ngoaivu"
    assert "Đà Nẵng" in entry.detail


@freeze_time("2026-03-02 09:00:00+07:00")
def test_cancelled_and_other_months_events_stay_out(world):
    kept = make_event(world, "A", starts_on=dt.date(2026, 3, 10))
    cancelled = make_event(world, "A", starts_on=dt.date(2026, 3, 11))
    later = make_event(world, "A", starts_on=dt.date(2026, 5, 11))
    user = editor(world, "A")
    services.event_update(
        actor=user,
        event_id=cancelled.pk,
        expected_version=cancelled.version,
        data=services.with_changes(services.input_of(cancelled), {"status": "cancelled"}),
    )
    titles = {
        e.title
        for e in calendar.calendar_entries(user=user, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    }
    assert any(kept.title_vi in t for t in titles)
    assert not any(cancelled.title_vi in t for t in titles)
    assert not any(later.title_vi in t for t in titles)


@freeze_time("2026-03-02 09:00:00+07:00")
def test_the_month_page_filters_events_by_kind_province_and_country(world):
    event = make_event(world, "A", countries=("JP",), shared=True, starts_on=dt.date(2026, 3, 5))
    conference = make_conference(world, "A", country="KR", shared=True)  # in 90 days: June
    client = world.client("ministry")
    page = text_of(client.get("/delegations/calendar/?month=2026-03&view=list"))
    assert event.title_vi in page
    assert "Sự kiện xúc tiến" in page  # the kind in the list view and the filter
    only_events = text_of(client.get("/delegations/calendar/?month=2026-03&view=list&kind=event"))
    assert event.title_vi in only_events
    assert event.title_vi not in text_of(client.get("/delegations/calendar/?month=2026-03&kind=delegation"))
    assert event.title_vi in text_of(client.get("/delegations/calendar/?month=2026-03&province=48"))
    assert event.title_vi in text_of(client.get("/delegations/calendar/?month=2026-03&country=JP"))
    june = text_of(client.get("/delegations/calendar/?month=2026-05&kind=event&view=list"))
    assert conference.title not in june


@freeze_time("2026-03-02 09:00:00+07:00")
def test_the_calendar_filters_offer_the_events_provinces_and_countries(world):
    make_event(world, "B", countries=("FR",), shared=True, starts_on=dt.date(2026, 3, 5))
    provinces, countries = calendar.calendar_filter_choices(user=world.users["a_viewer"])
    assert ("12", "Lai Châu") in provinces
    assert "FR" in dict(countries)
    provinces, countries = calendar.calendar_filter_choices(user=world.users["x_officer"])
    assert "FR" not in dict(countries)  # Tokyo reads neither France's nor Lai Châu's private events


@freeze_time("2026-03-02 09:00:00+07:00")
def test_the_api_lists_events_with_their_kind(world):
    event = make_event(world, "A", countries=("KR",), starts_on=dt.date(2026, 3, 5))
    body = world.client("y_officer").get("/api/v1/calendar?from=2026-03-01&to=2026-03-31").json()
    rows = [r for r in body if r["kind"] == "event"]
    assert [r["url"] for r in rows] == [f"/events/{event.pk}/"]
    assert world.client("x_officer").get("/api/v1/calendar?from=2026-03-01&to=2026-03-31").json() == []


@freeze_time("2026-03-02 09:00:00+07:00")
def test_the_feed_carries_the_events(world):
    event = make_event(world, "A", countries=("KR",), starts_on=dt.date(2026, 4, 5))
    user = world.users["a_viewer"]
    raw = calendar_token_issue(actor=user, user=user)
    response = world.client("anonymous").get(f"/delegations/calendar/feed/{raw}.ics")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"UID:promotion-event-{event.pk}@ngoaivu" in body
    assert "CATEGORIES:event" in body


def test_the_cached_calendar_moves_with_a_new_or_changed_event(world, settings):
    settings.NGOAIVU_COUNT_CACHE_SECONDS = 120
    client = world.client("ministry")
    url = "/api/v1/calendar?from=2026-03-01&to=2026-03-31"
    with freeze_time("2026-03-02 09:00:00+07:00", tick=True):
        _cached_calendar_moves(world, client, url)


def _cached_calendar_moves(world, client, url):
    assert client.get(url).json() == []
    event = make_event(world, "A", starts_on=dt.date(2026, 3, 9))
    assert [r["uid"] for r in client.get(url).json()] == [f"promotion-event-{event.pk}@ngoaivu"]
    services.event_update(
        actor=editor(world, "A"),
        event_id=event.pk,
        expected_version=event.version,
        data=services.with_changes(services.input_of(event), {"status": "cancelled"}),
    )
    assert client.get(url).json() == []


@freeze_time("2026-03-02 09:00:00+07:00")
def test_open_task_deadlines_show_for_the_organiser_and_the_task_owner_only(world):
    event = make_event(world, "A", countries=("JP",), shared=True, starts_on=dt.date(2026, 2, 10))
    for title, due, org in (
        ("Gửi hồ sơ dự án", dt.date(2026, 3, 12), "cqdd-jp-tokyo"),
        ("Việc đã xong", dt.date(2026, 3, 13), ""),
    ):
        task = services.task_create(
            actor=editor(world, "A"),
            event_id=event.pk,
            data=services.TaskInput(title=title, due_on=due, owner_org=org, owner_person="Phòng KT"),
        )
    services.task_complete(
        actor=editor(world, "A"), event_id=event.pk, task_id=task.pk, expected_version=None
    )

    def deadlines(who):
        found = calendar.calendar_entries(
            user=world.users[who], start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
        )
        return [e.title for e in found if e.kind == "deadline"]

    assert deadlines("a_viewer") == ["Hạn việc sau sự kiện: Gửi hồ sơ dự án"]
    assert deadlines("x_officer") == ["Hạn việc sau sự kiện: Gửi hồ sơ dự án"]  # Tokyo owns the task
    assert deadlines("b_editor") == []  # reads the shared event, not A's to-do list
    assert deadlines("ministry") == []
    assert deadlines("y_officer") == []
