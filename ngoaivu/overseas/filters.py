"""One filter per list (the page, the API and the Excel export use the same)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id, text_q
from ngoaivu.core.schemas import IsoDate

Search = Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")]
CountryCode = Annotated[str | None, Field(max_length=2, description="ISO alpha-2")]
ProvinceCode = Annotated[str | None, Field(max_length=2, description="mã tỉnh hiện hành")]


def _country_q(value: str | None) -> Q:
    from ngoaivu.directory.models import Country

    return Q(country_id=reference_id(Country, iso2=value.upper())) if value else Q()


class AssociationFilters(FilterSchema):
    q: Search = None
    kind: Annotated[
        str | None,
        Field(
            max_length=20, description="association | business | students | professionals | religious | other"
        ),
    ] = None
    country: CountryCode = None
    mission: Annotated[str | None, Field(max_length=60, description="mã cơ quan đại diện")] = None
    status: Annotated[str | None, Field(max_length=10, description="active | inactive | dissolved")] = None
    sort: Annotated[
        str | None, Field(max_length=30, description="name | country | kind | members; -key: giảm dần")
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_kind(self, value: str | None) -> Q:
        return Q(kind=value) if value else Q()

    def filter_country(self, value: str | None) -> Q:
        return _country_q(value)

    def filter_mission(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Mission

        return Q(mission_id=reference_id(Mission, code=value)) if value else Q()

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class PersonFilters(FilterSchema):
    q: Search = None
    country: CountryCode = None
    field: Annotated[
        str | None,
        Field(
            max_length=20,
            description="business | science | culture | education | medicine | community | other",
        ),
    ] = None
    association: Annotated[int | None, Field(ge=1, le=2**63 - 1, description="id hội đoàn")] = None
    sort: Annotated[
        str | None, Field(max_length=30, description="name | country | field; -key: giảm dần")
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_country(self, value: str | None) -> Q:
        return _country_q(value)

    def filter_field(self, value: str | None) -> Q:
        return Q(field=value) if value else Q()

    def filter_association(self, value: int | None) -> Q:
        return Q(associations__id=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class ProgrammeFilters(FilterSchema):
    q: Search = None
    kind: Annotated[
        str | None,
        Field(
            max_length=20,
            description="xuan_que_huong | summer_camp | business_forum | homeland_visit | other",
        ),
    ] = None
    year: Annotated[int | None, Field(ge=1900, le=2100, description="năm bắt đầu")] = None
    province: ProvinceCode = None
    country: CountryCode = None
    status: Annotated[str | None, Field(max_length=10, description="planned | held | cancelled")] = None
    date_from: Annotated[IsoDate | None, Field(description="kết thúc từ ngày")] = None
    date_to: Annotated[IsoDate | None, Field(description="bắt đầu đến ngày")] = None
    sort: Annotated[
        str | None, Field(max_length=30, description="starts | title | kind | status; -key: giảm dần")
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_kind(self, value: str | None) -> Q:
        return Q(kind=value) if value else Q()

    def filter_year(self, value: int | None) -> Q:
        if not value:
            return Q()
        return Q(starts_on__gte=dt.date(value, 1, 1), starts_on__lte=dt.date(value, 12, 31))

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province
        from ngoaivu.overseas.models import OverseasProgramme

        if not value:
            return Q()
        through = OverseasProgramme.provinces.through.objects.filter(
            province_id=reference_id(Province, code=value)
        )
        return Q(pk__in=through.values("overseasprogramme_id"))

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Country
        from ngoaivu.overseas.models import OverseasProgramme

        if not value:
            return Q()
        through = OverseasProgramme.countries.through.objects.filter(
            country_id=reference_id(Country, iso2=value.upper())
        )
        return Q(pk__in=through.values("overseasprogramme_id"))

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q(ends_on__gte=value) if value else Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q(starts_on__lte=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class InvestmentFilters(FilterSchema):
    q: Search = None
    province: ProvinceCode = None
    former_province: Annotated[
        str | None, Field(max_length=2, description="mã tỉnh khi đầu tư (trước 01/07/2025)")
    ] = None
    year: Annotated[int | None, Field(ge=1900, le=2100)] = None
    status: Annotated[
        str | None, Field(max_length=10, description="proposed | licensed | operating | stopped")
    ] = None
    association: Annotated[int | None, Field(ge=1, le=2**63 - 1, description="id hội đoàn")] = None
    sort: Annotated[
        str | None, Field(max_length=30, description="year | title | province | status; -key: giảm dần")
    ] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province

        return Q(province_id=reference_id(Province, code=value)) if value else Q()

    def filter_former_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import FormerProvince

        return Q(former_province_id=reference_id(FormerProvince, code=value)) if value else Q()

    def filter_year(self, value: int | None) -> Q:
        return Q(year=value) if value else Q()

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_association(self, value: int | None) -> Q:
        return Q(association_id=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()
