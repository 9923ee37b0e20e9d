import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ngoaivu.core.calendar import WorkingCalendar
from ngoaivu.core.selectors import working_calendar

D = dt.date


def test_plain_weeks_skip_weekends():
    cal = WorkingCalendar()
    assert cal.add_working_days(D(2024, 3, 1), 1) == D(2024, 3, 4)  # Friday → Monday
    assert cal.add_working_days(D(2024, 3, 4), 5) == D(2024, 3, 11)
    assert cal.add_working_days(D(2024, 3, 4), 0) == D(2024, 3, 4)


def test_tet_2026_is_skipped(reference):
    cal = working_calendar()
    # Friday 13/02/2026, then Tết 16–20/02 and the weekend: the next working day is Monday 23/02.
    assert cal.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert cal.add_working_days(D(2026, 2, 12), 7) == D(2026, 3, 2)


def test_makeup_saturday_counts_and_swapped_day_does_not(reference):
    cal = working_calendar()
    # 2025: Monday 27/01 was off in lieu of mùng 4 Tết on Saturday 01/02, with no make-up day (Announcement
    # 6150/TB-BLĐTBXH, cited by the holidays package); Friday 02/05 was swapped against Saturday 26/04.
    assert not cal.is_working_day(D(2025, 1, 27))
    assert not cal.is_working_day(D(2025, 2, 15))
    assert not cal.is_working_day(D(2025, 5, 2))
    assert cal.add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)
    # 2026: Friday 02/01 swapped, Saturday 10/01 make-up.
    assert cal.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
    assert cal.add_working_days(D(2026, 1, 9), 1) == D(2026, 1, 10)


def test_calendar_day_period_ending_on_a_day_off_moves_to_next_working_day(reference):
    cal = working_calendar()
    # 15 days after signing on 01/02/2026 is 16/02/2026, a Tết holiday → Monday 23/02/2026.
    assert cal.add_calendar_days(D(2026, 2, 1), 15) == D(2026, 2, 23)
    assert cal.add_calendar_days(D(2026, 3, 2), 15) == D(2026, 3, 17)


def test_negative_days_are_rejected():
    with pytest.raises(ValueError):
        WorkingCalendar().add_working_days(D(2026, 1, 1), -1)


holidays = st.sets(st.dates(D(2025, 1, 1), D(2026, 12, 31)), max_size=40)


# too_slow: on a loaded machine the first draw once took 1.01 s and the health check failed the test; the
# properties are checked on every example all the same
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(D(2025, 1, 1), D(2026, 12, 31)), st.integers(0, 60), holidays)
def test_working_day_arithmetic_properties(start, n, off):
    cal = WorkingCalendar(days_off=frozenset(off))
    end = cal.add_working_days(start, n)
    assert end >= start
    assert cal.working_days_between(start, end) == n
    if n:
        assert cal.is_working_day(end)
