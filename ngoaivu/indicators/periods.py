"""Reporting periods: parse what officials write ("2024", "Q1/2024", "6T/2024", "03/2024"), label them in
Vietnamese, and give their first and last day. Calendar periods only; the Decree 09/2019 cut-off (the 14th)
is a convention a value records, not a different period key."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ngoaivu.indicators.models import Frequency

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:năm|nam|year)?\s*(\d{4})$", re.I), "year"),
    (re.compile(r"^(?:q|quý|quy)\s*([1-4])\s*[/\-.]\s*(\d{4})$", re.I), "quarter"),
    (re.compile(r"^(\d{4})\s*[\-/.]\s*q([1-4])$", re.I), "quarter_ym"),
    (re.compile(r"^(?:6t|h|6 tháng|6 thang)\s*([12])?\s*[/\-.]\s*(\d{4})$", re.I), "half"),
    (re.compile(r"^(\d{4})\s*[\-/.]\s*h([12])$", re.I), "half_ym"),
    (re.compile(r"^(?:tháng|thang|t)?\s*(\d{1,2})\s*[/\-.]\s*(\d{4})$", re.I), "month"),
    (re.compile(r"^(\d{4})\s*[\-/.]\s*(\d{1,2})$"), "month_ym"),
]
MIN_YEAR, MAX_YEAR = 1986, 2100


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    kind: str  # Frequency value
    start: dt.date

    @property
    def end(self) -> dt.date:
        months = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}[self.kind]
        last_month = self.start.month + months - 1
        return dt.date(self.start.year, last_month, calendar.monthrange(self.start.year, last_month)[1])

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def key(self) -> str:
        """The machine form the API and the files use: 2024, 2024-Q1, 2024-H1, 2024-03."""
        if self.kind == Frequency.YEAR:
            return f"{self.year}"
        if self.kind == Frequency.QUARTER:
            return f"{self.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == Frequency.HALF_YEAR:
            return f"{self.year}-H{1 if self.start.month == 1 else 2}"
        return f"{self.year}-{self.start.month:02d}"

    def label(self) -> str:
        if self.kind == Frequency.YEAR:
            return _("Năm %(year)s") % {"year": self.year}
        if self.kind == Frequency.QUARTER:
            return _("Quý %(n)s/%(year)s") % {"n": (self.start.month - 1) // 3 + 1, "year": self.year}
        if self.kind == Frequency.HALF_YEAR:
            if self.start.month == 1:
                return _("6 tháng đầu năm %(year)s") % {"year": self.year}
            return _("6 tháng cuối năm %(year)s") % {"year": self.year}
        return _("Tháng %(month)02d/%(year)s") % {"month": self.start.month, "year": self.year}

    def __str__(self) -> str:
        return self.key

    @classmethod
    def of(cls, kind: str, year: int, number: int = 1) -> Period:
        """number: the month (1–12), quarter (1–4) or half (1–2); ignored for a year."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise PeriodError(
                _("năm %(year)s nằm ngoài khoảng %(lo)s–%(hi)s")
                % {"year": year, "lo": MIN_YEAR, "hi": MAX_YEAR}
            )
        limits = {"month": 12, "quarter": 4, "half_year": 2, "year": 1}
        if kind not in limits:
            raise PeriodError(_("loại kỳ không hợp lệ: %(kind)s") % {"kind": kind})
        if kind != Frequency.YEAR and not 1 <= number <= limits[kind]:
            hints = {
                "month": _("tháng phải từ 01 đến 12 (ví dụ 03/%(y)s), không phải %(n)s"),
                "quarter": _("quý phải từ 1 đến 4 (ví dụ Q1/%(y)s), không phải %(n)s"),
                "half_year": _("nửa năm là 1 hoặc 2 (ví dụ 6T/%(y)s, H2/%(y)s), không phải %(n)s"),
            }
            raise PeriodError(hints[kind] % {"y": year, "n": number})
        month = {"month": number, "quarter": 3 * (number - 1) + 1, "half_year": 6 * (number - 1) + 1}.get(
            kind, 1
        )
        return cls(kind, dt.date(year, month, 1))

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


def parse_period(text: str) -> Period:
    """Raises PeriodError with a message fit for "dòng 7, cột Kỳ: …"."""
    value = " ".join(str(text).strip().split())
    for pattern, shape in _PATTERNS:
        m = pattern.match(value)
        if not m:
            continue
        if shape == "year":
            return Period.of("year", int(m[1]))
        if shape == "quarter":
            return Period.of("quarter", int(m[2]), int(m[1]))
        if shape == "quarter_ym":
            return Period.of("quarter", int(m[1]), int(m[2]))
        if shape == "half":
            return Period.of("half_year", int(m[2]), int(m[1] or 1))
        if shape == "half_ym":
            return Period.of("half_year", int(m[1]), int(m[2]))
        if shape == "month":
            return Period.of("month", int(m[2]), int(m[1]))
        return Period.of("month", int(m[1]), int(m[2]))
    raise PeriodError(
        _("“%(text)s” không phải kỳ báo cáo (ví dụ: 2024, Q1/2024, 6T/2024, 03/2024)") % {"text": value[:40]}
    )
