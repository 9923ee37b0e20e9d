"""The "viện trợ PCP" indicators computed from the projects kept here (catalogue codes `ngo_aid_committed` and
`ngo_aid_disbursed`, `computed=where_kept`; signature: `indicators.sources.FigureSource`).

A province keeps its NGO aid here once it records projects: each (province, former province, year, currency)
in which one of its projects runs (from approval or start to end, or to its last recorded year) gets a figure,
zero included, so the indicators app refuses an entered value for that province-year and never counts it
twice. Committed = commitments of projects approved that year (a proposed or cancelled project commits
nothing); disbursed = the actual disbursement recorded for that year. Figures keep the project's currency
and the former province the approval named, for years before the 2025 merger only (a year from 2025 on is
reported for the current province), and only where the current province was formed from several units: a
former unit that was not merged (Lai Châu) counts as its current province, as `indicators.rules.derive_unit`
keys it. Aggregates are figures, not records: they read all projects, unscoped."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ngoaivu.aid.models import AidProject, AidYear
from ngoaivu.directory.models import FormerProvince
from ngoaivu.indicators.sources import ComputedFigure

MERGER_YEAR = 2025  # the first year not wholly before 01/07/2025 (Resolution 202/2025/QH15)
CENT = Decimal("0.01")  # the same figures on both databases (SQLite's SUM drops the decimals)
Key = tuple[int, int | None, int, str]


def _merged() -> set[int]:
    """Current provinces formed from two or more former units (only their former units are kept apart)."""
    return set(
        FormerProvince.objects.values("successor_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("successor_id", flat=True)
    )


def _figures(*, year_from: int, year_to: int, what: str) -> list[ComputedFigure]:
    merged = _merged()
    first_day, last_day = dt.date(year_from, 1, 1), dt.date(year_to, 12, 31)
    years = AidYear.objects.values("project_id")
    # a superset of the projects running within the years asked (the loop below decides exactly)
    begun = (
        Q(approval_date__lte=last_day) | Q(start_on__lte=last_day) | Q(pk__in=years.filter(year__lte=year_to))
    )
    not_over = (
        Q(approval_date__gte=first_day)
        | Q(start_on__gte=first_day)
        | Q(end_on__gte=first_day)
        | Q(pk__in=years.filter(year__gte=year_from))
    )
    projects = (
        AidProject.objects.system(reason="computed indicator figures")
        .filter(deleted_at__isnull=True)
        .filter(begun & not_over)
    )
    actual: dict[tuple[int, int], Decimal] = {}
    last_year: dict[int, int] = {}
    for project_id, year, total in (
        AidYear.objects.filter(project__in=projects.values("pk"))
        .values("project_id", "year")
        .annotate(total=Sum("actual"))
        .values_list("project_id", "year", "total")
    ):
        actual[(project_id, year)] = total or Decimal(0)
        last_year[project_id] = max(year, last_year.get(project_id, year))
    values: dict[Key, Decimal] = defaultdict(Decimal)
    rows = projects.values_list(
        "pk",
        "province_id",
        "former_province_id",
        "currency",
        "commitment",
        "status",
        "approval_date",
        "start_on",
        "end_on",
    )
    for pk, province_id, former_id, currency, commitment, status, approved, start, end in rows:
        known = [d.year for d in (approved, start) if d is not None]
        first = min([*known, *([last_year[pk]] if pk in last_year else [])], default=None)
        if first is None:
            continue  # neither approved nor started nor disbursed: nothing to count yet
        last = max(
            [d.year for d in (approved, start, end) if d is not None]
            + ([last_year[pk]] if pk in last_year else [])
        )
        for year in range(max(first, year_from), min(last, year_to) + 1):
            key: Key = (
                province_id,
                former_id if year < MERGER_YEAR and province_id in merged else None,
                year,
                currency,
            )
            if what == "committed":
                counts = approved is not None and approved.year == year and status in AidProject.COMMITTED
                values[key] += commitment if counts else Decimal(0)
            else:
                values[key] += actual.get((pk, year), Decimal(0))
    return [
        ComputedFigure(province_id=p, former_province_id=f, year=y, value=v.quantize(CENT), currency=c)
        for (p, f, y, c), v in sorted(
            values.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1] or 0, kv[0][3])
        )
    ]


def committed(*, year_from: int, year_to: int) -> list[ComputedFigure]:
    return _figures(year_from=year_from, year_to=year_to, what="committed")


def disbursed(*, year_from: int, year_to: int) -> list[ComputedFigure]:
    return _figures(year_from=year_from, year_to=year_to, what="disbursed")
