from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from ngoaivu.core.calendar import WorkingCalendar
from ngoaivu.core.models import CalendarDay

# Covered years are read once and kept briefly: a list of 50 rows asks whether each due date is provisional, and
# the answer changes a few times a year. Cleared when a CalendarDay is written in this process and when a request
# starts (core.apps), so a page reads them at most once; other processes see a change within this many seconds.
COVERED_YEARS_SECONDS = 60.0
_covered: tuple[float, frozenset[int]] | None = None
_covered_lock = threading.Lock()


def working_calendar() -> WorkingCalendar:
    """Vietnam's working-day calendar as stored (reference data, edited by administrators)."""
    rows = list(CalendarDay.objects.values_list("date", "kind"))
    covered = frozenset(d.year for d, k in rows if k == CalendarDay.Kind.HOLIDAY)
    _remember_covered(covered)
    exceptions = WorkingCalendar.from_exceptions((d, k == CalendarDay.Kind.MAKEUP_WORKING) for d, k in rows)
    return WorkingCalendar(exceptions.days_off, exceptions.extra_working, covered)


def covered_years() -> frozenset[int]:
    """The years whose public holidays are in the calendar (at least one holiday row)."""
    found = _covered
    if found is not None and time.monotonic() - found[0] < COVERED_YEARS_SECONDS:
        return found[1]
    years = frozenset(
        d.year
        for d in CalendarDay.objects.filter(kind=CalendarDay.Kind.HOLIDAY).dates("date", "year").order_by()
    )
    _remember_covered(years)
    return years


def _remember_covered(years: frozenset[int]) -> None:
    global _covered
    with _covered_lock:
        _covered = (time.monotonic(), years)


def forget_covered_years(*_args: Any, **_kwargs: Any) -> None:
    """Signal receiver: the calendar changed, or a request starts."""
    global _covered
    with _covered_lock:
        _covered = None


def due_is_provisional(*dues: dt.date | None) -> bool:
    """Whether any of these stored due dates falls in a year the calendar does not cover: it was then counted
    on weekdays only and is shown "tạm tính" (API: `provisional: true`)."""
    dated = [d for d in dues if d is not None]
    if not dated:
        return False
    covered = covered_years()
    return any(d.year not in covered for d in dated)


def provisional_label(text: str, *dues: dt.date | None) -> str:
    """`text` followed by "(tạm tính)" when one of `dues` is provisional (a calendar entry, a reminder)."""
    from django.utils.translation import gettext as _

    return _("%(text)s (tạm tính)") % {"text": text} if due_is_provisional(*dues) else text


def calendar_missing_years(today: dt.date) -> list[int]:
    """The years that should be in the calendar by `today` and are not: this year, and from 1 October next year
    (deadlines counted from then on start reaching it)."""
    wanted = [today.year] + ([today.year + 1] if today.month >= 10 else [])
    covered = covered_years()
    return [y for y in wanted if y not in covered]


def calendar_day_list(*, year: int | None = None) -> list[CalendarDay]:
    qs = CalendarDay.objects.all()
    if year:
        qs = qs.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
    return list(qs.order_by("date"))
