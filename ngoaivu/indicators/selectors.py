"""Reads of the indicators app: the catalogue, the values list, one value with its history, the rates, and the
figures — one indicator's series (national or per province, in current or as-reported units), a province's
profile with its national rank, and the comparison table of a period.

How a figure is made (`series`):
- validated values only, plus the figures ngoaivu computes from its own records (`computed`); for a
  `where_kept` indicator an entered value for a province-year that the records cover is never added;
- a value whose period lies inside a longer period reported for the same place is left out (a yearly GSO
  figure wins over the months it covers; the merged province's year 2025 wins over its former units' months of
  2025), while periods that do not overlap all count (January–March and the second half), so a month is never
  counted twice and never dropped;
- within the year, periods add up by the indicator's aggregation (sum: added; average: mean; latest: the
  last period); across units, sum and latest add up, average takes the mean;
- money in another currency than USD is converted through the rate of the value's period (the rate for the
  same period, else the shortest rate period containing it); every point lists the rates it used, and a point
  with a value lacking a rate has no total and names what is missing — it never guesses.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.urls import get_script_prefix, reverse
from django.utils.module_loading import import_string

from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order, stamped
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.directory.models import FormerProvince, Province
from ngoaivu.indicators.filters import RateFilters, ValueFilters
from ngoaivu.indicators.models import ExchangeRate, Frequency, Indicator, IndicatorValue
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.sources import ComputedFigure

V = IndicatorValue.Status
SORTS = {
    "period": ("period_start",),
    "indicator": ("indicator__sort_order",),
    "province": ("province__sort_key", "unit_key"),
    "value": ("value",),
    "status": ("status",),
    "updated": ("updated_at",),
}
DEFAULT_SORT = "-period"
KIND_RANK = {Frequency.MONTH: 0, Frequency.QUARTER: 1, Frequency.HALF_YEAR: 2, Frequency.YEAR: 3}
GROUPS = ("year", "province")
UNITS = ("current", "as_reported")


# --- catalogue and values -------------------------------------------------------------------------------------


def indicator_list(*, active_only: bool = True) -> QuerySet[Indicator]:
    qs = Indicator.objects.all()
    return qs.filter(active=True) if active_only else qs


def indicator_get(code: str) -> Indicator | None:
    return Indicator.objects.filter(code=code).first()


def value_list(
    *, user: Actor, filters: ValueFilters, action: Action = Action.VIEW
) -> QuerySet[IndicatorValue]:
    qs = filters.filter(IndicatorValue.objects.visible_to(user, action))
    qs = qs.select_related("indicator", "province", "former_province", "country")
    return order(qs, filters.sort, SORTS, DEFAULT_SORT)


def value_get(*, user: Actor, pk: int, action: Action = Action.VIEW) -> IndicatorValue:
    value = get_for_action(IndicatorValue, user, action, pk=pk)
    return (
        IndicatorValue.objects.visible_to(user, Action.VIEW)
        .select_related(
            "indicator",
            "province",
            "former_province",
            "country",
            "submitted_by",
            "validated_by",
            "corrects",
            "owner_org",
        )
        .get(pk=value.pk)
    )


def value_history(*, user: Actor, value: IndicatorValue) -> list[IndicatorValue]:
    """The chain of corrections this value belongs to, oldest first, as far as the user may read it."""
    seen: dict[int, IndicatorValue] = {value.pk: value}
    visible = IndicatorValue.objects.visible_to(user, Action.VIEW).select_related(
        "submitted_by", "validated_by"
    )
    older = value
    while older.corrects_id and older.corrects_id not in seen:
        found = visible.filter(pk=older.corrects_id).first()
        if found is None:
            break
        seen[found.pk] = found
        older = found
    newer = value
    for _ in range(100):
        found = visible.filter(corrects_id=newer.pk).exclude(pk__in=list(seen)).first()
        if found is None:
            break
        seen[found.pk] = found
        newer = found
    return sorted(seen.values(), key=lambda v: (v.created_at, v.pk))


def period_of(value: IndicatorValue) -> Period:
    return Period(value.period_kind, value.period_start)


def unit_label(value: IndicatorValue) -> str:
    """Đà Nẵng, or "Quảng Nam (nay thuộc Đà Nẵng)" for a figure reported for a former unit."""
    if value.former_province is not None:
        return f"{value.former_province.name} (nay thuộc {value.province.name})"
    return str(value.province.name)


# --- rates -----------------------------------------------------------------------------------------------------


def rate_list(*, filters: RateFilters) -> QuerySet[ExchangeRate]:
    return filters.filter(ExchangeRate.objects.all()).order_by("currency", "-period_start", "pk")


@dataclass(frozen=True)
class RateUsed:
    id: int
    currency: str
    period: str
    vnd_per_unit: Decimal


class RateBook:
    """The rates of some currencies, loaded once; `find` gives the rate of a value's period."""

    def __init__(self, currencies: Iterable[str]) -> None:
        self.by_currency: dict[str, list[ExchangeRate]] = defaultdict(list)
        self.found: dict[tuple[str, str, dt.date, dt.date], ExchangeRate | None] = {}
        wanted = set(currencies)
        if not wanted:
            return
        for rate in ExchangeRate.objects.filter(currency__in=wanted).order_by("period_start", "pk"):
            self.by_currency[rate.currency].append(rate)

    def find(self, currency: str, kind: str, start: dt.date, end: dt.date) -> ExchangeRate | None:
        """Remembered per book: a national series asks the same period thousands of times (one per province
        and figure), and each search scans every rate of the currency."""
        key = (currency, kind, start, end)
        if key not in self.found:
            self.found[key] = self._find(currency, kind, start, end)
        return self.found[key]

    def _find(self, currency: str, kind: str, start: dt.date, end: dt.date) -> ExchangeRate | None:
        best: ExchangeRate | None = None
        for rate in self.by_currency.get(currency, ()):
            if rate.period_kind == kind and rate.period_start == start:
                return rate
            if (
                rate.period_start <= start
                and end <= rate.period_end
                and (
                    best is None
                    or KIND_RANK[Frequency(rate.period_kind)] < KIND_RANK[Frequency(best.period_kind)]
                )
            ):
                best = rate
        return best


