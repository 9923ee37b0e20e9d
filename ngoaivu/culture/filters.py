"""The one filter per list of the culture app: the page, the API and the Excel export take the same object."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id, text_q
from ngoaivu.core.schemas import IsoDate


class TitleFilters(FilterSchema):
    """UNESCO titles and dossiers: `/culture/`, `/api/v1/unesco` and the export."""

    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    kind: Annotated[str | None, Field(max_length=40, description="mã loại danh hiệu (kinds.csv)")] = None
    stage: Annotated[str | None, Field(max_length=40, description="mã giai đoạn (stages.csv)")] = None
    province: Annotated[
        str | None, Field(max_length=2, description="mã tỉnh hiện hành (chủ trì hoặc cùng có di sản)")
    ] = None
    lead: Annotated[str | None, Field(max_length=2, description="mã tỉnh chủ trì hiện hành")] = None
    former: Annotated[
        str | None, Field(max_length=2, description="mã tỉnh cũ khi lập hồ sơ (tỉnh chủ trì)")
    ] = None
    year: Annotated[int | None, Field(ge=1970, le=2100, description="năm quyết định công nhận")] = None
    decided_from: Annotated[
        int | None, Field(ge=1970, le=2100, description="có quyết định công nhận từ năm")
    ] = None
    decided_to: Annotated[
        int | None, Field(ge=1970, le=2100, description="có quyết định công nhận đến năm")
    ] = None
    recognised: Annotated[
        bool | None, Field(description="đã được ghi danh, công nhận hoặc tái công nhận")
    ] = None
    step_overdue: Annotated[bool | None, Field(description="bước tiếp theo đã quá hạn")] = None
    sort: Annotated[
        str | None,
        Field(max_length=30, description="stage_on | name | kind | province | stage | due; -key: giảm dần"),
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_kind(self, value: str | None) -> Q:
        return Q(kind__code=value) if value else Q()

    def filter_stage(self, value: str | None) -> Q:
        return Q(stage__code=value) if value else Q()

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.culture.models import TitleProvince
        from ngoaivu.directory.models import Province

        if not value:
            return Q()
        province_id = reference_id(Province, code=value)
        others = TitleProvince.objects.filter(province_id=province_id).values("title_id")
        return Q(province_id=province_id) | Q(pk__in=others)

    def filter_lead(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province

        return Q(province_id=reference_id(Province, code=value)) if value else Q()

    def filter_former(self, value: str | None) -> Q:
        from ngoaivu.directory.models import FormerProvince

        if not value:
            return Q()
        return Q(former_province_id=reference_id(FormerProvince, code=value))

    def filter_year(self, value: int | None) -> Q:
        """Titles with a recognition decided in the year (in their stage history)."""
        from ngoaivu.culture.models import Stage, StageChange

        if value is None:
            return Q()
        rows = StageChange.objects.filter(stage__kind=Stage.Kind.RECOGNITION, decision_year=value)
        return Q(pk__in=rows.values("title_id"))

    def filter_decided_from(self, value: int | None) -> Q:
        """Titles with a recognition decided within the years (one stage change in the range, both ends)."""
        from ngoaivu.culture.models import Stage, StageChange

        if value is None and self.decided_to is None:
            return Q()
        rows = StageChange.objects.filter(stage__kind=Stage.Kind.RECOGNITION)
        if value is not None:
            rows = rows.filter(decision_year__gte=value)
        if self.decided_to is not None:
            rows = rows.filter(decision_year__lte=self.decided_to)
        return Q(pk__in=rows.values("title_id"))

    def filter_decided_to(self, value: int | None) -> Q:
        if self.decided_from is not None:
            return Q()  # applied with `decided_from`, so that one decision falls within both ends
        return self.filter_decided_from(None)

    def filter_recognised(self, value: bool | None) -> Q:
        from ngoaivu.culture.models import Stage, StageChange

        if value is None:
            return Q()
        ever = Q(pk__in=StageChange.objects.filter(stage__kind=Stage.Kind.RECOGNITION).values("title_id"))
        return ever if value else ~ever

    def filter_step_overdue(self, value: bool | None) -> Q:
        return Q()  # the selector applies it: it needs today's date

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class CulturalEventFilters(FilterSchema):
    """Cultural diplomacy events: `/culture/events/`, `/api/v1/cultural-events` and the export."""

    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    kind: Annotated[
        str | None, Field(max_length=12, description="vietnam_days | festival | exhibition | tour | other")
    ] = None
    abroad: Annotated[bool | None, Field(description="ở nước ngoài (true) hoặc trong nước (false)")] = None
    province: Annotated[
        str | None, Field(max_length=2, description="mã tỉnh hiện hành (tổ chức hoặc tham gia)")
    ] = None
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2")] = None
    status: Annotated[str | None, Field(max_length=10, description="planned | held | cancelled")] = None
    date_from: Annotated[IsoDate | None, Field(description="sự kiện kết thúc từ ngày")] = None
    date_to: Annotated[IsoDate | None, Field(description="sự kiện bắt đầu đến ngày")] = None
    sort: Annotated[
        str | None,
        Field(max_length=30, description="starts | title | kind | province | status; -key: giảm dần"),
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_kind(self, value: str | None) -> Q:
        return Q(kind=value) if value else Q()

    def filter_abroad(self, value: bool | None) -> Q:
        return Q() if value is None else Q(abroad=value)

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.culture.models import CulturalEvent
        from ngoaivu.directory.models import Province

        if not value:
            return Q()
        province_id = reference_id(Province, code=value)
        others = CulturalEvent.provinces.through.objects.filter(province_id=province_id)
        return Q(province_id=province_id) | Q(pk__in=others.values("culturalevent_id"))

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Country

        if not value:
            return Q()
        return Q(country_id=reference_id(Country, iso2=value.upper()))

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q(ends_on__gte=value) if value else Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q(starts_on__lte=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()
