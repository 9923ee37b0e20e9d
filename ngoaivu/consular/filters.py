from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id, text_q
from ngoaivu.core.schemas import IsoDate

KINDS = "arrest | accident | death | trafficking | labour | disaster | illness | documents | fraud | other"
STATUSES = "received | province_notified | in_progress | resolved | closed | transferred"


class CaseFilters(FilterSchema):
    """The one filter of the cases list: the page, the API (`/api/v1/citizen-cases`) and the export."""

    q: Annotated[str | None, Field(max_length=200, description="số hồ sơ hoặc tóm tắt (không dấu)")] = None
    kind: Annotated[str | None, Field(max_length=12, description=KINDS)] = None
    status: Annotated[str | None, Field(max_length=20, description=STATUSES)] = None
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2")] = None
    province: Annotated[str | None, Field(max_length=2, description="mã tỉnh quê quán hiện hành")] = None
    mission: Annotated[str | None, Field(max_length=60, description="mã cơ quan đại diện xử lý")] = None
    year: Annotated[int | None, Field(ge=1990, le=2100, description="năm tiếp nhận")] = None
    date_from: Annotated[IsoDate | None, Field(description="tiếp nhận từ ngày")] = None
    date_to: Annotated[IsoDate | None, Field(description="tiếp nhận đến ngày")] = None
    notify_late: Annotated[
        bool | None, Field(description="thông báo tỉnh quá hạn (đã hoặc chưa thông báo)")
    ] = None
    notify_pending: Annotated[
        bool | None, Field(description="chưa thông báo tỉnh, đến hạn hôm nay hoặc đã quá hạn")
    ] = None
    handover_pending: Annotated[bool | None, Field(description="có bàn giao chờ đơn vị tôi nhận")] = None
    sort: Annotated[
        str | None,
        Field(max_length=30, description="received | reference | kind | country | province | status | due"),
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_kind(self, value: str | None) -> Q:
        return Q(kind=value) if value else Q()

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Country

        return Q(country_id=reference_id(Country, iso2=value.upper())) if value else Q()

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province

        return Q(province_id=reference_id(Province, code=value)) if value else Q()

    def filter_mission(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Mission

        return Q(mission_id=reference_id(Mission, code=value)) if value else Q()

    def filter_year(self, value: int | None) -> Q:
        return (
            Q(received_on__gte=dt.date(value, 1, 1), received_on__lte=dt.date(value, 12, 31))
            if value
            else Q()
        )

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q(received_on__gte=value) if value else Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q(received_on__lte=value) if value else Q()

    def filter_notify_late(self, value: bool | None) -> Q:
        return Q()  # the selector applies it: it needs today's date

    def filter_notify_pending(self, value: bool | None) -> Q:
        return Q()  # the selector applies it: it needs today's date

    def filter_handover_pending(self, value: bool | None) -> Q:
        return Q()  # the selector applies it: it needs the user's organisation

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class SummaryFilters(FilterSchema):
    """The counts (by country and kind) everyone signed in may read: no names, no summaries."""

    year: Annotated[int | None, Field(ge=1990, le=2100, description="năm tiếp nhận")] = None
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2")] = None
    kind: Annotated[str | None, Field(max_length=12, description=KINDS)] = None

    def filter_year(self, value: int | None) -> Q:
        return (
            Q(received_on__gte=dt.date(value, 1, 1), received_on__lte=dt.date(value, 12, 31))
            if value
            else Q()
        )

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Country

        return Q(country_id=reference_id(Country, iso2=value.upper())) if value else Q()

    def filter_kind(self, value: str | None) -> Q:
        return Q(kind=value) if value else Q()
