from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.core.schemas import IsoDate, Line, Text
from ngoaivu.press.models import Article, PressVisit

CountryCode = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]
ProvinceCode = Annotated[str, Field(pattern=r"^[0-9]{2}$")]
Visibility = Literal["shared", "private"]
Role = Literal["reporter", "cameraman", "photographer", "producer", "technician", "interpreter", "other"]


class PressVisitIn(Schema):
    outlet: Line = Field(..., min_length=1, max_length=300, description="cơ quan báo chí")
    country: CountryCode = Field(..., description="ISO alpha-2 của cơ quan báo chí")
    topic: Line = Field(..., min_length=1, max_length=500)
    places: Text = Field("", max_length=1000)
    province_as_named: Line = Field(
        "", max_length=100, description="tên tỉnh đón khi tác nghiệp; trống = tỉnh mình"
    )
    provinces: list[ProvinceCode] = Field([], max_length=34, description="các tỉnh khác trên lộ trình")
    received_on: IsoDate = Field(..., description="ngày nhận hồ sơ")
    entry_on: IsoDate | None = Field(None, description="ngày nhập cảnh")
    starts_on: IsoDate
    ends_on: IsoDate
    licence_number: Line = Field("", max_length=60)
    licence_date: IsoDate | None = None
    licence_issuer: Line = Field(
        "", max_length=300, description="mặc định Bộ Ngoại giao (Vụ Thông tin Báo chí)"
    )
    receiving_unit: Line = Field("", max_length=300)
    accompanying_officer: Line = Field("", max_length=200)
    outcome_summary: Text = Field("", max_length=20000)
    visibility: Visibility = "shared"


class PressVisitPatch(Schema):
    """Only the fields sent are changed."""

    outlet: Line | None = Field(None, min_length=1, max_length=300)
    country: CountryCode | None = None
    topic: Line | None = Field(None, min_length=1, max_length=500)
    places: Text | None = Field(None, max_length=1000)
    province_as_named: Line | None = Field(None, max_length=100)
    provinces: list[ProvinceCode] | None = Field(None, max_length=34)
    received_on: IsoDate | None = None
    entry_on: IsoDate | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    licence_number: Line | None = Field(None, max_length=60)
    licence_date: IsoDate | None = None
    licence_issuer: Line | None = Field(None, max_length=300)
    receiving_unit: Line | None = Field(None, max_length=300)
    accompanying_officer: Line | None = Field(None, max_length=200)
    outcome_summary: Text | None = Field(None, max_length=20000)
    visibility: Visibility | None = None


NULLABLE = frozenset({"entry_on", "licence_date"})
"""PATCH fields that `null` clears; for the others `null` means "unchanged"."""


def service_fields(payload: dict[str, Any]) -> dict[str, Any]:
    out = dict(payload)
    if "provinces" in out:
        out["provinces"] = tuple(out["provinces"])
    return out


class PressVisitListOut(Schema):
    id: int
    outlet: str
    country: str = Field(..., description="ISO alpha-2")
    topic: str
    province: str = Field(..., description="mã tỉnh đón hiện hành")
    province_as_named: str
    starts_on: dt.date
    ends_on: dt.date
    received_on: dt.date
    answer_due_on: dt.date | None
    status: str
    licence_number: str
    licensed: bool
    version: int

    @staticmethod
    def resolve_country(v: PressVisit) -> str:
        return v.country.iso2

    @staticmethod
    def resolve_province(v: PressVisit) -> str:
        return v.province.code

    @staticmethod
    def resolve_licensed(v: PressVisit) -> bool:
        return v.is_licensed


class ArticleOut(Schema):
    id: int
    title: str
    outlet: str
    published_on: dt.date | None
    url: str


class PressVisitOut(PressVisitListOut):
    places: str
    former_province: str | None = Field(..., description="mã tỉnh cũ khi tác nghiệp (trước 01/07/2025)")
    owner: str
    provinces: list[str]
    entry_on: dt.date | None
    application_late: bool = Field(..., description="hồ sơ nộp muộn so với quy định (cảnh báo)")
    answered_on: dt.date | None
    answer_note: str
    licence_date: dt.date | None
    licence_issuer: str
    receiving_unit: str
    accompanying_officer: str
    outcome_summary: str
    visibility: str
    reporter_count: int
    articles: list[ArticleOut]

    @staticmethod
    def resolve_former_province(v: PressVisit) -> str | None:
        return v.former_province.code if v.former_province_id and v.former_province else None

    @staticmethod
    def resolve_owner(v: PressVisit) -> str:
        return v.owner_org.code

    @staticmethod
    def resolve_provinces(v: PressVisit) -> list[str]:
        return [p.code for p in v.provinces.all()]

    @staticmethod
    def resolve_reporter_count(v: PressVisit) -> int:
        return len(v.reporters.all())

    @staticmethod
    def resolve_articles(v: PressVisit) -> list[Article]:
        return list(v.articles.all())


class ReporterIn(Schema):
    full_name: Line = Field(..., min_length=1, max_length=200)
    role: Role = "reporter"
    nationality: Line = Field("", max_length=2, description="ISO alpha-2")
    passport_number: Line = Field("", max_length=20)
    birth_date: IsoDate | None = None


class ReportersIn(Schema):
    reporters: list[ReporterIn] = Field(..., min_length=1, max_length=200)


class ReporterOut(Schema):
    id: int
    full_name: str
    role: str
    nationality: str | None
    passport_number: str = Field(
        ..., description="che (••••) trừ khi unmask=true và có quyền; mỗi lần xem được ghi"
    )
    birth_date: str = Field(..., description="dd/mm/yyyy; che trừ khi unmask=true và có quyền")
    masked: bool
    anonymised: bool


class ReporterListOut(Schema):
    masked: bool
    reporters: list[ReporterOut]


class AnswerIn(Schema):
    decision: Literal["agreed", "declined"]
    note: Text = Field("", max_length=5000, description="bắt buộc khi không đồng ý")
    answered_on: IsoDate | None = Field(None, description="mặc định hôm nay")
    licence_number: Line = Field("", max_length=60)
    licence_date: IsoDate | None = None


class TransitionIn(Schema):
    note: Text = Field("", max_length=5000, description="bắt buộc khi hủy")


class ArticleIn(Schema):
    title: Line = Field(..., min_length=1, max_length=500)
    outlet: Line = Field("", max_length=300)
    published_on: IsoDate | None = None
    url: Line = Field("", max_length=1000, description="http:// hoặc https://")
