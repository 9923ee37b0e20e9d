from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id, text_q
from ngoaivu.core.schemas import IsoDate


class DossierFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    province: Annotated[str | None, Field(max_length=2, description="mã tỉnh hiện hành")] = None
    market: Annotated[str | None, Field(max_length=2, description="ISO alpha-2")] = None
    stage: Annotated[str | None, Field(max_length=40, description="mã giai đoạn")] = None
    status: Annotated[
        str | None, Field(max_length=12, description="open | market_open | suspended | closed")
    ] = None
    mission: Annotated[str | None, Field(max_length=60, description="mã cơ quan đại diện")] = None
    due_before: Annotated[IsoDate | None, Field(description="việc tiếp theo có hạn đến ngày")] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province
        from ngoaivu.market_access.models import Dossier

        if not value:
            return Q()
        through = Dossier.provinces.through.objects.filter(province_id=reference_id(Province, code=value))
        return Q(pk__in=through.values("dossier_id"))

    def filter_market(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Country

        return Q(market_id=reference_id(Country, iso2=value.upper())) if value else Q()

    def filter_stage(self, value: str | None) -> Q:
        from ngoaivu.market_access.models import Stage

        return Q(stage_id=reference_id(Stage, code=value)) if value else Q()

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_mission(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Mission

        return Q(mission_id=reference_id(Mission, code=value)) if value else Q()

    def filter_due_before(self, value: dt.date | None) -> Q:
        return Q(next_step_due__lte=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()
