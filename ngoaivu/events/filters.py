from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id, text_q
from ngoaivu.core.schemas import IsoDate


class EventFilters(FilterSchema):
    """The one filter of the events list: the page, the API (`/api/v1/promotion-events`) and the export."""

    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    kind: Annotated[
        str | None,
        Field(max_length=12, description="trade | investment | tourism | connection | workshop | fair"),
    ] = None
    province: Annotated[
        str | None, Field(max_length=2, description="mã tỉnh hiện hành (tổ chức hoặc cùng tham gia)")
    ] = None
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2")] = None
    status: Annotated[str | None, Field(max_length=10, description="planned | held | cancelled")] = None
    date_from: Annotated[IsoDate | None, Field(description="sự kiện kết thúc từ ngày")] = None
    date_to: Annotated[IsoDate | None, Field(description="sự kiện bắt đầu đến ngày")] = None
    task_overdue: Annotated[bool | None, Field(description="có việc sau sự kiện quá hạn")] = None
    sort: Annotated[
        str | None,
        Field(max_length=30, description="starts | title | kind | province | status; -key: giảm dần"),
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_kind(self, value: str | None) -> Q:
        return Q(kind=value) if value else Q()

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province
        from ngoaivu.events.models import PromotionEvent

        if not value:
            return Q()
        province_id = reference_id(Province, code=value)
        others = PromotionEvent.provinces.through.objects.filter(province_id=province_id)
        return Q(province_id=province_id) | Q(pk__in=others.values("promotionevent_id"))

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Country
        from ngoaivu.events.models import PromotionEvent

        if not value:
            return Q()
        through = PromotionEvent.countries.through.objects.filter(
            country_id=reference_id(Country, iso2=value.upper())
        )
        return Q(pk__in=through.values("promotionevent_id"))

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q(ends_on__gte=value) if value else Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q(starts_on__lte=value) if value else Q()

    def filter_task_overdue(self, value: bool | None) -> Q:
        return Q()  # the selector applies it: it needs today's date

    def filter_sort(self, value: str | None) -> Q:
        return Q()