def used(rate: ExchangeRate) -> RateUsed:
    return RateUsed(
        rate.pk, rate.currency, Period(rate.period_kind, rate.period_start).key, rate.vnd_per_unit
    )


# --- figures ----------------------------------------------------------------------------------------------------


@dataclass
class Figure:
    """One reporting unit's figure for one year (before adding units up)."""

    unit_key: str
    province_id: int
    former_province_id: int | None
    year: int
    value: Decimal | None
    computed: bool = False
    count: int = 0
    rates: set[RateUsed] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    currency: str = ""  # a computed money figure's currency, before conversion


@dataclass
class Point:
    key: str
    label: str
    value: Decimal | None
    unit: str
    year: int | None = None
    province: str = ""  # current province code
    former_province: str = ""
    values_count: int = 0
    computed_count: int = 0
    rates: list[RateUsed] = field(default_factory=list)
    missing_rates: list[str] = field(default_factory=list)
    link: str = ""
    rank: int | None = None


@dataclass
class Series:
    indicator: Indicator
    group_by: str
    units: str
    year_from: int
    year_to: int
    unit: str
    points: list[Point]
    province: str = ""

    @property
    def converted(self) -> bool:
        return any(p.rates for p in self.points)


@dataclass(frozen=True)
class Places:
    """The provinces and former provinces by id. A table of many series (the comparison, a province's profile,
    a report) reads them once and gives them to each `series` instead of each series reading them again."""

    provinces: dict[int, Province]
    formers: dict[int, FormerProvince]

    @classmethod
    def load(cls) -> Places:
        return cls({p.pk: p for p in Province.objects.all()}, {f.pk: f for f in FormerProvince.objects.all()})


def _unit_name(indicator: Indicator) -> str:
    if indicator.is_money:
        return "USD"
    return str(Indicator.Unit(indicator.unit).label)


