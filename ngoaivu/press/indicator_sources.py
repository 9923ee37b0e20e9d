"""Indicator figures computed from press visits (the catalogue's `press_visits_licensed`,
`indicators/data/catalogue.csv`): licensed foreign press visits per host province and year the visit began.
Counts over all records, never a record itself, so no scope applies (`indicators/sources.py`)."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractYear

from ngoaivu.indicators.sources import ComputedFigure, figures_from_rows
from ngoaivu.press.models import LICENSED_STATUSES, PressVisit


def licensed(*, year_from: int, year_to: int) -> list[ComputedFigure]:
    rows = (
        PressVisit.objects.system(reason="indicator figures: counts of press visits, no record shown")
        .filter(
            deleted_at__isnull=True,
            status__in=LICENSED_STATUSES,
            starts_on__year__gte=year_from,
            starts_on__year__lte=year_to,
        )
        .exclude(licence_number="")
        .annotate(year=ExtractYear("starts_on"))
        .values("province_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return figures_from_rows(rows)
