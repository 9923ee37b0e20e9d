from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.core.schemas import Line, Text
from ngoaivu.indicators import selectors
from ngoaivu.indicators.models import ExchangeRate, IndicatorValue
from ngoaivu.indicators.periods import Period

Amount = Field(..., max_digits=24, decimal_places=4, description="giá trị, dấu chấm thập phân")


class IndicatorOut(Schema):
    code: str
    group: str
    name_vi: str
    name_en: str
    unit: str
    frequency: str
    aggregation: str
    source: str
    definition_vi: str
    definition_en: str
    by_market: bool
    computed: str = Field(description="'' nhập; always: luôn tính; where_kept: tính nếu tỉnh quản lý tại đây")
    computed_by: str


class ValueIn(Schema):
    indicator: str = Field(..., max_length=60, description="mã chỉ tiêu (/api/v1/indicators)")
    period: Line = Field(
        ..., max_length=20, description="2024, 2024-Q1, 2024-H1, 2024-03 (hoặc Q1/2024, 03/2024)"
    )
    value: Decimal = Amount
    province: str = Field("", max_length=2, description="mã tỉnh hiện hành; trống = tỉnh của người dùng")
    former_province: str = Field("", max_length=2, description="mã tỉnh cũ (kỳ trước 01/07/2025)")
    country: str = Field("", max_length=2, description="thị trường (ISO alpha-2), chỉ tiêu theo thị trường")
    currency: str = Field("", max_length=3, description="ISO 4217; theo danh mục nếu trống")
    source: Line = Field("", max_length=300)
    note: Text = Field("", max_length=3000)
    convention: Literal["calendar", "decree_09_2019"] = "calendar"
    submit: bool = Field(False, description="gửi Bộ ngay sau khi lưu")


class ValuePatch(Schema):
    """Fields of a draft or returned value to change; those left out keep their value."""

    period: Line | None = Field(None, max_length=20)
    value: Decimal | None = Field(None, max_digits=24, decimal_places=4)
    country: str | None = Field(None, max_length=2)
    currency: str | None = Field(None, max_length=3)
    source: Line | None = Field(None, max_length=300)
    note: Text | None = Field(None, max_length=3000)
    convention: Literal["calendar", "decree_09_2019"] | None = None


class ReturnIn(Schema):
    reason: Text = Field("", max_length=3000, description="lý do trả lại (bắt buộc)")


class CorrectIn(Schema):
    value: Decimal = Amount
    reason: Text = Field("", max_length=3000, description="lý do đính chính (bắt buộc)")
    source: Line = Field("", max_length=300)
    note: Text = Field("", max_length=3000)
    currency: str = Field("", max_length=3)


def value_row(v: IndicatorValue) -> dict[str, Any]:
    """A value as the API shows it (list rows and detail), from a row with its references selected."""
    return {
        "id": v.pk,
        "version": v.version,
        "indicator": v.indicator.code,
        "indicator_name": v.indicator.name_vi,
        "province": v.province.code,
        "province_name": v.province.name,
        "former_province": v.former_province.code if v.former_province is not None else None,
        "former_province_name": v.former_province.name if v.former_province is not None else None,
        "unit_key": v.unit_key,
        "country": v.country.iso2 if v.country is not None else None,
        "period": Period(v.period_kind, v.period_start).key,
        "period_kind": v.period_kind,
        "period_start": v.period_start,
        "period_end": v.period_end,
        "year": v.year,
        "convention": v.convention,
        "value": v.value,
        "currency": v.currency,
        "source": v.source,
        "note": v.note,
        "status": v.status,
        "returned_reason": v.returned_reason,
        "corrects": v.corrects_id,
        "correction_reason": v.correction_reason,
        "submitted_at": v.submitted_at,
        "validated_at": v.validated_at,
        "updated_at": v.updated_at,
    }


class ValueOut(Schema):
    id: int
    version: int
    indicator: str
    indicator_name: str
    province: str
    province_name: str
    former_province: str | None
    former_province_name: str | None
    unit_key: str = Field(description="đơn vị báo cáo: p48 (tỉnh hiện hành) hoặc f49 (tỉnh cũ)")
    country: str | None
    period: str
    period_kind: str
    period_start: dt.date
    period_end: dt.date
    year: int
    convention: str
    value: Decimal
    currency: str
    source: str
    note: str
    status: str
    returned_reason: str
    corrects: int | None = Field(description="giá trị được đính chính bởi giá trị này")
    correction_reason: str
    submitted_at: dt.datetime | None
    validated_at: dt.datetime | None
    updated_at: dt.datetime


class ValueDetailOut(ValueOut):
    history: list[ValueOut] = Field(
        description="chuỗi đính chính, cũ trước mới sau, phần người dùng được xem"
    )


class SeriesQuery(Schema):
    group_by: Literal["year", "province"] = "year"
    from_: int = Field(..., alias="from", ge=1986, le=2100, description="từ năm")
    to: int = Field(..., ge=1986, le=2100, description="đến năm (tối đa 50 năm)")
    units: Literal["current", "as_reported"] = Field(
        "current", description="current: tỉnh hiện hành; as_reported: đơn vị khi báo cáo (tỉnh cũ trước 2025)"
    )
    province: str = Field("", max_length=2, description="một tỉnh (mã hiện hành); trống = cả nước")
    country: str = Field("", max_length=2, description="thị trường (chỉ tiêu theo thị trường)")


class RateUsedOut(Schema):
    id: int
    currency: str
    period: str
    vnd_per_unit: Decimal


class PointOut(Schema):
    key: str
    label: str
    value: Decimal | None = Field(description="null khi thiếu tỷ giá (xem missing_rates)")
    unit: str
    year: int | None
    province: str
    former_province: str
    values_count: int
    computed_count: int
    rates: list[RateUsedOut] = Field(description="tỷ giá đã dùng để quy đổi sang USD")
    missing_rates: list[str] = Field(description="tỷ giá còn thiếu (đồng tiền, kỳ)")
    link: str = Field(description="danh sách giá trị tạo nên số liệu này")
    rank: int | None


class SeriesOut(Schema):
    indicator: str
    group_by: str
    units: str
    year_from: int
    year_to: int
    unit: str
    province: str
    points: list[PointOut]

    @staticmethod
    def read(s: selectors.Series) -> dict[str, Any]:
        return {
            "indicator": s.indicator.code,
            "group_by": s.group_by,
            "units": s.units,
            "year_from": s.year_from,
            "year_to": s.year_to,
            "unit": s.unit,
            "province": s.province,
            "points": [p.__dict__ for p in s.points],
        }


class RateIn(Schema):
    currency: str = Field(..., min_length=3, max_length=3, description="ISO 4217")
    period: Line = Field(..., max_length=20, description="2024, 2024-Q1, 2024-03 …")
    vnd_per_unit: Decimal = Field(..., gt=0, max_digits=18, decimal_places=6)
    source: Line = Field(..., max_length=300)
    note: Line = Field("", max_length=500)


class RateOut(Schema):
    id: int
    version: int
    currency: str
    period: str
    period_kind: str
    period_start: dt.date
    period_end: dt.date
    vnd_per_unit: Decimal
    source: str
    note: str

    @staticmethod
    def resolve_period(obj: ExchangeRate) -> str:
        return Period(obj.period_kind, obj.period_start).key