def _combine(aggregation: str, parts: list[tuple[dt.date, Decimal, int]]) -> Decimal:
    """Periods of one unit and year: (first day, amount — a sum of `n` values —, n)."""
    total = sum((Decimal(v) for _, v, _n in parts), Decimal(0))
    if aggregation == Indicator.Aggregation.AVERAGE:
        return total / sum(n for _, _v, n in parts)
    if aggregation == Indicator.Aggregation.LATEST:
        return Decimal(max(parts, key=lambda p: p[0])[1])
    return total


def unit_figures(
    *,
    user: Actor,
    indicator: Indicator,
    year_from: int,
    year_to: int,
    province_id: int | None = None,
    country: str = "",
    places: Places | None = None,
) -> list[Figure]:
    """Every reporting unit's figure per year: validated values (one kind of period per unit-year, converted
    to USD where needed) and computed figures."""
    kept: set[tuple[int, int]] = set()
    figures: list[Figure] = []
    if indicator.computed and indicator.computed_by:
        computed: list[ComputedFigure] = import_string(indicator.computed_by)(
            year_from=year_from, year_to=year_to
        )
        if province_id is not None:
            computed = [c for c in computed if c.province_id == province_id]
        figures += _convert_computed(indicator, _computed_figures(computed, places or Places.load()))
        kept = {(c.province_id, c.year) for c in computed}
        if indicator.computed == Indicator.Computed.ALWAYS:
            return figures
    qs = IndicatorValue.objects.visible_to(user, Action.VIEW).filter(
        indicator=indicator, status=V.VALIDATED, year__gte=year_from, year__lte=year_to
    )
    if province_id is not None:
        qs = qs.filter(province_id=province_id)
    if country:
        qs = qs.filter(market_key=country.upper())
    # exact: keyed by the reader's scope and filters (the query's own SQL) and the province-years computed here,
    # moved by any change to a value (soft-deleted, so a delete is a change), a rate or the catalogue row
    # (`core.lists.stamped`, the count cache); a rate is deleted for good, so their number is in the key too
    rates = ExchangeRate.objects.all()
    row = Indicator.objects.filter(pk=indicator.pk)
    entered = stamped(
        "indicators:entered_figures",
        [qs, rates, row],
        lambda: _entered_figures(indicator, qs, kept, by_country=bool(country)),
        sorted(kept),
        rates.count() if settings.NGOAIVU_COUNT_CACHE_SECONDS > 0 else 0,
    )
    return figures + entered


