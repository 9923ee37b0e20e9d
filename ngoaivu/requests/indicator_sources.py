"""Indicator figures computed from requests (the catalogue's `requests_answered_on_time`): per sending
province and year of the answer, the share of request parts (one per recipient) answered by their due date.
A percentage over all parts, never a record itself, so no scope applies (`indicators/sources.py`)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear

from ngoaivu.directory.models import Province
from ngoaivu.indicators.sources import ComputedFigure
from ngoaivu.requests.models import Recipient


def answered_on_time(*, year_from: int, year_to: int) -> list[ComputedFigure]:
    rows = (
        Recipient.objects.system(reason="indicator figures: share of parts answered on time, no record shown")
        .filter(
            answered_on__isnull=False,
            answered_on__year__gte=year_from,
            answered_on__year__lte=year_to,
            request__deleted_at__isnull=True,
        )
        .annotate(year=ExtractYear("answered_on"), province_code=F("request__owner_org__province_code"))
        .values("province_code", "year")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(answered_on__lte=F("answer_due"))))
        .order_by()
    )
    provinces = dict(Province.objects.values_list("code", "pk"))
    figures = []
    for row in rows:
        province_id = provinces.get(row["province_code"] or "")
        if province_id is None or not row["n"]:
            continue
        share = (Decimal(row["on_time"]) * 100 / Decimal(row["n"])).quantize(Decimal("0.01"))
        figures.append(ComputedFigure(province_id, None, int(row["year"]), share))
    return sorted(figures, key=lambda f: (f.province_id, f.year))
