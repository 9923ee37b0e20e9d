"""Vietnam's working-day calendar as shipped: public holidays and announced swaps from the `holidays` package
(python-holidays, pinned; Tết and Hùng Kings' day from its Vietnamese lunar calendar, each year's notices cited in
its code), plus `data/calendar_vn.csv` for what the package does not know yet (a new notice, a province's own
day), each row with its source. Only the reviewed years are shipped: the package computes any year, but a year
is taken once its rows have been compared with the Government's notices (directory/tests/test_calendar_data.py
lists every difference between the two as a reviewed exception)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import holidays
from holidays.countries import vietnam

from ngoaivu.core.models import CalendarDay

# Reviewed against the notices: extend when a new year is announced (and the package that knows it is pinned).
REVIEWED_YEARS = range(2025, 2028)
LOCAL_FILE = "calendar_vn.csv"
K = CalendarDay.Kind


@dataclass(frozen=True)
class SeedDay:
    date: dt.date
    kind: str
    name: str
    source: str


# The package cites in English; the calendar page reads Vietnamese.
_LABELS_VI = (
    (re.compile(r"^Labor Code (\d{4}) \(Art\. (\d+)\)(?: \(vi\))?$"), r"Bộ luật Lao động \1, Điều \2"),
    (re.compile(r"^Resolution No\. (\S+)$"), r"Nghị quyết số \1"),
    (re.compile(r"^(\d{4})$"), r"Thông báo nghỉ lễ, Tết năm \1"),
    (re.compile(r"^(\d{4})-(\d{4})$"), r"Thông báo nghỉ lễ, Tết năm \1–\2"),
)


def _label_vi(label: str) -> str:
    for pattern, replacement in _LABELS_VI:
        if pattern.match(label):
            return pattern.sub(replacement, label)
    return label


def _references(doc: str | None) -> dict[str, str]:
    """The package's citations ("* [label](url)") by label, each written "<Vietnamese label>: <url>"; empty
    when docstrings are stripped (python -OO)."""
    return {
        m["label"]: f"{_label_vi(m['label'])}: {m['url']}"
        for m in re.finditer(r"\[(?P<label>[^]]+)]\((?P<url>[^)]+)\)", doc or "")
    }


def _source(citation: str) -> str:
    return f"holidays {holidays.__version__} (VN){' — ' + citation if citation else ''}"[:300]


def _year_citation(refs: dict[str, str], year: int) -> str:
    """The citation of a year's own notice: labels are a year ("2026") or a span ("2018-2019")."""
    for label, text in refs.items():
        bounds = [int(y) for y in re.findall(r"\d{4}", label)]
        if bounds and min(bounds) <= year <= max(bounds):
            return text
    return ""


def _substitutions(year: int) -> list[tuple[dt.date, dt.date]]:
    """(day off, make-up working day) pairs the Government announced for `year`: the package's
    `special_public_holidays` entries of the form (month, day, from month, from day[, from year])."""
    found: Any = vietnam.VietnamStaticHolidays.special_public_holidays.get(year, ())
    entries: tuple[tuple[Any, ...], ...] = (found,) if found and isinstance(found[0], int) else tuple(found)
    pairs = []
    for entry in entries:
        if len(entry) >= 4 and all(isinstance(v, int) for v in entry):
            from_year = entry[4] if len(entry) == 5 else year
            pairs.append((dt.date(year, entry[0], entry[1]), dt.date(from_year, entry[2], entry[3])))
    return pairs


def package_days(years: Iterable[int]) -> dict[dt.date, SeedDay]:
    """The package's calendar for `years`: holidays (with days in lieu), swapped days off, make-up Saturdays."""
    years = sorted(set(years))
    if not years:
        return {}
    found = holidays.country_holidays("VN", years=years, language="vi")
    general = _references(vietnam.Vietnam.__doc__)
    labour_code = next((v for k, v in general.items() if "2019" in k and "(vi)" in k), "")
    culture_day = next((v for k, v in general.items() if "80-NQ/TW" in k), "")
    special = _references(vietnam.VietnamStaticHolidays.__doc__)
    swaps = {off: workday for y in years for off, workday in _substitutions(y)}
    days: dict[dt.date, SeedDay] = {}
    for day, name in sorted(found.items()):
        if day in swaps:
            kind, citation = K.SWAPPED_OFF, _year_citation(special, day.year)
        elif (day.month, day.day) == (11, 24) and day.year >= 2026:
            kind, citation = K.HOLIDAY, culture_day
        else:
            kind, citation = K.HOLIDAY, labour_code
        days[day] = SeedDay(day, kind, name[:200], _source(citation))
    for off, workday in swaps.items():
        if workday.year in years:
            days[workday] = SeedDay(
                workday,
                K.MAKEUP_WORKING,
                f"Làm bù cho ngày {off:%d/%m/%Y}",
                _source(_year_citation(special, off.year)),
            )
    return dict(sorted(days.items()))


def local_days(rows: Iterable[dict[str, str]]) -> dict[dt.date, SeedDay]:
    """The rows of `data/calendar_vn.csv`: each must name its source and a known kind."""
    days: dict[dt.date, SeedDay] = {}
    for row in rows:
        day = dt.date.fromisoformat(row["date"])
        if row["kind"] not in K.values or not row["name"] or not row["source"]:
            raise ValueError(f"{LOCAL_FILE} {row['date']}: a kind, a name and a source are required")
        days[day] = SeedDay(day, row["kind"], row["name"], row["source"])
    return days


def shipped_days(
    local: dict[dt.date, SeedDay], years: Iterable[int] = REVIEWED_YEARS
) -> dict[dt.date, SeedDay]:
    """The calendar `load_reference` writes: the package's reviewed years, a local row replacing the package's
    row of the same date."""
    merged = {**package_days(years), **local}
    return dict(sorted(merged.items()))
