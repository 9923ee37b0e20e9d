"""Working-day arithmetic (DOMAIN.md §5). Pure functions; the exceptions come from `CalendarDay` rows.

Counting: the trigger day is not counted; a period in calendar days that ends on a day off ends
on the next working day.

A year is *covered* when the calendar holds its public holidays. A period that reaches a year not covered is
still counted (Monday–Friday only), but the result is *provisional* ("tạm tính"): it is shown as such and the
administrators are reminded to add that year (`ngoaivu calendar check`, the weekly worker job).
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
    # the years whose holidays are known; None: every year (a calendar built by hand, as in the pure tests)
    covered_years: frozenset[int] | None = None

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

    def covers(self, day: dt.date) -> bool:
        return self.covered_years is None or day.year in self.covered_years

    def is_provisional(self, start: dt.date, end: dt.date) -> bool:
        """Whether a period from `start` to `end` (either order) reaches a year the calendar does not cover."""
        return self.covered_years is not None and bool(
            uncovered_years(min(start, end), max(start, end), self.covered_years)
        )

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


def uncovered_years(start: dt.date, end: dt.date, covered: Iterable[int]) -> list[int]:
    """The years from `start` to `end` (inclusive, start <= end) whose holidays are not in the calendar."""
    known = set(covered)
    return [y for y in range(start.year, end.year + 1) if y not in known]


def due_text(
    due: dt.date | None, today: dt.date | None = None, *, provisional: bool | None = None
) -> tuple[str, str]:
    """("còn N ngày" | "quá hạn N ngày" | "hạn hôm nay", css class) — colour never carries the meaning alone.
    A due date in a year the calendar does not cover (`provisional`, looked up when not given) reads
    "…, tạm tính": it was counted on weekdays only."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    if due is None:
        return "", ""
    if provisional is None:
        from ngoaivu.core.selectors import due_is_provisional

        provisional = due_is_provisional(due)
    days = (due - (today or timezone.localdate())).days
    if days < 0:
        text, css = _("quá hạn %(n)d ngày") % {"n": -days}, "due-late"
    elif days == 0:
        text, css = _("hạn hôm nay"), "due-soon"
    else:
        text, css = _("còn %(n)d ngày") % {"n": days}, "due-soon" if days <= 2 else "due-ok"
    if provisional:
        # Translators: a deadline counted on weekdays only, its year's holidays not being in the calendar yet.
        text = _("%(due)s, tạm tính") % {"due": text}
    return text, css