def _entered_figures(
    indicator: Indicator, qs: QuerySet[IndicatorValue], kept: set[tuple[int, int]], *, by_country: bool
) -> list[Figure]:
    """The validated values of `qs` as figures per unit and year (the province-years in `kept` are computed
    from the records and left out); `by_country`: `qs` holds one market's values."""
    figures: list[Figure] = []
    base = qs.order_by()
    # unit, market, year -> [(kind, first day, last day, value, currency, number of values)]
    grouped: dict[tuple[str, int, int | None, str, int], list[tuple[Any, ...]]] = defaultdict(list)
    keys = ("unit_key", "province_id", "former_province_id", "market_key", "year", "period_kind", "currency")
    latest = indicator.aggregation == Indicator.Aggregation.LATEST
    foreign: set[str] = set()
    mixed: set[tuple[int, str, int]] = set()  # province, market, year with periods of several kinds
    if not latest:
        # added up by the database: one row per unit, market, year and kind of period (11,500 values of a
        # national 20-year series become ~1,300 rows); values in another currency, and the province-years
        # mixing kinds of period (where one period may lie inside another), are read one by one below
        rows = [
            row
            for row in base.values(*keys).annotate(
                total=Sum("value"), n=Count("pk"), first=Min("period_start")
            )
            if (row["province_id"], row["year"]) not in kept  # kept here: computed from the records
        ]
        kinds_of: dict[tuple[int, str, int], set[str]] = defaultdict(set)
        for row in rows:
            kinds_of[(row["province_id"], row["market_key"], row["year"])].add(row["period_kind"])
        mixed = {place for place, kinds in kinds_of.items() if len(kinds) > 1}
        for row in rows:
            if indicator.is_money and row["currency"] not in ("", "USD"):
                foreign.add(row["currency"])
                continue
            if (row["province_id"], row["market_key"], row["year"]) in mixed:
                continue
            group = (
                row["unit_key"],
                row["province_id"],
                row["former_province_id"],
                row["market_key"],
                row["year"],
            )
            grouped[group].append((row["period_kind"], row["first"], None, row["total"], "", row["n"]))
    if latest or foreign or mixed:
        detail = base
        if not latest:
            detail = base.filter(
                Q(currency__in=foreign)
                | Q(province_id__in={p for p, _m, _y in mixed}, year__in={y for _p, _m, y in mixed})
            )
        for unit_key, prov, former, market, year, kind, currency, start, end, value in detail.values_list(
            *keys, "period_start", "period_end", "value"
        ):
            if (prov, year) in kept:
                continue
            if not (latest or currency in foreign or (prov, market, year) in mixed):
                continue
            grouped[(unit_key, prov, former, market, year)].append((kind, start, end, value, currency, 1))
    _drop_contained(grouped, mixed if not latest else None)
    book = RateBook(foreign | ({"USD"} if foreign else set()))
    per_unit: dict[tuple[str, int, int | None, int], Figure] = {}
    per_unit_parts: dict[tuple[str, int, int | None, int], list[tuple[dt.date, Decimal, int]]] = defaultdict(
        list
    )
    for (u_key, u_prov, u_former, _market, u_year), entries in grouped.items():
        if not entries:
            continue
        key = (u_key, u_prov, u_former, u_year)
        figure = per_unit.setdefault(key, Figure(u_key, u_prov, u_former, u_year, None))
        for kind, start, end, value, currency, n in entries:
            figure.count += n
            amount = _to_usd(indicator, book, figure, kind, start, end or start, value, currency)
            if amount is not None:
                per_unit_parts[key].append((start, amount, n))
    aggregation = indicator.aggregation
    if indicator.by_market and not by_country and aggregation != Indicator.Aggregation.SUM:
        aggregation = Indicator.Aggregation.SUM
    for key, figure in per_unit.items():
        parts = per_unit_parts.get(key, [])
        figure.value = None if figure.missing or not parts else _combine(aggregation, parts)
        figures.append(figure)
    return figures


def _drop_contained(
    grouped: dict[tuple[str, int, int | None, str, int], list[tuple[Any, ...]]],
    places: set[tuple[int, str, int]] | None,
) -> None:
    """Leave out every value whose period lies inside a longer period reported for the same place: the same
    unit, or the whole (current) province, which covers its former units. Periods (months, quarters, halves,
    years) nest, so what is left never overlaps. `places`: the province-market-years to look at (None: all)."""
    by_place: dict[tuple[int, str, int], list[tuple[tuple[str, int, int | None, str, int], int]]] = (
        defaultdict(list)
    )
    for group, entries in grouped.items():
        _u_key, prov, _former, market, year = group
        if places is None or (prov, market, year) in places:
            by_place[(prov, market, year)] += [(group, i) for i in range(len(entries))]
    for members in by_place.values():
        if len(members) < 2:
            continue
        drop: set[tuple[tuple[str, int, int | None, str, int], int]] = set()
        for group, i in members:
            kind, start, end = grouped[group][i][:3]
            for other, j in members:
                o_kind, o_start, o_end = grouped[other][j][:3]
                covers_place = other[0] == group[0] or other[2] is None
                if (
                    covers_place
                    and KIND_RANK[Frequency(o_kind)] > KIND_RANK[Frequency(kind)]
                    and o_start <= start
                    and (o_end or o_start) >= (end or start)
                ):
                    drop.add((group, i))
                    break
        for group in {g for g, _i in drop}:
            grouped[group] = [e for i, e in enumerate(grouped[group]) if (group, i) not in drop]


