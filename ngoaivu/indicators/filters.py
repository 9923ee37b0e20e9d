"""The one filter definition of each indicators list: the page, the API and the Excel export parse the same."""

from __future__ import annotations

from typing import Annotated

from django.db.models import Q
from ninja import FilterSchema
from pydantic import Field, field_validator

from ngoaivu.core.lists import reference_id as _reference_id
from ngoaivu.indicators.periods import PeriodError, parse_period

PERIOD_HELP = "kỳ báo cáo: 2024, 2024-Q1, 2024-H1, 2024-03 (hoặc Q1/2024, 6T/2024, 03/2024)"


def _period(value: str | None) -> str | None:
    if value:
        try:
            parse_period(value)
        except PeriodError as exc:
            raise ValueError(str(exc)) from exc
    return value


class ValueFilters(FilterSchema):
    indicator: Annotated[str | None, Field(max_length=60, description="mã chỉ tiêu")] = None
    province: Annotated[str | None, Field(max_length=2, description="mã tỉnh hiện hành (34 tỉnh)")] = None
    former_province: Annotated[
        str | None, Field(max_length=2, description="mã tỉnh khi báo cáo (63 tỉnh trước 01/07/2025)")
    ] = None
    country: Annotated[str | None, Field(max_length=2, description="thị trường, ISO alpha-2")] = None
    period_from: Annotated[str | None, Field(max_length=20, description=f"từ {PERIOD_HELP}")] = None
    period_to: Annotated[str | None, Field(max_length=20, description=f"đến {PERIOD_HELP}")] = None
    status: Annotated[
        str | None, Field(max_length=12, description="draft, submitted, validated, returned, superseded")
    ] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    _periods = field_validator("period_from", "period_to")(_period)

    def filter_indicator(self, value: str | None) -> Q:
        from ngoaivu.indicators.models import Indicator

        return Q(indicator_id=_reference_id(Indicator, code=value)) if value else Q()

    def filter_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Province

        return Q(province_id=_reference_id(Province, code=value)) if value else Q()

    def filter_former_province(self, value: str | None) -> Q:
        from ngoaivu.directory.models import FormerProvince

        return Q(former_province_id=_reference_id(FormerProvince, code=value)) if value else Q()

    def filter_country(self, value: str | None) -> Q:
        from ngoaivu.directory.models import Country

        return Q(country_id=_reference_id(Country, iso2=value.upper())) if value else Q()

    def filter_period_from(self, value: str | None) -> Q:
        return Q(period_start__gte=parse_period(value).start) if value else Q()

    def filter_period_to(self, value: str | None) -> Q:
        return Q(period_end__lte=parse_period(value).end) if value else Q()

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_sort(self, value: str | None) -> Q:
        return Q()


class RateFilters(FilterSchema):
    currency: Annotated[str | None, Field(max_length=3, description="ISO 4217")] = None
    year: Annotated[int | None, Field(ge=1986, le=2100)] = None

    def filter_currency(self, value: str | None) -> Q:
        return Q(currency=value.upper()) if value else Q()

    def filter_year(self, value: int | None) -> Q:
        return Q(period_start__year=value) if value else Q()
