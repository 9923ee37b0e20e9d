"""Working-day arithmetic (DOMAIN.md §5). Pure functions; the exceptions come from `CalendarDay` rows.

Counting: the trigger day is not counted; a period in calendar days that ends on a day off ends
on the next working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

WEEKEND = {5, 6}  # Saturday, Sunday
MAX_SPAN_DAYS = 3660


@dataclass(frozen=True)
class WorkingCalendar:
    """Exceptions to the Monday–Friday rule: dates off (holidays, swapped days) and make-up working days."""

    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    extra_working: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def from_exceptions(
        cls, exceptions: Mapping[dt.date, bool] | Iterable[tuple[dt.date, bool]]
    ) -> WorkingCalendar:
        items = exceptions.items() if isinstance(exceptions, Mapping) else exceptions
        off: set[dt.date] = set()
        working: set[dt.date] = set()
        for day, is_working in items:
            (working if is_working else off).add(day)
        return cls(frozenset(off), frozenset(working))

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working:
            return True
        if day in self.days_off:
            return False
        return day.weekday() not in WEEKEND

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (start itself not counted). n=0 gives start."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day, counted = start, 0
        while counted < n:
            day += dt.timedelta(days=1)
            if (day - start).days > MAX_SPAN_DAYS:
                raise ValueError("no working day found within ten years")
            if self.is_working_day(day):
                counted += 1
        return day

    def add_calendar_days(self, start: dt.date, n: int) -> dt.date:
        """`start` + n days; if that is a day off, the next working day."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start + dt.timedelta(days=n)
        return self.next_working_day(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        for _ in range(MAX_SPAN_DAYS):
            if self.is_working_day(day):
                return day
            day += dt.timedelta(days=1)
        raise ValueError("no working day found within ten years")

    def previous_working_day(self, day: dt.date) -> dt.date:
        """The latest working day on or before `day`: a deadline counted back from an event that falls on a
        day off must be met on the working day before it."""
        for _ in range(MAX_SPAN_DAYS):
            if self.is_working_day(day):
                return day
            day -= dt.timedelta(days=1)
        raise ValueError("no working day found within ten years")

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative when end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1 for i in range(1, (end - start).days + 1) if self.is_working_day(start + dt.timedelta(days=i))
        )


def due_text(due: dt.date | None, today: dt.date | None = None) -> tuple[str, str]:
    """("còn N ngày" | "quá hạn N ngày" | "hạn hôm nay", css class) — colour never carries the meaning alone."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    if due is None:
        return "", ""
    days = (due - (today or timezone.localdate())).days
    if days < 0:
        return _("quá hạn %(n)d ngày") % {"n": -days}, "due-late"
    if days == 0:
        return _("hạn hôm nay"), "due-soon"
    return _("còn %(n)d ngày") % {"n": days}, "due-soon" if days <= 2 else "due-ok"
