"""The test clock helpers (core/testing/clock.py, ngoaivu/conftest.py): a test that depends on today pins it."""

import datetime as dt

import pytest
from django.utils import timezone
from freezegun import freeze_time

from ngoaivu.core.testing.clock import ENV, FROZEN_DATE, shifted_clock, shifted_clock_value


def test_frozen_today_is_a_monday_in_hanoi_and_can_move(frozen_today):
    assert timezone.localdate() == FROZEN_DATE
    assert FROZEN_DATE.weekday() == 0
    frozen_today.move_to("2026-06-03 10:00:00+07:00")
    assert timezone.localdate() == dt.date(2026, 6, 3)


@pytest.mark.today
def test_the_today_marker_defaults_to_the_frozen_day_and_ticks():
    assert timezone.localdate() == FROZEN_DATE
    with freeze_time("2027-01-04"):  # a test's own freeze_time nests inside the marker
        assert timezone.localdate() == dt.date(2027, 1, 4)
    assert timezone.localdate() == FROZEN_DATE


@pytest.mark.today("2026-11-20 10:00:00+07:00")
def test_the_today_marker_takes_a_day():
    assert timezone.localdate() == dt.date(2026, 11, 20)


def test_the_shifted_clock_reads_an_iso_value(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert shifted_clock_value() is None
    assert shifted_clock() is None
    monkeypatch.setenv(ENV, "2029-02-01")
    assert shifted_clock_value() == "2029-02-01"
    assert shifted_clock() is not None
    monkeypatch.setenv(ENV, "next year")
    with pytest.raises(ValueError, match=ENV):
        shifted_clock_value()
