"""Issue 16 §1: the working-day calendar covers 2025–2027 from the `holidays` package, and a deadline in a year
it does not cover is computed on weekdays but never silently: "tạm tính" on pages and exports, `provisional`
in the API, `ngoaivu calendar check` failing from 1 October, a weekly reminder to the administrators."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from freezegun import freeze_time

from ngoaivu.accounts.models import Notification, User
from ngoaivu.core import selectors
from ngoaivu.core.calendar import WorkingCalendar, due_text
from ngoaivu.core.models import CalendarDay
from ngoaivu.core.selectors import working_calendar
from ngoaivu.core.testing.world import make_agreement, make_conference, make_request, read_body, text_of

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar(reference: None) -> Iterator[None]:
    """The reference calendar, read afresh (covered years are kept briefly between requests)."""
    selectors.forget_covered_years()
    yield
    selectors.forget_covered_years()


@pytest.fixture
def without_2027(calendar: None) -> None:
    """The calendar as a site would have it without 2027's holidays (rolled back after the test)."""
    CalendarDay.objects.filter(date__year=2027).delete()
    selectors.forget_covered_years()


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("calendar", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- the years the calendar covers -----------------------------------------------------------------------------


def test_add_days_from_new_years_eve_skips_new_years_day_2027(calendar):
    out, err = run("add-days", "2026-12-31", "1")
    assert out.strip() == "2027-01-04"  # Friday 01/01/2027 is Tết Dương lịch, then the weekend
    assert "tạm tính" not in err.lower()


def test_tet_dinh_mui_2027_is_skipped(calendar):
    cal = working_calendar()
    # mùng 1 Tết Đinh Mùi is Saturday 06/02/2027: off from Thursday 04/02 to Wednesday 10/02 (days in lieu of
    # mùng 1 and mùng 2 falling on the weekend).
    for day in (D(2027, 2, 4), D(2027, 2, 5), D(2027, 2, 8), D(2027, 2, 9), D(2027, 2, 10)):
        assert not cal.is_working_day(day), day
    assert cal.add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 11)
    assert cal.add_working_days(D(2027, 2, 1), 10) == D(2027, 2, 22)


def test_2026_culture_day_and_national_day_swap(calendar):
    cal = working_calendar()
    assert not cal.is_working_day(D(2026, 11, 24))  # Ngày Văn hóa Việt Nam, Resolution 80-NQ/TW
    assert not cal.is_working_day(D(2026, 8, 31))  # Monday off, swapped …
    assert cal.is_working_day(D(2026, 8, 22))  # … against Saturday 22/08
    assert cal.add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 25)
    assert cal.add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)
    assert cal.add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_calendar_list_2027_shows_its_days(calendar):
    out, err = run("list", "2027")
    lines = out.splitlines()
    assert lines[0].startswith("2027-01-01\tholiday\tTết Dương lịch")
    assert any(line.startswith("2027-02-06\tholiday\tTết Nguyên Đán") for line in lines)
    assert any(line.startswith("2027-11-24\tholiday\tNgày Văn hóa Việt Nam") for line in lines)
    assert err == ""


# --- a year the calendar does not cover ------------------------------------------------------------------------


def test_uncovered_year_is_counted_on_weekdays_and_said_provisional():
    cal = WorkingCalendar(frozenset({D(2027, 1, 1)}), covered_years=frozenset({2027}))
    assert cal.add_working_days(D(2027, 12, 31), 1) == D(2028, 1, 3)  # weekdays only in 2028
    assert cal.is_provisional(D(2027, 12, 31), D(2028, 1, 3))
    assert not cal.is_provisional(D(2027, 1, 4), D(2027, 12, 31))
    assert not WorkingCalendar().is_provisional(D(2020, 1, 1), D(2040, 1, 1))  # no knowledge: every year


def test_add_days_into_an_uncovered_year_warns(calendar):
    out, err = run("add-days", "2027-12-31", "1")
    assert out.strip() == "2028-01-03"
    assert "Tạm tính" in err
    assert "2028" in err


@freeze_time("2027-12-20 10:00:00+07:00")
def test_due_text_says_provisional_for_an_uncovered_year(calendar):
    assert due_text(D(2028, 1, 5)) == ("còn 16 ngày, tạm tính", "due-ok")
    assert due_text(D(2027, 12, 22)) == ("còn 2 ngày", "due-soon")
    assert due_text(D(2028, 1, 5), provisional=False)[0] == "còn 16 ngày"


def test_add_days_api_and_page_say_provisional(calendar, world):
    client = world.client("a_editor")
    body = client.get("/api/v1/calendar/add-days?date=2027-12-31&n=1").json()
    assert body["result"] == "2028-01-03"
    assert body["provisional"] is True
    body = client.get("/api/v1/calendar/add-days?date=2026-12-31&n=1").json()
    assert body["result"] == "2027-01-04"
    assert body["provisional"] is False
    page = text_of(client.get("/directory/calendar/?year=2028&start=2027-12-31&n=1"))
    assert "tạm tính" in page
    assert "Năm 2028 chưa có ngày nghỉ lễ" in page


@freeze_time("2027-12-27 10:00:00+07:00")
def test_request_parts_are_provisional_in_api_list_page_and_export(calendar, world):
    req = make_request(world, "A", ["X"])
    part = req.recipients.get()
    assert part.answer_due.year == 2028  # 10 working days from 27/12/2027 reach 2028, which has no holidays
    client = world.client("a_editor")
    detail = client.get(f"/api/v1/requests/{req.pk}").json()
    assert detail["provisional"] is True
    assert [p["provisional"] for p in detail["recipients"]] == [True]
    listed = client.get("/api/v1/requests?box=all&page_size=200").json()
    row = next(r for r in listed["items"] if r["id"] == req.pk)
    assert row["recipients"][0]["provisional"] is True
    assert "tạm tính" in text_of(client.get(f"/requests/?box=all&q={req.title}"))
    assert "tạm tính" in text_of(client.get(f"/requests/?box=all&format=xlsx&q={req.title}"))
    assert "tạm tính" in text_of(client.get(f"/requests/{req.pk}/"))


