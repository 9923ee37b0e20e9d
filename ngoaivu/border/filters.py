"""The one filter per list of the border app: the page, the API and the Excel export read the same schema."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id, text_q
from ngoaivu.core.schemas import IsoDate


def _member_province_q(value: str | None) -> Q:
    from ngoaivu.border.models import BorderMechanism
    from ngoaivu.directory.models import Province

    if not value:
        return Q()
    through = BorderMechanism.provinces.through.objects.filter(province_id=reference_id(Province, code=value))
    return Q(pk__in=through.values("bordermechanism_id"))


def _country_q(value: str | None) -> Q:
    from ngoaivu.border.models import BorderMechanism
    from ngoaivu.directory.models import Country

    if not value:
        return Q()
    through = BorderMechanism.countries.through.objects.filter(
        country_id=reference_id(Country, iso2=value.upper())
    )
    return Q(pk__in=through.values("bordermechanism_id"))


class MechanismFilters(FilterSchema):
    """Mechanisms: the page /border/, the API `/api/v1/border-mechanisms` and the export."""

    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    kind: Annotated[
        str | None, Field(max_length=16, description="bilateral | multilateral | decentralised")
    ] = None
    level: Annotated[str | None, Field(max_length=16)] = None
    province: Annotated[str | None, Field(max_length=2, description="mã tỉnh thành viên (hiện hành)")] = None
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2 của quốc gia đối tác")] = None
    status: Annotated[str | None, Field(max_length=10, description="active | dormant | ended")] = None
    sort: Annotated[
        str | None, Field(max_length=30, description="name | kind | founded | status; -key: giảm dần")
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_kind(self, value: str | None) -> Q:
        return Q(kind=value) if value else Q()

    def filter_level(self, value: str | None) -> Q:
        return Q(level=value) if value else Q()

    def filter_province(self, value: str | None) -> Q:
        return _member_province_q(value)

    def filter_country(self, value: str | None) -> Q:
        return _country_q(value)

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class MeetingFilters(FilterSchema):
    """Meetings: the page /border/meetings/, the API `/api/v1/border-meetings` and the export."""

    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    mechanism: Annotated[int | None, Field(ge=1, le=2**63 - 1, description="mã số cơ chế")] = None
    kind: Annotated[
        str | None, Field(max_length=16, description="conference | working_group | joint_committee | other")
    ] = None
    status: Annotated[
        str | None, Field(max_length=10, description="planned | held | minutes | cancelled")
    ] = None
    province: Annotated[str | None, Field(max_length=2, description="mã tỉnh thành viên (hiện hành)")] = None
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2")] = None
    year: Annotated[int | None, Field(ge=1990, le=2100, description="năm họp")] = None
    held: Annotated[bool | None, Field(description="đã diễn ra (đã họp hoặc đã có biên bản)")] = None
    date_from: Annotated[IsoDate | None, Field(description="họp từ ngày")] = None
    date_to: Annotated[IsoDate | None, Field(description="họp đến ngày")] = None
    mine: Annotated[bool | None, Field(description="cuộc họp của cơ chế đơn vị tôi chủ trì")] = None
    sort: Annotated[
        str | None, Field(max_length=30, description="starts | title | status; -key: giảm dần")
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_mechanism(self, value: int | None) -> Q:
        return Q(mechanism_id=value) if value else Q()

    def filter_kind(self, value: str | None) -> Q:
        return Q(kind=value) if value else Q()

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.border.models import BorderMechanism

        if not value:
            return Q()
        return Q(
            mechanism_id__in=BorderMechanism.objects.system(reason="filter by member province")
            .filter(_member_province_q(value))
            .values("pk")
        )

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.border.models import BorderMechanism

        if not value:
            return Q()
        return Q(
            mechanism_id__in=BorderMechanism.objects.system(reason="filter by partner country")
            .filter(_country_q(value))
            .values("pk")
        )

    def filter_held(self, value: bool | None) -> Q:
        if value is None:
            return Q()
        held = Q(status__in=["held", "minutes"])
        return held if value else ~held

    def filter_year(self, value: int | None) -> Q:
        return Q(starts_on__year=value) if value else Q()

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q(ends_on__gte=value) if value else Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q(starts_on__lte=value) if value else Q()

    def filter_mine(self, value: bool | None) -> Q:
        return Q()  # the selector applies it: it needs the user

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class CommitmentFilters(FilterSchema):
    """Commitments across mechanisms: the page /border/commitments/ and its export."""

    q: Annotated[str | None, Field(max_length=200)] = None
    status: Annotated[str | None, Field(max_length=10, description="open | done | dropped")] = None
    overdue: Annotated[bool | None, Field(description="quá hạn, chưa hoàn thành")] = None
    mine: Annotated[bool | None, Field(description="đơn vị của tôi chủ trì")] = None
    province: Annotated[str | None, Field(max_length=2, description="mã tỉnh thành viên (hiện hành)")] = None
    mechanism: Annotated[int | None, Field(ge=1, le=2**63 - 1)] = None
    due_from: Annotated[IsoDate | None, Field(description="hạn từ ngày")] = None
    due_to: Annotated[IsoDate | None, Field(description="hạn đến ngày")] = None
    sort: Annotated[
        str | None, Field(max_length=30, description="due | status | meeting; -key: giảm dần")
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_overdue(self, value: bool | None) -> Q:
        return Q()  # the selector applies it: it needs today's date

    def filter_mine(self, value: bool | None) -> Q:
        return Q()  # the selector applies it: it needs the user

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.border.models import BorderMechanism

        if not value:
            return Q()
        return Q(
            meeting__mechanism_id__in=BorderMechanism.objects.system(reason="filter by member province")
            .filter(_member_province_q(value))
            .values("pk")
        )

    def filter_mechanism(self, value: int | None) -> Q:
        return Q(meeting__mechanism_id=value) if value else Q()

    def filter_due_from(self, value: dt.date | None) -> Q:
        return Q(due_on__gte=value) if value else Q()

    def filter_due_to(self, value: dt.date | None) -> Q:
        return Q(due_on__lte=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()
