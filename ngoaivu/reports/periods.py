"""Reporting periods of Decree 09/2019/NĐ-CP on state administrative reporting (DOMAIN.md §6).

Periodic reports close their figures on fixed cut-offs, not calendar months: monthly from the 15th of the
previous month to the 14th; quarterly from the 15th of the month before the quarter to the 14th of its last
month; six-monthly from 15/12 of the previous year to 14/06; yearly from 15/12 of the previous year to 14/12.
The national review runs "since the last national conference" (the 20th, 13/12/2021, by default; the start is a
parameter). Report builders offer these periods as presets and accept free dates too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core.exceptions import ServiceError

MONTHLY = "monthly"
QUARTERLY = "quarterly"
SIX_MONTHLY = "six_monthly"
YEARLY = "yearly"
KINDS = (MONTHLY, QUARTERLY, SIX_MONTHLY, YEARLY)
CUT_OFF = 14  # the last day of a period; the next one starts on the 15th
LAST_CONFERENCE = dt.date(2021, 12, 13)  # the 20th Hội nghị Ngoại vụ toàn quốc (DOMAIN.md §6)
EARLIEST = dt.date(1990, 1, 1)  # no record of the system is older
MAX_SPAN_DAYS = 366 * 15  # a few conference terms at most; longer is a mistake, not a report
MAX_AHEAD_DAYS = 366  # a period may end at most a year after today (a plan's year), not in 2040


def check_period(start: dt.date | None, end: dt.date | None, *, today: dt.date | None = None) -> None:
    """The one rule for a report's dates, for every entry point (the builder's service, the national-review API,
    `figures.build`): both given, from 01/01/1990, in order, ending at most a year after today, at most 15 years
    long. Raises `ServiceError` (422) naming the field to fix ("from" or "to")."""

    def invalid(field: str, message: str) -> ServiceError:
        return ServiceError(message, {field: [message]})

    if start is None:
        raise invalid("from", _("Nhập ngày bắt đầu kỳ báo cáo."))
    if end is None:
        raise invalid("to", _("Nhập ngày kết thúc kỳ báo cáo."))
    if start < EARLIEST:
        raise invalid("from", _("Kỳ báo cáo bắt đầu từ %(day)s trở đi.") % {"day": f"{EARLIEST:%d/%m/%Y}"})
    if end < start:
        raise invalid("to", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
    if end > (today or timezone.localdate()) + dt.timedelta(days=MAX_AHEAD_DAYS):
        raise invalid("to", _("Ngày kết thúc không quá một năm sau hôm nay."))
    if (end - start).days > MAX_SPAN_DAYS:
        raise invalid("from", _("Kỳ báo cáo dài tối đa 15 năm."))


@dataclass(frozen=True)
class Period:
    kind: str  # one of KINDS, or "since_conference" / "free"
    start: dt.date
    end: dt.date
    label: str  # Vietnamese, as printed: "6 tháng đầu năm 2026"

    @property
    def dates(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


def _month_start(year: int, month: int) -> dt.date:
    """The first day of the period that ends on the 14th of (year, month): the 15th of the month before."""
    if month == 1:
        return dt.date(year - 1, 12, CUT_OFF + 1)
    return dt.date(year, month - 1, CUT_OFF + 1)


def _closing_month(day: dt.date) -> tuple[int, int]:
    """(year, month) of the 14th that closes the monthly period containing `day`."""
    if day.day <= CUT_OFF:
        return day.year, day.month
    if day.month == 12:
        return day.year + 1, 1
    return day.year, day.month + 1


def monthly(year: int, month: int) -> Period:
    return Period(MONTHLY, _month_start(year, month), dt.date(year, month, CUT_OFF), f"Tháng {month}/{year}")


def quarterly(year: int, quarter: int) -> Period:
    last = 3 * quarter
    return Period(
        QUARTERLY,
        _month_start(year, last - 2),
        dt.date(year, last, CUT_OFF),
        f"Quý {['I', 'II', 'III', 'IV'][quarter - 1]} năm {year}",
    )


def six_monthly(year: int) -> Period:
    return Period(
        SIX_MONTHLY, dt.date(year - 1, 12, CUT_OFF + 1), dt.date(year, 6, CUT_OFF), f"6 tháng đầu năm {year}"
    )


def yearly(year: int) -> Period:
    return Period(YEARLY, dt.date(year - 1, 12, CUT_OFF + 1), dt.date(year, 12, CUT_OFF), f"Năm {year}")


def default_period(kind: str, day: dt.date) -> Period:
    """The period of `kind` a report written on `day` is about: the one containing the day, or — for the
    six-monthly report between 15/06 and 14/12, which no six-monthly period contains — the one just ended."""
    year, month = _closing_month(day)
    if kind == MONTHLY:
        return monthly(year, month)
    if kind == QUARTERLY:
        # the quarter whose last month closes at or after the month containing the day
        return quarterly(year, (month - 1) // 3 + 1)
    if kind == SIX_MONTHLY:
        return six_monthly(year) if month <= 6 else six_monthly(day.year)
    if kind == YEARLY:
        return yearly(year)
    raise ValueError(kind)


def previous(period: Period) -> Period:
    """The period of the same kind just before `period`."""
    return default_period(period.kind, period.start - dt.timedelta(days=1))


def since_conference(day: dt.date, start: dt.date = LAST_CONFERENCE) -> Period:
    """From the last national conference on local external affairs (a parameter) to `day`."""
    return Period(
        "since_conference", start, day, f"Từ Hội nghị Ngoại vụ toàn quốc ({start:%d/%m/%Y}) đến nay"
    )


def named(start: dt.date, end: dt.date) -> str:
    """How a report's title names its period: the Decree 09 period's name when the dates are one ("6 tháng đầu
    năm 2026", "năm 2026", "quý II năm 2026", "tháng 6/2026"), else the dates ("từ ngày … đến ngày …")."""
    for kind in (YEARLY, SIX_MONTHLY, QUARTERLY, MONTHLY):
        period = default_period(kind, end)
        if (period.start, period.end) == (start, end):
            return period.label[0].lower() + period.label[1:]
    return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


@dataclass(frozen=True)
class Preset:
    key: str  # "six_monthly", "six_monthly_previous", …
    period: Period

    @property
    def label(self) -> str:
        return f"{self.period.label} ({self.period.dates})"


def presets(day: dt.date, *, conference: dt.date = LAST_CONFERENCE) -> list[Preset]:
    """What a report form offers by default: each kind's current and previous period, then "since the last
    national conference" (free dates are always allowed besides)."""
    found: list[Preset] = []
    for kind in KINDS:
        current = default_period(kind, day)
        found += [Preset(kind, current), Preset(f"{kind}_previous", previous(current))]
    found.append(Preset("since_conference", since_conference(day, conference)))
    return found