@freeze_time("2026-11-02 10:00:00+07:00")
def test_request_parts_in_a_covered_year_are_not_provisional(calendar, world):
    req = make_request(world, "A", ["X"])
    detail = world.client("a_editor").get(f"/api/v1/requests/{req.pk}").json()
    assert detail["provisional"] is False
    assert [p["provisional"] for p in detail["recipients"]] == [False]
    assert "tạm tính" not in text_of(world.client("a_editor").get(f"/requests/{req.pk}/"))


@freeze_time("2027-12-27 10:00:00+07:00")
def test_agreement_legal_steps_are_provisional_in_api(calendar, world):
    agreement = make_agreement(world, "A", shared=True, consult=True)
    steps = json.loads(read_body(world.client("a_editor").get(f"/api/v1/agreements/{agreement.pk}")))[
        "legal_steps"
    ]
    assert steps
    assert all(s["provisional"] is (D.fromisoformat(s["due_on"]).year == 2028) for s in steps)
    assert any(s["provisional"] for s in steps)


@freeze_time("2027-10-11 10:00:00+07:00")
def test_conference_deadlines_are_provisional_in_api(calendar, world):
    conference = make_conference(world, "A", shared=True)  # opens 09/01/2028: its report is due in 2028
    body = world.client("a_editor").get(f"/api/v1/conferences/{conference.pk}").json()
    assert body["report_due_on"].startswith("2028-")
    assert body["provisional"] is True


def test_conference_dossier_deadline_in_the_shared_calendar_says_provisional(calendar, world):
    with freeze_time("2027-11-20 10:00:00+07:00"):
        conference = make_conference(world, "A", shared=True)  # opens 18/02/2028; dossier due in January 2028
    body = world.client("a_editor").get("/api/v1/calendar?from=2027-11-20&to=2028-03-01").json()
    titles = [e["title"] for e in body if e["url"] == f"/delegations/conferences/{conference.pk}/"]
    assert any(t.startswith("Hạn trình hồ sơ hội nghị") and t.endswith("(tạm tính)") for t in titles), titles


def test_every_output_with_a_due_date_carries_provisional():
    from ngoaivu.agreements.schemas import LegalStepOut
    from ngoaivu.core.provisional import ProvisionalDue
    from ngoaivu.delegations.schemas import ConferenceOut, DelegationListOut, DelegationOut
    from ngoaivu.requests.schemas import RecipientOut, RequestOut

    for schema in (RecipientOut, RequestOut, LegalStepOut, DelegationListOut, DelegationOut, ConferenceOut):
        assert issubclass(schema, ProvisionalDue), schema
        assert schema.due_fields, schema
        assert set(schema.due_fields) <= set(schema.model_fields), schema
        assert "provisional" in schema.model_json_schema()["properties"]


# --- telling the administrators --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "fails"),
    [
        ("2026-09-30", False),  # 2026 is covered; 2027 is not needed yet
        ("2026-10-01", True),  # from 1 October, next year must be there
        ("2026-12-31", True),
        ("2027-01-04", True),  # this year itself is missing
    ],
)
def test_calendar_check_exit_codes_without_next_year(without_2027, today, fails):
    with freeze_time(f"{today} 09:00:00+07:00"):
        if fails:
            with pytest.raises(CommandError) as info:
                run("check")
            assert info.value.returncode == 1
            assert "2027" in str(info.value)
        else:
            out, _err = run("check")
            assert "2025, 2026" in out


@freeze_time("2026-12-06 09:00:00+07:00")
def test_calendar_check_passes_with_the_shipped_calendar(calendar):
    out, _err = run("check")
    assert "2025, 2026, 2027" in out
    with pytest.raises(CommandError):
        run("check", "--today", "2027-10-01")  # 2028 is not in the calendar yet


def test_weekly_reminder_to_site_admins_is_deduped_per_week(without_2027, world):
    from ngoaivu.directory.services import remind_calendar_missing

    admin = User.objects.create_superuser("cal-admin", "cal-admin@example.org", "x" * 20)
    with freeze_time("2026-09-30 09:00:00+07:00"):
        assert remind_calendar_missing()["notified"] == 0
    for day in ("2026-10-05", "2026-10-07", "2026-10-11"):  # Monday, Wednesday, Sunday of one ISO week
        with freeze_time(f"{day} 09:00:00+07:00"):
            remind_calendar_missing()
    notes = Notification.objects.filter(kind="calendar_missing")
    assert list(notes.values_list("user_id", flat=True)) == [admin.pk]  # site admins only, once that week
    assert "2027" in notes.get().title
    with freeze_time("2026-10-12 09:00:00+07:00"):  # next week: reminded again
        assert remind_calendar_missing()["notified"] == 1
    CalendarDay.objects.create(date=D(2027, 1, 1), kind="holiday", name="Tết Dương lịch")
    with freeze_time("2026-10-19 09:00:00+07:00"):  # 2027 is there: no more reminders
        assert remind_calendar_missing() == {"missing_years": 0, "notified": 0}


def test_reminder_job_is_scheduled():
    from django.conf import settings

    assert any(path.endswith("remind_calendar_missing_job") for path, _s in settings.NGOAIVU_PERIODIC_JOBS)
