from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from django.utils import timezone
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id, text_q
from ngoaivu.core.schemas import IsoDate


class BriefFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2")] = None
    field: Annotated[str | None, Field(max_length=40, description="mã lĩnh vực hợp tác")] = None
    product: Annotated[str | None, Field(max_length=2, description="chương HS, hai chữ số")] = None
    kind: Annotated[str | None, Field(max_length=40, description="mã loại bản tin")] = None
    province: Annotated[
        str | None, Field(max_length=2, description="bản tin gửi tới tỉnh (mã hiện hành)")
    ] = None
    author: Annotated[str | None, Field(max_length=60, description="mã đơn vị phát hành")] = None
    validity: Annotated[str | None, Field(max_length=10, description="valid | expired")] = None
    status: Annotated[
        str | None,
        Field(
            max_length=10,
            description="draft | published | withdrawn | all (không ghi: mọi bản tin trừ bản tin đã thu hồi)",
        ),
    ] = None
    published_from: Annotated[IsoDate | None, Field(description="phát hành từ ngày")] = None
    published_to: Annotated[IsoDate | None, Field(description="phát hành đến ngày")] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_published_from(self, value: dt.date | None) -> Q:
        return Q(published_at__date__gte=value) if value else Q()

    def filter_published_to(self, value: dt.date | None) -> Q:
        return Q(published_at__date__lte=value) if value else Q()

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Country
        from ngoaivu.information.models import Brief

        if not value:
            return Q()
        through = Brief.countries.through.objects.filter(country_id=reference_id(Country, iso2=value.upper()))
        return Q(pk__in=through.values("brief_id"))

    def filter_field(self, value: str | None) -> Q:
        from ngoaivu.agreements.models import CooperationField
        from ngoaivu.information.models import Brief

        if not value:
            return Q()
        through = Brief.fields.through.objects.filter(
            cooperationfield_id=reference_id(CooperationField, code=value)
        )
        return Q(pk__in=through.values("brief_id"))

    def filter_product(self, value: str | None) -> Q:
        from ngoaivu.information.models import Brief, HsChapter

        if not value:
            return Q()
        through = Brief.products.through.objects.filter(
            hschapter_id=reference_id(HsChapter, code=value.zfill(2))
        )
        return Q(pk__in=through.values("brief_id"))

    def filter_kind(self, value: str | None) -> Q:
        from ngoaivu.information.models import BriefKind

        return Q(kind_id=reference_id(BriefKind, code=value)) if value else Q()

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.information.querysets import addressed_q

        return addressed_q(value) if value else Q()

    def filter_author(self, value: str | None) -> Q:
        from ngoaivu.accounts.models import Organisation

        return Q(owner_org_id=reference_id(Organisation, code=value)) if value else Q()

    def filter_validity(self, value: str | None) -> Q:
        today = timezone.localdate()
        if value == "valid":
            return Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        if value == "expired":
            return Q(valid_until__lt=today)
        return Q()

    def filter_status(self, value: str | None) -> Q:
        """A withdrawn brief is left out unless asked for (its status, or "all"): see selectors.brief_list."""
        return Q(status=value) if value and value != "all" else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class SubscriptionFilters(FilterSchema):
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_sort(self, value: str | None) -> Q:
        return Q()
