from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id, text_q
from ngoaivu.core.schemas import IsoDate


class PressVisitFilters(FilterSchema):
    """The one filter of the press visits list: the page, the API (`/api/v1/press-visits`), the export and the
    links of the counts page."""

    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    province: Annotated[
        str | None, Field(max_length=2, description="mã tỉnh hiện hành (tỉnh đón hoặc trên lộ trình)")
    ] = None
    host: Annotated[str | None, Field(max_length=2, description="mã tỉnh đón (hiện hành)")] = None
    as_named: Annotated[str | None, Field(max_length=100, description="tên tỉnh đón khi tác nghiệp")] = None
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2 của cơ quan báo chí")] = None
    status: Annotated[
        str | None,
        Field(
            max_length=10, description="received | agreed | declined | ongoing | done | reported | cancelled"
        ),
    ] = None
    year: Annotated[int | None, Field(ge=1900, le=2200, description="năm bắt đầu tác nghiệp")] = None
    licensed: Annotated[
        bool | None, Field(description="đã cấp phép (có số giấy phép, không hủy/từ chối)")
    ] = None
    date_from: Annotated[IsoDate | None, Field(description="tác nghiệp kết thúc từ ngày")] = None
    date_to: Annotated[IsoDate | None, Field(description="tác nghiệp bắt đầu đến ngày")] = None
    answer_overdue: Annotated[bool | None, Field(description="quá hạn trả lời")] = None
    answer_due_by: Annotated[
        IsoDate | None, Field(description="chờ trả lời, hạn trả lời đến ngày này (kể cả quá hạn)")
    ] = None
    sort: Annotated[
        str | None,
        Field(max_length=30, description="starts | outlet | province | status | due; -key: giảm dần"),
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province
        from ngoaivu.press.models import PressVisit

        if not value:
            return Q()
        province_id = reference_id(Province, code=value)
        others = PressVisit.provinces.through.objects.filter(province_id=province_id)
        return Q(province_id=province_id) | Q(pk__in=others.values("pressvisit_id"))

    def filter_host(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province

        return Q(province_id=reference_id(Province, code=value)) if value else Q()

    def filter_as_named(self, value: str | None) -> Q:
        return Q(province_as_named=value) if value else Q()

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Country

        return Q(country_id=reference_id(Country, iso2=value.upper())) if value else Q()

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_year(self, value: int | None) -> Q:
        return Q(starts_on__year=value) if value else Q()

    def filter_licensed(self, value: bool | None) -> Q:
        from ngoaivu.press.models import LICENSED_STATUSES

        if value is None:
            return Q()
        licensed = Q(status__in=LICENSED_STATUSES) & ~Q(licence_number="")
        return licensed if value else ~licensed

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q(ends_on__gte=value) if value else Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q(starts_on__lte=value) if value else Q()

    def filter_answer_overdue(self, value: bool | None) -> Q:
        return Q()  # the selector applies it: it needs today's date

    def filter_answer_due_by(self, value: dt.date | None) -> Q:
        from ngoaivu.press.models import PressVisit

        return Q(status=PressVisit.Status.RECEIVED, answer_due_on__lte=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()
