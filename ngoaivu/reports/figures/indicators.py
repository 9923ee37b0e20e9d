"""Figures read from the indicators app (FDI, remittances, foreign NGO aid, exports…): a money or count series
over the calendar years the report covers, through `indicators.selectors.series` (values entered and validated,
and figures computed from the records where the catalogue says so; money converted to USD at each period's
rate). The API that reproduces a figure is the indicator's series (`/api/v1/indicators/<code>/series`): the
figure is the sum of its points.

Years: a Decree 09/2019 year runs from 15/12 of the year before to 14/12, so the calendar year Y stands for the
reporting year Y; a period starting in the last days of a year (13/12/2021) starts with the next year."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from ngoaivu.core.actors import Actor
from ngoaivu.directory.models import Province
from ngoaivu.indicators import selectors as indicators
from ngoaivu.reports.content import Figure, Table
from ngoaivu.reports.figures.common import API, query


def report_years(start: dt.date, end: dt.date) -> tuple[int, int]:
    first = (start + dt.timedelta(days=20)).year
    return first, max(first, end.year)


@dataclass
class IndicatorFigure:
    figure: Figure
    by_current: dict[str, Decimal] = field(default_factory=dict)  # province code → value
    by_former: dict[str, Decimal] = field(default_factory=dict)  # label as reported → value
    by_year: dict[int, Decimal] = field(default_factory=dict)

    @property
    def value(self) -> Decimal | None:
        v = self.figure.value
        return Decimal(v) if v is not None else None


def _api(code: str, params: dict[str, object]) -> str:
    return f"{API}/indicators/{code}/series?{query(params)}"


def indicator_figure(
    user: Actor,
    code: str,
    label: str,
    start: dt.date,
    end: dt.date,
    *,
    province: Province | None = None,
    per_year: bool = False,
) -> IndicatorFigure:
    """The indicator summed over the report's years, nationally (per province, current and as reported) or
    for one province (per year). No value at all → `missing`, never 0."""
    year_from, year_to = report_years(start, end)
    years = f"{year_from}" if year_from == year_to else f"{year_from}–{year_to}"
    indicator = indicators.indicator_get(code)
    if indicator is None:
        return IndicatorFigure(Figure(code, label, None, missing=f"Danh mục chỉ tiêu chưa có “{code}”."))
    unit = "USD" if indicator.is_money else str(indicator.get_unit_display())
    page = reverse("indicators:indicator_detail", args=[code])
    found = IndicatorFigure(Figure(code, label, None, unit))
    params: dict[str, object]
    if province is None:
        params = {"from": year_from, "to": year_to, "group_by": "province"}
        current = indicators.series(
            user=user, indicator=indicator, group_by="province", year_from=year_from, year_to=year_to
        )
        points = [p for p in current.points if p.value is not None]
        found.by_current = {p.province: p.value for p in points if p.value is not None}
        if per_year:
            by_year = indicators.series(
                user=user, indicator=indicator, group_by="year", year_from=year_from, year_to=year_to
            )
            found.by_year = {p.year or 0: p.value for p in by_year.points if p.value is not None}
        former = indicators.series(
            user=user,
            indicator=indicator,
            group_by="province",
            year_from=year_from,
            year_to=year_to,
            units="as_reported",
        )
        found.by_former = {p.label: p.value for p in former.points if p.value is not None}
        gaps = [p for p in current.points if p.value is None]
    else:
        params = {"from": year_from, "to": year_to, "province": province.code}
        series = indicators.series(
            user=user, indicator=indicator, year_from=year_from, year_to=year_to, province=province
        )
        points = [p for p in series.points if p.value is not None]
        found.by_year = {p.year or 0: p.value for p in points if p.value is not None}
        gaps = [p for p in series.points if p.value is None]
    if gaps:
        rates = sorted({m for p in gaps for m in p.missing_rates})
        why = f"Thiếu tỷ giá quy đổi ({', '.join(rates)}) cho năm {years}."
        found.figure = Figure(
            code, label, None, unit, list_url=page, api_list=_api(code, params), missing=why
        )
        return found
    if not points:
        why = f"Chưa có số liệu chỉ tiêu “{indicator.name_vi}” năm {years}."
        found.figure = Figure(code, label, None, unit, list_url=page, missing=why)
        return found
    total = sum((p.value for p in points if p.value is not None), Decimal(0))
    found.figure = Figure(
        code,
        f"{label} (năm {years})",
        total,
        unit,
        list_url=f"{page}?{query({'from': year_from, 'to': year_to, 'province': province.code if province else ''})}",
        api_list=_api(code, params),
        source=f"Chỉ tiêu “{indicator.name_vi}” ({indicator.get_source_display()}), cộng các năm {years}",
    )
    return found


def province_column(values: dict[str, Decimal]) -> Counter[str]:
    """Province code → value as a Counter, for `common.province_table` (money rounded to whole units)."""
    return Counter({k: v.quantize(Decimal(1)) for k, v in values.items()})  # type: ignore[misc]


def year_table(title: str, values: dict[int, Decimal], unit: str) -> Table:
    rows: list[list[str | int | Decimal | dt.date | None]] = [[str(y), v] for y, v in sorted(values.items())]
    return Table(title=title, columns=["Năm", unit], rows=rows)
