from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ngoaivu.accounts.models import User
from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.models import CalendarDay
from ngoaivu.directory.models import Partner

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_calendar_add_days_prints_iso_date(reference):
    assert run("calendar", "add-days", "2026-02-13", "1") == "2026-02-23"
    assert run("calendar", "add-days", "13/02/2026", "5") == "2026-02-27"
    assert run("calendar", "add-days", "2026-02-01", "15", "--calendar-days") == "2026-02-23"


def test_calendar_add_holiday_and_workday_are_audited(reference):
    run("calendar", "add-holiday", "2026-11-24", "Ngày Văn hóa Việt Nam")
    assert run("calendar", "add-days", "2026-11-23", "1") == "2026-11-25"
    run("calendar", "add-workday", "2026-11-28", "Làm bù")
    assert CalendarDay.objects.get(date="2026-11-28").kind == "makeup_working"
    assert AuditEvent.objects.filter(target_type="core.calendarday", actor_label="cli:calendar").count() == 2
    listing = run("calendar", "list", "2026")
    assert "2026-11-24\tholiday" in listing


def test_calendar_rejects_bad_input(reference):
    with pytest.raises(CommandError):
        run("calendar", "add-days", "2026-13-40", "1")
    with pytest.raises(CommandError):
        run("calendar", "add-workday", "2026-11-25", "Không phải cuối tuần")
    with pytest.raises(CommandError):
        run("calendar", "add-days", "2026-01-01", "-3")


def test_demo_is_idempotent_and_token_command(reference):
    run("demo")
    users, partners, events = (
        User.objects.count(),
        Partner.objects.system(reason="test").count(),
        AuditEvent.objects.count(),
    )
    run("demo")
    assert (
        User.objects.count(),
        Partner.objects.system(reason="test").count(),
        AuditEvent.objects.count(),
    ) == (users, partners, events)
    assert run("token", "tokyo").startswith("nv_")
    with pytest.raises(CommandError):
        run("token", "nobody")
