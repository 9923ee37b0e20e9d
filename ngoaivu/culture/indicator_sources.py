"""Indicator figures computed from UNESCO titles (the catalogue's `unesco_recognitions`): recognitions —
inscribed, recognised or re-recognised — by the year of UNESCO's decision, counted for the title's LEAD province
only, so that the national sum counts each recognition once even when a title spans several provinces. Counts
over all records, never a record itself, so no scope applies (`indicators/sources.py`)."""

from __future__ import annotations

from django.db.models import Count, F

from ngoaivu.culture.models import HeritageTitle, Stage, StageChange
from ngoaivu.indicators.sources import ComputedFigure, figures_from_rows


def recognitions(*, year_from: int, year_to: int) -> list[ComputedFigure]:
    titles = HeritageTitle.objects.system(reason="indicator figures: counts of UNESCO recognitions").filter(
        deleted_at__isnull=True
    )
    rows = (
        StageChange.objects.filter(
            title_id__in=titles.values("pk"),
            stage__kind=Stage.Kind.RECOGNITION,
            decision_year__gte=year_from,
            decision_year__lte=year_to,
        )
        .annotate(
            province_id=F("title__province_id"),
            former_province_id=F("title__former_province_id"),
            year=F("decision_year"),
        )
        .values("province_id", "former_province_id", "year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return figures_from_rows(rows)
