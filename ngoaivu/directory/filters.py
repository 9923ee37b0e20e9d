from __future__ import annotations

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import text_q


class ProvinceFilters(FilterSchema):
    q: str | None = Field(None, max_length=200, description="Tìm không dấu / diacritic-insensitive")
    kind: str | None = Field(None, max_length=20)
    sort: str | None = Field(None, max_length=30)

    def filter_q(self, value: str | None) -> Q:
        if not value:
            return Q()
        return text_q(value) | text_q(value, "predecessors__search_text")

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class FormerProvinceFilters(FilterSchema):
    q: str | None = Field(None, max_length=200)
    successor: str | None = Field(None, max_length=2, description="Mã tỉnh hiện hành")
    sort: str | None = Field(None, max_length=30)

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_successor(self, value: str | None) -> Q:
        return Q(successor__code=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class CountryFilters(FilterSchema):
    q: str | None = Field(None, max_length=200)
    is_territory: bool | None = None
    has_mission: bool | None = None
    sort: str | None = Field(None, max_length=30)

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_has_mission(self, value: bool | None) -> Q:
        if value is None:
            return Q()
        return Q(accreditations__isnull=not value)

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class MissionFilters(FilterSchema):
    q: str | None = Field(None, max_length=200)
    kind: str | None = Field(None, max_length=20)
    country: str | None = Field(None, max_length=2, description="ISO alpha-2 của nước đặt trụ sở hoặc kiêm nhiệm")
    sort: str | None = Field(None, max_length=30)

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_country(self, value: str | None) -> Q:
        return Q(accreditations__country__iso2=value.upper()) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class OrganisationFilters(FilterSchema):
    q: str | None = Field(None, max_length=200)
    kind: str | None = Field(None, max_length=20)
    sort: str | None = Field(None, max_length=30)

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class PartnerFilters(FilterSchema):
    q: str | None = Field(None, max_length=200)
    kind: str | None = Field(None, max_length=20)
    country: str | None = Field(None, max_length=2, description="ISO alpha-2")
    owner: str | None = Field(None, max_length=60, description="Mã đơn vị sở hữu")
    visibility: str | None = Field(None, max_length=10)
    sort: str | None = Field(None, max_length=30)

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_country(self, value: str | None) -> Q:
        return Q(country__iso2=value.upper()) if value else Q()

    def filter_owner(self, value: str | None) -> Q:
        return Q(owner_org__code=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()