def _to_usd(
    indicator: Indicator,
    book: RateBook,
    figure: Figure,
    kind: str,
    start: dt.date,
    end: dt.date,
    value: Decimal,
    currency: str,
) -> Decimal | None:
    if not indicator.is_money or not currency or currency == "USD":
        return Decimal(value)
    rate = book.find(currency, kind, start, end) if currency != "VND" else None
    usd = book.find("USD", kind, start, end)
    label = Period(kind, start).key
    if usd is None:
        figure.missing.add(f"USD {label}")
    if currency != "VND" and rate is None:
        figure.missing.add(f"{currency} {label}")
    if usd is None or (currency != "VND" and rate is None):
        return None
    figure.rates.add(used(usd))
    if rate is None:
        return Decimal(value) / usd.vnd_per_unit
    figure.rates.add(used(rate))
    return Decimal(value) * rate.vnd_per_unit / usd.vnd_per_unit


def _computed_figures(computed: list[ComputedFigure], places: Places) -> list[Figure]:
    out = []
    for c in computed:
        if c.former_province_id is not None:
            former = places.formers.get(c.former_province_id)
            unit_key = f"f{former.code if former else ''}"
        else:
            current = places.provinces.get(c.province_id)
            unit_key = f"p{current.code if current else ''}"
        out.append(
            Figure(
                unit_key,
                c.province_id,
                c.former_province_id,
                c.year,
                c.value,
                computed=True,
                count=1,
                currency=c.currency,
            )
        )
    return out


def _convert_computed(indicator: Indicator, figures: list[Figure]) -> list[Figure]:
    """Computed money figures (aid, kept in the projects' currency) converted to USD by the year's rate."""
    if not indicator.is_money:
        return figures
    currencies = {f.currency for f in figures} - {"", "USD"}
    book = RateBook(currencies | ({"USD"} if currencies else set()))
    for f in figures:
        currency = f.currency
        if f.value is not None and currency and currency != "USD":
            start, end = dt.date(f.year, 1, 1), dt.date(f.year, 12, 31)
            f.value = _to_usd(indicator, book, f, Frequency.YEAR, start, end, f.value, currency)
    return figures


def _values_link(indicator: Indicator, *, year_from: int, year_to: int, **params: str) -> str:
    query = {"indicator": indicator.code, "status": V.VALIDATED, "period_from": str(year_from)}
    query["period_to"] = str(year_to)
    query.update({k: v for k, v in params.items() if v})
    return f"{_values_path(get_script_prefix())}?{urlencode(query)}"


@functools.cache
def _values_path(prefix: str) -> str:
    """Reversed once per process and prefix: a series per province links each of its points (1,400 links per
    national review)."""
    return reverse("indicators:value_list")


def _point(
    indicator: Indicator,
    key: str,
    label: str,
    figures: list[Figure],
    *,
    aggregation: str,
    year_from: int,
    year_to: int,
    **extra: Any,
) -> Point:
    missing = sorted({m for f in figures for m in f.missing})
    parts = [f.value for f in figures if f.value is not None]
    value: Decimal | None = None
    if parts and not missing:
        if aggregation == Indicator.Aggregation.AVERAGE:
            value = sum(parts, Decimal(0)) / len(parts)
        else:
            value = sum(parts, Decimal(0))
    rates = sorted({r for f in figures for r in f.rates}, key=lambda r: (r.currency, r.period))
    link_params = {"province": extra.get("province", ""), "former_province": extra.get("former_province", "")}
    return Point(
        key=key,
        label=label,
        value=value.quantize(Decimal("0.0001")) if value is not None else None,
        unit=_unit_name(indicator),
        values_count=sum(f.count for f in figures if not f.computed),
        computed_count=sum(1 for f in figures if f.computed),
        rates=rates,
        missing_rates=missing,
        # a figure made only of computed figures has no values behind it to list
        link=_values_link(indicator, year_from=year_from, year_to=year_to, **link_params)
        if any(not f.computed for f in figures)
        else "",
        **extra,
    )


