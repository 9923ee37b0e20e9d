from __future__ import annotations

from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import text_q


class ProvinceFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    kind: Annotated[str | None, Field(max_length=20)] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        if not value:
            return Q()
        return text_q(value) | text_q(value, "predecessors__search_text")

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class FormerProvinceFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200)] = None
    successor: Annotated[str | None, Field(max_length=2, description="Mã tỉnh hiện hành")] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_successor(self, value: str | None) -> Q:
        return Q(successor__code=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class CountryFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200)] = None
    is_territory: bool | None = None
    has_mission: bool | None = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_has_mission(self, value: bool | None) -> Q:
        if value is None:
            return Q()
        return Q(accreditations__isnull=not value)

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class MissionFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200)] = None
    kind: Annotated[str | None, Field(max_length=20)] = None
    country: Annotated[
        str | None, Field(max_length=2, description="ISO alpha-2 của nước đặt trụ sở hoặc kiêm nhiệm")
    ] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_country(self, value: str | None) -> Q:
        return Q(accreditations__country__iso2=value.upper()) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class OrganisationFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200)] = None
    kind: Annotated[str | None, Field(max_length=20)] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class PartnerFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200)] = None
    kind: Annotated[str | None, Field(max_length=20)] = None
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2")] = None
    owner: Annotated[str | None, Field(max_length=60, description="Mã đơn vị sở hữu")] = None
    visibility: Annotated[str | None, Field(max_length=10)] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_country(self, value: str | None) -> Q:
        return Q(country__iso2=value.upper()) if value else Q()

    def filter_owner(self, value: str | None) -> Q:
        return Q(owner_org__code=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()
