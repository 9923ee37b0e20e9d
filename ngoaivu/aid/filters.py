from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id, text_q

Q_FIELD = Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")


class AidProjectFilters(FilterSchema):
    q: Annotated[str | None, Q_FIELD] = None
    status: Annotated[str | None, Field(max_length=20)] = None
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2 của tổ chức")] = None
    ngo: Annotated[int | None, Field(ge=1, le=2**62, description="id đối tác (tổ chức PCPNN)")] = None
    province: Annotated[str | None, Field(max_length=2, description="mã tỉnh hiện hành nơi thực hiện")] = None
    year: Annotated[int | None, Field(ge=1990, le=2100, description="dự án thực hiện trong năm")] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Country

        return Q(country_id=reference_id(Country, iso2=value.upper())) if value else Q()

    def filter_ngo(self, value: int | None) -> Q:
        return Q(ngo_id=value) if value else Q()

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.aid.models import AidProject
        from ngoaivu.directory.models import Province

        if not value:
            return Q()
        through = AidProject.provinces.through.objects.filter(province_id=reference_id(Province, code=value))
        return Q(pk__in=through.values("aidproject_id"))

    def filter_year(self, value: int | None) -> Q:
        """Running in that year: started by its end (or approved by then, when no start is known) and not ended
        before it began — or with figures recorded for that year."""
        from ngoaivu.aid.models import AidYear

        if not value:
            return Q()
        first, last = dt.date(value, 1, 1), dt.date(value, 12, 31)
        started = Q(start_on__lte=last) | Q(start_on__isnull=True, approval_date__lte=last)
        recorded = Q(pk__in=AidYear.objects.filter(year=value).values("project_id"))
        return (started & (Q(end_on__isnull=True) | Q(end_on__gte=first))) | recorded

    def filter_sort(self, value: str | None) -> Q:
        return Q()