def series(
    *,
    user: Actor,
    indicator: Indicator,
    group_by: str = "year",
    year_from: int,
    year_to: int,
    units: str = "current",
    province: Province | None = None,
    country: str = "",
    places: Places | None = None,
    figures: list[Figure] | None = None,
) -> Series:
    """One indicator over years (national, or one province's when `province` is given) or per province for the
    years asked; `units=as_reported` keeps former units apart ("Quảng Nam" for 2023), `current` rolls them into
    today's province. A national total is the same either way (`tests/test_rollup.py`).

    `figures`: what `unit_figures` gave for the same user, indicator, years, province and country, when the
    caller groups them more than one way (a report reads them once for its by-province, as-reported and by-year
    series); they are only read here."""
    if figures is None:
        figures = unit_figures(
            user=user,
            indicator=indicator,
            year_from=year_from,
            year_to=year_to,
            province_id=province.pk if province else None,
            country=country,
            places=places,
        )
    aggregation = indicator.aggregation
    if aggregation == Indicator.Aggregation.LATEST:
        aggregation = Indicator.Aggregation.SUM  # each unit's latest, added up
    points: list[Point] = []
    common = {"aggregation": aggregation}
    if group_by == "year":
        by_year: dict[int, list[Figure]] = defaultdict(list)
        for f in figures:
            by_year[f.year].append(f)
        for year in range(year_from, year_to + 1):
            if year not in by_year:
                continue
            points.append(
                _point(
                    indicator,
                    str(year),
                    str(year),
                    by_year[year],
                    year_from=year,
                    year_to=year,
                    year=year,
                    province=province.code if province else "",
                    **common,
                )
            )
    else:
        places = places or Places.load()
        provinces, formers = places.provinces, places.formers
        by_unit: dict[str, list[Figure]] = defaultdict(list)
        for f in figures:
            key = f.unit_key if units == "as_reported" else f"p{provinces[f.province_id].code}"
            by_unit[key].append(f)
        for key, unit_figs in by_unit.items():
            current = provinces[unit_figs[0].province_id]
            former = formers.get(unit_figs[0].former_province_id or 0) if key.startswith("f") else None
            label = f"{former.name} (nay thuộc {current.name})" if former else current.name
            points.append(
                _point(
                    indicator,
                    key,
                    label,
                    unit_figs,
                    year_from=year_from,
                    year_to=year_to,
                    province=current.code,
                    former_province=former.code if former else "",
                    **common,
                )
            )
        points.sort(key=lambda p: (p.value is None, -(p.value or 0), p.key))
        rank = 0
        for p in points:
            if p.value is not None:
                rank += 1
                p.rank = rank
    return Series(
        indicator,
        group_by,
        units,
        year_from,
        year_to,
        _unit_name(indicator),
        points,
        province=province.code if province else "",
    )


# --- province profile and comparison --------------------------------------------------------------------------


@dataclass
class ProfileRow:
    indicator: Indicator
    point: Point | None
    rank: int | None
    ranked: int
    national: Point | None


def province_profile(*, user: Actor, province: Province, year: int) -> list[ProfileRow]:
    """Every active indicator for one province and year (current units: former units rolled in), with the
    province's national rank among the provinces that have a figure."""
    rows = []
    places = Places.load()
    for indicator in indicator_list():
        figures = unit_figures(user=user, indicator=indicator, year_from=year, year_to=year, places=places)
        by_province = series(
            user=user,
            indicator=indicator,
            group_by="province",
            year_from=year,
            year_to=year,
            places=places,
            figures=figures,
        )
        mine = next((p for p in by_province.points if p.province == province.code), None)
        ranked = sum(1 for p in by_province.points if p.rank is not None)
        rows.append(
            ProfileRow(
                indicator,
                mine,
                mine.rank if mine else None,
                ranked,
                national_point(
                    user=user, indicator=indicator, by_province=by_province, places=places, figures=figures
                ),
            )
        )
    return rows


