from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id as _reference_id
from ngoaivu.core.lists import text_q
from ngoaivu.core.schemas import IsoDate


class AgreementFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    kind: Annotated[str | None, Field(max_length=40, description="mã loại thỏa thuận")] = None
    kinds: Annotated[
        list[Annotated[str, Field(max_length=40)]] | None,
        Field(max_length=10, description="một trong các mã loại (lặp lại tham số: kinds=a&kinds=b)"),
    ] = None
    province: Annotated[str | None, Field(max_length=2, description="mã tỉnh hiện hành (34 tỉnh)")] = None
    former_province: Annotated[
        str | None, Field(max_length=2, description="mã tỉnh khi ký (63 tỉnh trước 01/07/2025)")
    ] = None
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2")] = None
    partner: Annotated[int | None, Field(ge=1, le=2**62)] = None
    field: Annotated[str | None, Field(max_length=40, description="mã lĩnh vực hợp tác")] = None
    state: Annotated[str | None, Field(max_length=20)] = None
    year: Annotated[int | None, Field(ge=1945, le=2100, description="năm ký")] = None
    signed_from: Annotated[IsoDate | None, Field(description="ký từ ngày")] = None
    signed_to: Annotated[IsoDate | None, Field(description="ký đến ngày")] = None
    dormant: bool | None = None
    expiring: Annotated[int | None, Field(ge=1, le=3650, description="hết hiệu lực trong N ngày tới")] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_kind(self, value: str | None) -> Q:
        from ngoaivu.agreements.models import AgreementKind

        return Q(kind_id=_reference_id(AgreementKind, code=value)) if value else Q()

    def filter_kinds(self, value: list[str] | None) -> Q:
        from ngoaivu.agreements.models import AgreementKind

        if not value:
            return Q()
        return Q(kind_id__in=list(AgreementKind.objects.filter(code__in=value).values_list("pk", flat=True)))

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province

        return Q(province_id=_reference_id(Province, code=value)) if value else Q()

    def filter_former_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import FormerProvince

        return Q(former_province_id=_reference_id(FormerProvince, code=value)) if value else Q()

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Country

        return Q(country_id=_reference_id(Country, iso2=value.upper())) if value else Q()

    def filter_partner(self, value: int | None) -> Q:
        from ngoaivu.agreements.models import Agreement

        if not value:
            return Q()
        return Q(pk__in=Agreement.partners.through.objects.filter(partner_id=value).values("agreement_id"))

    def filter_field(self, value: str | None) -> Q:
        from ngoaivu.agreements.models import Agreement

        if not value:
            return Q()
        through = Agreement.fields.through.objects.filter(cooperationfield__code=value)
        return Q(pk__in=through.values("agreement_id"))

    def filter_state(self, value: str | None) -> Q:
        return Q(state=value) if value else Q()

    def filter_year(self, value: int | None) -> Q:
        return Q(signed_on__year=value) if value else Q()

    def filter_signed_from(self, value: dt.date | None) -> Q:
        return Q(signed_on__gte=value) if value else Q()

    def filter_signed_to(self, value: dt.date | None) -> Q:
        return Q(signed_on__lte=value) if value else Q()

    def filter_dormant(self, value: bool | None) -> Q:
        return Q()  # the selector applies it: it needs today's date and the rules

    def filter_expiring(self, value: int | None) -> Q:
        return Q()  # the selector applies it

    def filter_sort(self, value: str | None) -> Q:
        return Q()
