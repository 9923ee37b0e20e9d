"""Synthetic indicator figures for benchmarks (`ngoaivu synth`): 20 years (2006–2025) of every entered
indicator for every province, reported for the units of the time (the 63 former units before 01/07/2025 —
the unmerged ones under their current key — and the 34 provinces after), validated, and the exchange rates
the USD totals need (yearly and monthly, USD JPY KRW EUR CNY).

Monthly indicators have yearly GSO-style figures for 2006–2010 and monthly figures from 2011 (the series uses
the coarsest period present per unit and year, so nothing is counted twice); by-market indicators have yearly
figures for five main markets (monthly at x10). Sizes are skewed like real life (a few provinces carry most
FDI and trade) and grow over time, with the 2020–2021 dip in arrivals. `small` covers 2024–2025 only (about a
tenth). Bulk inserts: no audit rows. Keys already present (the demo's figures, a smaller scale run before) are
skipped, so the unique rule of one live value per unit and period holds."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.core.bulk import copy_insert
from ngoaivu.directory.models import Country, FormerProvince, Province
from ngoaivu.indicators import rules
from ngoaivu.indicators.models import ExchangeRate, Indicator, IndicatorValue
from ngoaivu.indicators.periods import Period

Say = Callable[[str, int, int], None]
SOURCE = "Số liệu tổng hợp để đo hiệu năng (synth)"
RATE_SOURCE = "Tỷ giá tổng hợp để đo hiệu năng (synth), không phải tỷ giá chính thức"
BATCH = 5_000
MERGER = dt.date(2025, 7, 1)
# (first year, first monthly year, monthly by-market, markets)
SCALES = {"small": (2024, 2024, False, 5), "national": (2006, 2011, False, 5), "x10": (2006, 2011, True, 10)}
LAST_YEAR = 2025
MARKETS = ["CN", "US", "JP", "KR", "DE", "TH", "SG", "AU", "IN", "FR"]
# national yearly totals around 2015 (USD, projects, visits), grown ~7 % a year
NATIONAL_2015 = {
    "fdi_registered_new": 15e9,
    "fdi_registered_additional": 5e9,
    "fdi_capital_contribution": 4e9,
    "fdi_realised": 14.5e9,
    "fdi_projects_new": 2_000,
    "exports_total": 160e9,
    "exports_by_market": 25e9,
    "imports_total": 165e9,
    "imports_by_market": 25e9,
    "international_arrivals": 8e6,
    "remittances": 12e9,
    "oda_disbursed": 5e9,
    "ngo_aid_committed": 250e6,
    "ngo_aid_disbursed": 220e6,
}
AID_CURRENCIES = [("USD", 1.0), ("EUR", 0.92), ("JPY", 140.0), ("KRW", 1_250.0)]
# VND per USD, and units of each currency per USD, in 2006 and 2025 (a straight line between: synthetic)
USD_VND = (16_000.0, 25_100.0)
PER_USD = {"JPY": (117.0, 150.0), "KRW": (955.0, 1_400.0), "EUR": (0.80, 0.90), "CNY": (8.0, 7.2)}


@dataclass(frozen=True)
class Unit:
    key: str
    province_id: int
    former_id: int | None  # stored only for merged units
    owner_org_id: int
    weight: float


def _line(pair: tuple[float, float], year: int, month: int = 6) -> float:
    t = (year - 2006 + (month - 1) / 12) / (LAST_YEAR - 2006)
    return pair[0] + (pair[1] - pair[0]) * t


def _rates(first_year: int) -> list[ExchangeRate]:
    have = set(ExchangeRate.objects.values_list("currency", "period_kind", "period_start"))
    rows: list[ExchangeRate] = []
    for currency in ("USD", *PER_USD):
        for year in range(first_year, LAST_YEAR + 1):
            periods = [Period.of("year", year)] + [Period.of("month", year, m) for m in range(1, 13)]
            for period in periods:
                if (currency, period.kind, period.start) in have:
                    continue
                month = period.start.month if period.kind == "month" else 6
                usd = _line(USD_VND, year, month)
                rate = usd if currency == "USD" else usd / _line(PER_USD[currency], year, month)
                rows.append(
                    ExchangeRate(
                        currency=currency,
                        period_kind=period.kind,
                        period_start=period.start,
                        period_end=period.end,
                        vnd_per_unit=Decimal(f"{rate:.6f}"),
                        source=RATE_SOURCE,
                    )
                )
    return rows


def _units(rnd: random.Random) -> tuple[list[Unit], list[Unit]]:
    """(units before the merger, provinces after), each province's weight the sum of its former units'."""
    orgs = dict(Organisation.objects.filter(kind=Organisation.Kind.PROVINCE).values_list("code", "pk"))
    provinces = {p.pk: p for p in Province.objects.all() if f"tinh-{p.code}" in orgs}
    formers = [f for f in FormerProvince.objects.order_by("code") if f.successor_id in provinces]
    counts: dict[int, int] = {}
    for f in formers:
        counts[f.successor_id] = counts.get(f.successor_id, 0) + 1
    rnd.shuffle(formers)
    before = []
    for rank, f in enumerate(formers):
        province = provinces[f.successor_id]
        merged = counts[f.successor_id] > 1
        before.append(
            Unit(
                key=f"f{f.code}" if merged else f"p{province.code}",
                province_id=province.pk,
                former_id=f.pk if merged else None,
                owner_org_id=orgs[f"tinh-{province.code}"],
                weight=1 / (rank + 1) ** 1.1,
            )
        )
    total = sum(u.weight for u in before)
    before = [Unit(u.key, u.province_id, u.former_id, u.owner_org_id, u.weight / total) for u in before]
    after = []
    for pk, province in sorted(provinces.items()):
        weight = sum(u.weight for u in before if u.province_id == pk)
        after.append(Unit(f"p{province.code}", pk, None, orgs[f"tinh-{province.code}"], weight))
    return before, after


def _periods(
    indicator: Indicator, first_year: int, first_monthly: int, monthly_market: bool
) -> Iterator[Period]:
    monthly = indicator.frequency == "month" and (not indicator.by_market or monthly_market)
    for year in range(first_year, LAST_YEAR + 1):
        if monthly and year >= first_monthly:
            yield from (Period.of("month", year, m) for m in range(1, 13))
        else:
            yield Period.of("year", year)


def _size(code: str, period: Period, rnd: random.Random) -> float:
    growth = 1.07 ** (period.year - 2015)
    if code == "international_arrivals" and period.year in (2020, 2021):
        growth *= 0.15 if period.year == 2020 else 0.03
    share = 1 / 12 if period.kind == "month" else 1.0
    return NATIONAL_2015[code] * growth * share * rnd.uniform(0.6, 1.4)


def _planned(
    scale: str, rnd: random.Random, validator: User | None, author: User | None
) -> Iterator[IndicatorValue | int]:
    first_year, first_monthly, monthly_market, n_markets = SCALES[scale]
    before, after = _units(rnd)
    indicators = [
        i
        for i in Indicator.objects.filter(active=True).exclude(computed=Indicator.Computed.ALWAYS)
        if i.code in NATIONAL_2015
    ]
    countries = {c.iso2: c.pk for c in Country.objects.filter(iso2__in=MARKETS)}
    markets = [m for m in MARKETS[:n_markets] if m in countries]
    existing = set(
        IndicatorValue.objects.system(reason="synth: keys already there")
        .filter(status__in=IndicatorValue.LIVE_STATES, deleted_at__isnull=True, year__gte=first_year)
        .values_list("indicator_id", "unit_key", "market_key", "period_kind", "period_start")
    )
    total = sum(
        len(before if period.end < MERGER else after) * (len(markets) if indicator.by_market else 1)
        for indicator in indicators
        for period in _periods(indicator, first_year, first_monthly, monthly_market)
    )
    yield total  # the planned number first (kept-here years and keys already there are skipped below)
    for indicator in indicators:
        kept = rules.kept_here(indicator, year_from=first_year, year_to=LAST_YEAR)
        for period in _periods(indicator, first_year, first_monthly, monthly_market):
            units = before if period.end < MERGER else after
            validated = timezone.make_aware(
                dt.datetime.combine(period.end + dt.timedelta(days=45), dt.time(9))
            )
            for market in markets if indicator.by_market else [""]:
                size = _size(indicator.code, period, rnd) / (len(markets) if market else 1)
                for unit in units:
                    if (unit.province_id, period.year) in kept:
                        continue
                    key = (indicator.pk, unit.key, market, period.kind, period.start)
                    if key in existing:
                        continue
                    amount = size * unit.weight * rnd.uniform(0.7, 1.3)
                    currency = ""
                    if indicator.unit == Indicator.Unit.USD:
                        currency = "USD"
                    elif indicator.unit == Indicator.Unit.CURRENCY:
                        currency, per_usd = rnd.choice(AID_CURRENCIES)
                        amount *= per_usd
                    yield IndicatorValue(
                        owner_org_id=unit.owner_org_id,
                        created_by=author,
                        updated_by=author,
                        indicator=indicator,
                        province_id=unit.province_id,
                        former_province_id=unit.former_id,
                        unit_key=unit.key,
                        country_id=countries[market] if market else None,
                        market_key=market,
                        period_kind=period.kind,
                        period_start=period.start,
                        period_end=period.end,
                        year=period.year,
                        value=Decimal(round(amount)),
                        currency=currency,
                        source=SOURCE,
                        status=IndicatorValue.Status.VALIDATED,
                        submitted_at=validated - dt.timedelta(days=10),
                        validated_at=validated,
                        validated_by=validator,
                    )


def _expected(scale: str) -> int:
    """A lower bound of what a run of this scale writes (the synthesized check)."""
    first_year, first_monthly, _monthly_market, _markets = SCALES[scale]
    years = LAST_YEAR - first_year + 1
    monthly_years = LAST_YEAR - first_monthly + 1
    return 8 * 34 * (years - monthly_years + 12 * monthly_years) // 2


@transaction.atomic
def synthesize_indicators(*, scale: str, seed: int, say: Say | None = None) -> dict[str, int]:
    report = say or (lambda label, done, total: None)
    rnd = random.Random(seed + 20)  # noqa: S311 - reproducible synthetic data, not security
    rates = _rates(SCALES[scale][0])
    copy_insert(ExchangeRate, rates)
    report("indicator rates", len(rates), len(rates))
    author = User.objects.filter(is_superuser=True).order_by("pk").first()
    validator = (
        User.objects.filter(organisation__kind=Organisation.Kind.MOFA, is_active=True, is_superuser=False)
        .order_by("pk")
        .first()
    )
    made = 0
    planned = 0
    chunk: list[IndicatorValue] = []
    for value in _planned(scale, rnd, validator, author):
        if isinstance(value, int):
            planned = value
            continue
        chunk.append(value)
        if len(chunk) >= BATCH:
            copy_insert(IndicatorValue, chunk)
            made += len(chunk)
            chunk = []
            report("indicator values", made, max(made, planned))
    if chunk:
        copy_insert(IndicatorValue, chunk)
        made += len(chunk)
    report("indicator values", made, made)
    if connection.vendor == "postgresql":
        # fresh planner statistics: right after 100,000 bulk rows the values list planned from the empty table's
        # statistics took 1.4 s instead of 0.08 s until autovacuum came by (measured on the national scale)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {IndicatorValue._meta.db_table}, {ExchangeRate._meta.db_table}")
    return {"indicator_values": made, "indicator_rates": len(rates)}


def indicators_synthesized(*, scale: str) -> bool:
    return IndicatorValue.objects.system(reason="synth check").filter(
        source=SOURCE, year=SCALES[scale][0]
    ).exists() and IndicatorValue.objects.system(reason="synth check").filter(
        source=SOURCE
    ).count() >= _expected(scale)