@dataclass
class Comparison:
    indicators: list[Indicator]
    rows: list[dict[str, Any]]  # {"province": Province, code: Point | None}
    year_from: int
    year_to: int
    totals: dict[str, Point | None]


def comparison(
    *, user: Actor, year_from: int, year_to: int, codes: Iterable[str] = (), units: str = "current"
) -> Comparison:
    """Provinces (current units) × indicators for a period of years: the table the ministry exports."""
    wanted = set(codes)
    indicators = [i for i in indicator_list() if not wanted or i.code in wanted]
    by_province: dict[str, dict[str, Any]] = {}
    labels: dict[str, str] = {}
    totals: dict[str, Point | None] = {}
    places = Places.load()
    for indicator in indicators:
        figures = unit_figures(
            user=user, indicator=indicator, year_from=year_from, year_to=year_to, places=places
        )
        s = series(
            user=user,
            indicator=indicator,
            group_by="province",
            year_from=year_from,
            year_to=year_to,
            units=units,
            places=places,
            figures=figures,
        )
        for p in s.points:
            by_province.setdefault(p.key, {})[indicator.code] = p
            labels[p.key] = p.label
        totals[indicator.code] = national_point(
            user=user, indicator=indicator, by_province=s, places=places, figures=figures
        )
    if units == "current":
        for province in places.provinces.values():
            key = f"p{province.code}"
            by_province.setdefault(key, {})
            labels.setdefault(key, province.name)
    rows = [
        {"key": key, "label": labels[key], **cells}
        for key, cells in sorted(by_province.items(), key=lambda kv: labels[kv[0]])
    ]
    from ngoaivu.core.text import vi_sort_key

    rows.sort(key=lambda r: vi_sort_key(r["label"]))
    return Comparison(indicators, rows, year_from, year_to, totals)


def national_point(
    *,
    user: Actor,
    indicator: Indicator,
    by_province: Series,
    places: Places | None = None,
    figures: list[Figure] | None = None,
) -> Point | None:
    """The national figure of a per-province series: its points added up (the roll-up invariant makes that the
    national total whatever the units) — an average is recomputed over the reporting units instead, from the
    series' own `figures` when the caller has them (a computed average, the requests answered on time, reads
    every request part)."""
    if indicator.aggregation == Indicator.Aggregation.AVERAGE:
        national = series(
            user=user,
            indicator=indicator,
            group_by="year",
            year_from=by_province.year_from,
            year_to=by_province.year_to,
            places=places,
            figures=figures,
        )
        return _total(indicator, national.points)
    points = by_province.points
    if not points:
        return None
    missing = sorted({m for p in points for m in p.missing_rates})
    values = [p.value for p in points if p.value is not None]
    return Point(
        key="total",
        label="",
        value=sum(values, Decimal(0)) if values and not missing else None,
        unit=points[0].unit,
        values_count=sum(p.values_count for p in points),
        computed_count=sum(p.computed_count for p in points),
        rates=sorted({r for p in points for r in p.rates}, key=lambda r: (r.currency, r.period)),
        missing_rates=missing,
        link=_values_link(indicator, year_from=by_province.year_from, year_to=by_province.year_to)
        if any(p.values_count for p in points)
        else "",
    )


def _total(indicator: Indicator, points: list[Point]) -> Point | None:
    """The national figure over several years (one point per year): added, or averaged for averages."""
    if not points:
        return None
    if len(points) == 1:
        return points[0]
    missing = sorted({m for p in points for m in p.missing_rates})
    values = [p.value for p in points if p.value is not None]
    value = None
    if values and not missing:
        value = sum(values, Decimal(0))
        if indicator.aggregation == Indicator.Aggregation.AVERAGE:
            value = value / len(values)
    rates = sorted({r for p in points for r in p.rates}, key=lambda r: (r.currency, r.period))
    return Point(
        key="total",
        label="",
        value=value,
        unit=points[0].unit,
        values_count=sum(p.values_count for p in points),
        computed_count=sum(p.computed_count for p in points),
        rates=rates,
        missing_rates=missing,
        link=points[0].link,
    )
