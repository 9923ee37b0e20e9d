from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.core.lists import reference_id, text_q
from ngoaivu.core.schemas import IsoDate


class RequestFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200)] = None
    box: Annotated[
        str | None, Field(pattern="^(inbox|sent|overdue|all)$", description="inbox | sent | overdue | all")
    ] = None
    status: Annotated[
        str | None, Field(max_length=20, description="request status or a recipient part status")
    ] = None
    category: Annotated[str | None, Field(max_length=40)] = None
    recipient: Annotated[str | None, Field(max_length=60, description="recipient organisation code")] = None
    province: Annotated[str | None, Field(max_length=2, description="sending province code")] = None
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    rating: Annotated[int | None, Field(ge=1, le=5)] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_box(self, value: str | None) -> Q:
        return Q()

    def filter_status(self, value: str | None) -> Q:
        return Q()  # the selector applies it as a subquery on the recipient parts

    def filter_category(self, value: str | None) -> Q:
        from ngoaivu.requests.models import Category

        # the id, not a join on the code: PostgreSQL then reads the category's requests from their index in
        # date order (a deep page walked 14,000 requests of every category)
        return Q(category_id=reference_id(Category, code=value)) if value else Q()

    def filter_recipient(self, value: str | None) -> Q:
        return Q()  # the selector applies it as a subquery

    def filter_province(self, value: str | None) -> Q:
        return Q(owner_org__province_code=value) if value else Q()

    def filter_date_from(self, value: dt.date | None) -> Q:
        return Q(sent_on__gte=value) if value else Q()

    def filter_date_to(self, value: dt.date | None) -> Q:
        return Q(sent_on__lte=value) if value else Q()

    def filter_rating(self, value: int | None) -> Q:
        return Q()  # the selector applies it as a subquery

    def filter_sort(self, value: str | None) -> Q:
        return Q()
