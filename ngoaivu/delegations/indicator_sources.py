"""Indicator figures computed from delegations (the catalogue's `delegations_outbound` / `delegations_inbound`,
`indicators/data/catalogue.csv`): approved delegations per province and year of departure or arrival. Counts
over all records, never a record itself, so no scope applies (`indicators/sources.py`)."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractYear

from ngoaivu.delegations.models import Delegation
from ngoaivu.indicators.sources import ComputedFigure, figures_from_rows

# a delegation counts once it is approved; refused, postponed, cancelled and unsubmitted plans do not
COUNTED = Delegation.COUNTED_STATES


def _count(direction: str, *, year_from: int, year_to: int) -> list[ComputedFigure]:
    rows = (
        Delegation.objects.system(reason="indicator figures: counts of delegations, no record shown")
        .filter(
            deleted_at__isnull=True,
            direction=direction,
            state__in=COUNTED,
            departs_on__year__gte=year_from,
            departs_on__year__lte=year_to,
        )
        .annotate(year=ExtractYear("departs_on"))
        .values("province_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return figures_from_rows(rows)


def outbound(*, year_from: int, year_to: int) -> list[ComputedFigure]:
    return _count(Delegation.Direction.OUTBOUND, year_from=year_from, year_to=year_to)


def inbound(*, year_from: int, year_to: int) -> list[ComputedFigure]:
    return _count(Delegation.Direction.INBOUND, year_from=year_from, year_to=year_to)
