from __future__ import annotations

import datetime as dt

from ngoaivu.core.calendar import WorkingCalendar
from ngoaivu.core.models import CalendarDay


def working_calendar() -> WorkingCalendar:
    """Vietnam's working-day calendar as stored (reference data, edited by administrators)."""
    rows = CalendarDay.objects.values_list("date", "kind")
    return WorkingCalendar.from_exceptions((d, k == CalendarDay.Kind.MAKEUP_WORKING) for d, k in rows)


def calendar_day_list(*, year: int | None = None) -> list[CalendarDay]:
    qs = CalendarDay.objects.all()
    if year:
        qs = qs.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
    return list(qs.order_by("date"))
