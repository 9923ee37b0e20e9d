"""Indicators computed from ngoaivu's own records. A catalogue row names its function by dotted path
(`computed_by`); the function lives in the app that owns the records (agreements are below this app, so
their functions live here; aid, delegations and requests sit above and keep theirs in their own
`indicator_sources.py`), so no app imports upward. A test resolves every path of the catalogue.

Every function has the signature of `FigureSource`: the yearly figures for the years asked, per province as
the records name it, counted over all records (aggregates are figures, not records, and need no scope)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class ComputedFigure:
    province_id: int  # the current province the records belong to
    former_province_id: int | None  # the pre-2025 unit, where the records name one
    year: int
    value: Decimal
    currency: str = ""  # money figures only: the currency the records are kept in (one figure per currency)


FigureSource = Callable[..., list[ComputedFigure]]
"""fn(*, year_from: int, year_to: int) -> list[ComputedFigure]; for `where_kept` indicators, a province-year
present in the result is "kept here": entered values for it are refused and never added."""


def merged_successors() -> set[int]:
    """Current provinces formed from two or more former units: only their former units are kept apart."""
    from django.db.models import Count

    from ngoaivu.directory.models import FormerProvince

    return set(
        FormerProvince.objects.values("successor_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("successor_id", flat=True)
    )


def figures_from_rows(rows: Iterable[dict[str, Any]], *, value: str = "n") -> list[ComputedFigure]:
    """Grouped rows (province_id, former_province_id, year, `value`) as figures; a former unit that was not
    merged (Lai Châu) counts as its current province, as `rules.derive_unit` keys it."""
    merged = merged_successors()
    totals: dict[tuple[int, int | None, int], Decimal] = {}
    for row in rows:
        former = row.get("former_province_id")
        if former is not None and row["province_id"] not in merged:
            former = None
        key = (row["province_id"], former, int(row["year"]))
        totals[key] = totals.get(key, Decimal(0)) + Decimal(row[value])
    return [
        ComputedFigure(p, f, y, v)
        for (p, f, y), v in sorted(totals.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0, kv[0][2]))
    ]


def _agreements_signed(kinds: tuple[str, ...], *, year_from: int, year_to: int) -> list[ComputedFigure]:
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from ngoaivu.agreements.models import Agreement

    rows = (
        Agreement.objects.system(reason="indicator figures: counts of signed agreements, no record shown")
        .filter(
            deleted_at__isnull=True,
            kind__code__in=kinds,
            signed_on__year__gte=year_from,
            signed_on__year__lte=year_to,
        )
        .annotate(year=ExtractYear("signed_on"))
        .values("province_id", "former_province_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return figures_from_rows(rows)


def agreements_signed_provincial(*, year_from: int, year_to: int) -> list[ComputedFigure]:
    """Provincial agreements (Law 70/2020), agreements of departments and border communes (Decree 64/2021) and
    sister-city relations signed in each year, per province as named at signing."""
    return _agreements_signed(
        ("provincial", "department", "sister_city"), year_from=year_from, year_to=year_to
    )


def mous_signed(*, year_from: int, year_to: int) -> list[ComputedFigure]:
    """MOUs with foreign businesses and organisations signed in each year."""
    return _agreements_signed(("mou",), year_from=year_from, year_to=year_to)
