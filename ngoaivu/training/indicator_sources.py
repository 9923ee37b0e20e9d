"""The catalogue's `officials_trained` (`indicators/data/catalogue.csv`): attended participations (lượt) per
nominating province and the year the course ended. Counts over all records, never a record itself, so no scope
applies (`indicators/sources.py`)."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractYear

from ngoaivu.indicators.sources import ComputedFigure, figures_from_rows
from ngoaivu.training.models import Nomination


def officials_trained(*, year_from: int, year_to: int) -> list[ComputedFigure]:
    rows = (
        Nomination.objects.system(reason="indicator figures: counts of participations, no record shown")
        .filter(
            deleted_at__isnull=True,
            course__deleted_at__isnull=True,
            status=Nomination.Status.ATTENDED,
            course__ends_on__year__gte=year_from,
            course__ends_on__year__lte=year_to,
        )
        .annotate(year=ExtractYear("course__ends_on"))
        .values("province_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return figures_from_rows(rows)
