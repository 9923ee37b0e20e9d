from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id as _reference_id
from ngoaivu.core.lists import text_q
from ngoaivu.core.schemas import IsoDate

Q_FIELD = Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")


class DelegationFilters(FilterSchema):
    q: Annotated[str | None, Q_FIELD] = None
    direction: Annotated[str | None, Field(max_length=10, description="outbound | inbound")] = None
    province: Annotated[str | None, Field(max_length=2, description="mã tỉnh hiện hành")] = None
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2")] = None
    state: Annotated[str | None, Field(max_length=20)] = None
    date_from: Annotated[IsoDate | None, Field(description="chuyến đi kết thúc từ ngày")] = None
    date_to: Annotated[IsoDate | None, Field(description="chuyến đi bắt đầu đến ngày")] = None
    approved: Annotated[
        bool | None,
        Field(description="true: đã được phê duyệt (kể cả đã đi, đã báo cáo, đã đóng); không kể hủy, hoãn"),
    ] = None
    report_missing: Annotated[bool | None, Field(description="chưa có báo cáo kết quả")] = None
    follow_up_overdue: Annotated[bool | None, Field(description="có việc sau chuyến đi quá hạn")] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_direction(self, value: str | None) -> Q:
        return Q(direction=value) if value else Q()

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province

        return Q(province_id=_reference_id(Province, code=value)) if value else Q()

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.delegations.models import Delegation
        from ngoaivu.directory.models import Country

        if not value:
            return Q()
        through = Delegation.countries.through.objects.filter(
            country_id=_reference_id(Country, iso2=value.upper())
        )
        return Q(pk__in=through.values("delegation_id"))

    def filter_state(self, value: str | None) -> Q:
        return Q(state=value) if value else Q()

    def filter_approved(self, value: bool | None) -> Q:
        """The delegations that count in reports and indicators (`indicator_sources.COUNTED`)."""
        from ngoaivu.delegations.models import Delegation

        if value is None:
            return Q()
        counted = Q(state__in=Delegation.COUNTED_STATES)
        return counted if value else ~counted

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q()  # the selector applies the dates and the missing report

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q()

    def filter_report_missing(self, value: bool | None) -> Q:
        return Q()

    def filter_follow_up_overdue(self, value: bool | None) -> Q:
        return Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class VisitFilters(FilterSchema):
    q: Annotated[str | None, Q_FIELD] = None
    direction: Annotated[str | None, Field(max_length=12, description="to_province | to_ministry")] = None
    province: Annotated[str | None, Field(max_length=2)] = None
    status: Annotated[str | None, Field(max_length=10)] = None
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_direction(self, value: str | None) -> Q:
        return Q(direction=value) if value else Q()

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province

        return Q(province_id=_reference_id(Province, code=value)) if value else Q()

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class ConferenceFilters(FilterSchema):
    q: Annotated[str | None, Q_FIELD] = None
    province: Annotated[str | None, Field(max_length=2)] = None
    country: Annotated[str | None, Field(max_length=2)] = None
    state: Annotated[str | None, Field(max_length=12)] = None
    level: Annotated[str | None, Field(max_length=10, description="pm | chair")] = None
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    report_missing: bool | None = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province

        return Q(province_id=_reference_id(Province, code=value)) if value else Q()

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.delegations.models import Conference
        from ngoaivu.directory.models import Country

        if not value:
            return Q()
        through = Conference.countries.through.objects.filter(
            country_id=_reference_id(Country, iso2=value.upper())
        )
        return Q(pk__in=through.values("conference_id"))

    def filter_state(self, value: str | None) -> Q:
        return Q(state=value) if value else Q()

    def filter_level(self, value: str | None) -> Q:
        return Q(approval_level=value) if value else Q()

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q()

    def filter_report_missing(self, value: bool | None) -> Q:
        return Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()
