"""Figures read from the indicators app (FDI, remittances, foreign NGO aid, exports…): a money or count series
over the calendar years the report covers, through `indicators.selectors.series` (values entered and validated,
and figures computed from the records where the catalogue says so; money converted to USD at each period's
rate). The API that reproduces a figure is the indicator's series (`/api/v1/indicators/<code>/series`): the
figure is the sum of its points.

Years: a Decree 09/2019 year runs from 15/12 of the year before to 14/12, so the calendar year Y stands for the
reporting year Y; a period starting in the last days of a year (13/12/2021) starts with the next year."""

from __future__ import annotations

import datetime as dt
import functools
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
    # a national sum: per year, how many current provinces gave a figure (a year few reported is a partial sum)
    coverage: dict[int, int] = field(default_factory=dict)
    provinces: int = 0

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
        # read once, grouped three ways: by current province, as reported, and by year
        figures = indicators.unit_figures(
            user=user, indicator=indicator, year_from=year_from, year_to=year_to
        )
        places = indicators.Places.load()
        grouped = functools.partial(
            indicators.series,
            user=user,
            indicator=indicator,
            year_from=year_from,
            year_to=year_to,
            places=places,
            figures=figures,
        )
        current = grouped(group_by="province")
        points = [p for p in current.points if p.value is not None]
        found.by_current = {p.province: p.value for p in points if p.value is not None}
        if per_year:
            by_year = grouped(group_by="year")
            found.by_year = {p.year or 0: p.value for p in by_year.points if p.value is not None}
        former = grouped(group_by="province", units="as_reported")
        found.by_former = {p.label: p.value for p in former.points if p.value is not None}
        gaps = [p for p in current.points if p.value is None]
        reporting: dict[int, set[int]] = {y: set() for y in range(year_from, year_to + 1)}
        for unit_figure in figures:
            if unit_figure.value is not None and unit_figure.year in reporting:
                reporting[unit_figure.year].add(unit_figure.province_id)
        found.coverage = {y: len(ids) for y, ids in reporting.items()}
        found.provinces = len(places.provinces)
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
    if unit == "USD":  # a signed report gives whole dollars; the series' points sum to it, to the dollar
        total = total.quantize(WHOLE)
        found.by_year = {y: v.quantize(WHOLE) for y, v in found.by_year.items()}
        found.by_former = {k: v.quantize(WHOLE) for k, v in found.by_former.items()}
    covered = coverage_line(found)
    found.figure = Figure(
        code,
        f"{label} (năm {years})",
        total,
        unit,
        list_url=f"{page}?{query({'from': year_from, 'to': year_to, 'province': province.code if province else ''})}",
        api_list=_api(code, params),
        source=f"Chỉ tiêu “{indicator.name_vi}” ({indicator.get_source_display()}), cộng các năm {years}"
        + (f"; {covered}" if covered else ""),
    )
    return found


WHOLE = Decimal(1)


def coverage_line(found: IndicatorFigure) -> str:
    """ "năm 2024: 8/34, năm 2025: 1/34 tỉnh, thành phố có số liệu" — what a national sum adds up, per year."""
    if not found.coverage:
        return ""
    years = ", ".join(f"năm {y}: {n}/{found.provinces}" for y, n in sorted(found.coverage.items()))
    return f"{years} tỉnh, thành phố có số liệu"


def partial_years(found: IndicatorFigure) -> list[int]:
    """The years fewer provinces reported than in the best-covered year: their sum is not the country's."""
    best = max(found.coverage.values(), default=0)
    return [y for y, n in sorted(found.coverage.items()) if n < best]


def coverage_table(title: str, parts: list[tuple[str, IndicatorFigure]]) -> Table | None:
    """Per year and indicator, "1/34": how many provinces a national sum adds up."""
    years = sorted({y for _name, p in parts for y in p.coverage})
    if not years:
        return None
    return Table(
        title,
        ["Năm", *[name for name, _p in parts]],
        [[str(y), *[f"{p.coverage.get(y, 0)}/{p.provinces}" for _name, p in parts]] for y in years],
        "Tổng cả nước chỉ cộng các tỉnh, thành phố đã có số liệu của năm đó.",
    )


def coverage_sentence(parts: list[tuple[str, IndicatorFigure]]) -> str:
    """One sentence for the narrative on the sums a few provinces make up, or "" when every year is alike."""
    said = []
    for name, p in parts:
        if p.figure.value is None:
            continue
        low = partial_years(p)
        if low:
            years = ", ".join(f"năm {y} mới có {p.coverage[y]}/{p.provinces}" for y in low)
            said.append(f"{name[:1].lower()}{name[1:]} {years} tỉnh, thành phố có số liệu")
    if not said:
        return ""
    return (
        " Số liệu cả nước chỉ cộng các tỉnh, thành phố đã báo cáo: "
        + "; ".join(said)
        + ", nên chưa so sánh được với các năm khác."
    )


def province_column(values: dict[str, Decimal]) -> Counter[str]:
    """Province code → value as a Counter, for `common.province_table` (money rounded to whole units)."""
    return Counter({k: v.quantize(Decimal(1)) for k, v in values.items()})  # type: ignore[misc]


def year_table(title: str, values: dict[int, Decimal], unit: str) -> Table:
    rows: list[list[str | int | Decimal | dt.date | None]] = [[str(y), v] for y, v in sorted(values.items())]
    return Table(title=title, columns=["Năm", unit], rows=rows)
