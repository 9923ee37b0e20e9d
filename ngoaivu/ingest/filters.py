from __future__ import annotations

from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import text_q
from ngoaivu.core.schemas import IsoDate

SORTS = {"published": ("published_on",), "title": ("title",), "created": ("created_at",)}


class DocumentFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200, description="Tìm trong tiêu đề, trích yếu, nguồn")] = None
    kind: Annotated[str | None, Field(pattern=r"^(news|report|official|other)$")] = None
    province: Annotated[str | None, Field(pattern=r"^\d{2}$", description="Mã tỉnh hiện hành")] = None
    country: Annotated[str | None, Field(pattern=r"^[A-Za-z]{2}$")] = None
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    sort: Annotated[str | None, Field(pattern=r"^-?(published|title|created)$")] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value, "search_text") if value else Q()

    def filter_kind(self, value: str | None) -> Q:
        return Q(kind=value) if value else Q()

    def filter_province(self, value: str | None) -> Q:
        return Q(provinces__code=value) if value else Q()

    def filter_country(self, value: str | None) -> Q:
        return Q(countries__iso2=value.upper()) if value else Q()

    def filter_date_from(self, value: object) -> Q:
        return Q(published_on__gte=value) if value else Q()

    def filter_date_to(self, value: object) -> Q:
        return Q(published_on__lte=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()
