from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.aid.models import AidProject
from ngoaivu.core.schemas import DbId, IsoDate, Line, Text

Status = Literal["proposed", "approved", "in_progress", "completed", "suspended", "cancelled"]
Currency = Literal["USD", "EUR", "JPY", "KRW", "VND"]
Amount = Annotated[Decimal, Field(ge=0, lt=Decimal("1e15"), max_digits=17, decimal_places=2)]
ProvinceCode = Annotated[str, Field(pattern=r"^[0-9]{2}$")]
FieldCode = Annotated[str, Field(max_length=40)]


class AidYearIn(Schema):
    year: int = Field(..., ge=1990, le=2100)
    planned: Amount | None = None
    actual: Amount | None = None


class AidYearOut(Schema):
    """The same fields as `AidYearIn`, read back: a schema of its own, since the document shows one schema per
    name and an amount reads differently in and out."""

    year: int
    planned: Amount | None = None
    actual: Amount | None = None


class AidReportOut(Schema):
    id: int
    reported_on: dt.date
    title: str
    summary: str
    file_name: str = Field("", alias="name")


class AidProjectListOut(Schema):
    id: int
    title: str
    ngo: int = Field(..., alias="ngo_id")
    ngo_name: str
    country: str
    province: str
    provinces: list[str]
    approval_date: dt.date | None
    commitment: Decimal
    currency: str
    start_on: dt.date | None
    end_on: dt.date | None
    status: str
    version: int

    @staticmethod
    def resolve_ngo_name(obj: AidProject) -> str:
        return obj.ngo.name_vi or obj.ngo.name

    @staticmethod
    def resolve_country(obj: AidProject) -> str:
        return obj.country.iso2

    @staticmethod
    def resolve_province(obj: AidProject) -> str:
        return obj.province.code

    @staticmethod
    def resolve_provinces(obj: AidProject) -> list[str]:
        return sorted(p.code for p in obj.provinces.all())


class AidProjectOut(AidProjectListOut):
    fields: list[str]
    localities: str
    former_province: str
    province_as_named: str
    approval_number: str
    approving_body: str
    description: str
    owner: str = Field(..., alias="owner_org.code")
    years: list[AidYearOut]
    reports: list[AidReportOut]
    updated_at: dt.datetime

    @staticmethod
    def resolve_fields(obj: AidProject) -> list[str]:
        return [f.code for f in obj.fields.all()]

    @staticmethod
    def resolve_former_province(obj: AidProject) -> str:
        return obj.former_province.code if obj.former_province is not None else ""

    @staticmethod
    def resolve_years(obj: AidProject) -> list[dict[str, object]]:
        return [{"year": y.year, "planned": y.planned, "actual": y.actual} for y in obj.years.all()]

    @staticmethod
    def resolve_reports(obj: AidProject) -> list[object]:
        return list(obj.reports.all())


class AidProjectIn(Schema):
    title: Line = Field(..., min_length=1, max_length=500)
    ngo: DbId = Field(..., description="id đối tác loại ngo trong danh bạ")
    commitment: Amount
    currency: Currency = "USD"
    status: Status = "proposed"
    country: str = Field("", max_length=2, description="ISO alpha-2; trống = quốc gia của tổ chức")
    fields: list[FieldCode] = Field([], max_length=20, description="mã lĩnh vực hợp tác")
    provinces: list[ProvinceCode] = Field([], max_length=34, description="tỉnh thực hiện khác (mã hiện hành)")
    localities: Line = Field("", max_length=1000)
    former_province: str = Field(
        "", max_length=2, description="mã tỉnh cũ (trước 01/07/2025) như văn bản ghi"
    )
    province_as_named: Line = Field("", max_length=100)
    approval_number: Line = Field("", max_length=60)
    approval_date: IsoDate | None = None
    approving_body: Line = Field("", max_length=300)
    start_on: IsoDate | None = None
    end_on: IsoDate | None = None
    description: Text = Field("", max_length=20000)
    years: list[AidYearIn] = Field([], max_length=60, description="kế hoạch và thực tế giải ngân theo năm")


class AidProjectPatch(Schema):
    """Only the fields sent are changed."""

    title: Line | None = Field(None, min_length=1, max_length=500)
    ngo: DbId | None = None
    commitment: Amount | None = None
    currency: Currency | None = None
    status: Status | None = None
    country: str | None = Field(None, max_length=2)
    fields: list[FieldCode] | None = Field(None, max_length=20)
    provinces: list[ProvinceCode] | None = Field(None, max_length=34)
    localities: Line | None = Field(None, max_length=1000)
    former_province: str | None = Field(None, max_length=2)
    province_as_named: Line | None = Field(None, max_length=100)
    approval_number: Line | None = Field(None, max_length=60)
    approval_date: IsoDate | None = None
    approving_body: Line | None = Field(None, max_length=300)
    start_on: IsoDate | None = None
    end_on: IsoDate | None = None
    description: Text | None = Field(None, max_length=20000)


class AidYearsIn(Schema):
    years: list[AidYearIn] = Field(..., max_length=60)


class AidSummaryRowOut(Schema):
    key: int
    label: str
    currency: str
    planned: Decimal
    actual: Decimal
    rate: Decimal | None = Field(None, description="thực tế / kế hoạch, %")
    projects: int = Field(0, alias="project_count")


class AidSummaryOut(Schema):
    by_year: list[AidSummaryRowOut]
    by_donor: list[AidSummaryRowOut]
