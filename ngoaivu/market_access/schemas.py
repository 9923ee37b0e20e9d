from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.core.schemas import DbId, IsoDate, Line, Text

StatusName = Literal["open", "market_open", "suspended", "closed"]
VisibilityName = Literal["shared", "private"]


class DossierIn(Schema):
    product_vi: Line = Field(..., min_length=1, max_length=300)
    product_en: Line = Field("", max_length=300)
    hs_code: Line = Field("", max_length=12, description="mã HS, vd. 081090")
    market: str = Field(..., min_length=2, max_length=2, description="ISO alpha-2 của thị trường")
    stage: str = Field(..., max_length=40, description="mã giai đoạn, xem /market-access/stages")
    opened_on: IsoDate
    provinces: list[str] = Field([], max_length=34, description="mã tỉnh hiện hành; trống: tỉnh của mình")
    former_province: str = Field("", max_length=2, description="mã tỉnh trước 01/07/2025, nếu có")
    province_as_named: Line = Field("", max_length=100)
    mission: str = Field("", max_length=60, description="mã cơ quan đại diện hỗ trợ")
    vn_authority: Line = Field("", max_length=300)
    foreign_authority: Line = Field("", max_length=300)
    status: StatusName = "open"
    next_step: Line = Field("", max_length=500)
    next_step_due: IsoDate | None = None
    visibility: VisibilityName = "shared"
    agreements: list[DbId] = Field([], max_length=30, description="id thỏa thuận liên quan")
    fta: Line = Field(
        "", max_length=40, description="tên viết tắt hiệp định thương mại tự do áp dụng, xem /ftas"
    )


class DossierPatch(Schema):
    """Only the fields sent are changed (If-Match: the dossier's version)."""

    product_vi: Line | None = Field(None, min_length=1, max_length=300)
    product_en: Line | None = Field(None, max_length=300)
    hs_code: Line | None = Field(None, max_length=12)
    market: str | None = Field(None, min_length=2, max_length=2)
    stage: str | None = Field(None, max_length=40)
    opened_on: IsoDate | None = None
    provinces: list[str] | None = Field(None, max_length=34)
    former_province: str | None = Field(None, max_length=2)
    province_as_named: Line | None = Field(None, max_length=100)
    mission: str | None = Field(None, max_length=60)
    vn_authority: Line | None = Field(None, max_length=300)
    foreign_authority: Line | None = Field(None, max_length=300)
    status: StatusName | None = None
    next_step: Line | None = Field(None, max_length=500)
    next_step_due: IsoDate | None = None
    visibility: VisibilityName | None = None
    agreements: list[DbId] | None = Field(None, max_length=30)
    fta: Line | None = Field(None, max_length=40, description="tên viết tắt; chuỗi rỗng: bỏ liên kết")


class DossierListOut(Schema):
    id: int
    product_vi: str
    product_en: str
    hs_code: str
    market: str
    market_name: str
    provinces: list[str]
    province_as_named: str
    mission: str | None
    stage: str
    stage_name: str
    status: str
    opened_on: dt.date
    next_step: str
    next_step_due: dt.date | None
    version: int


class StepOut(Schema):
    id: int
    stage: str
    stage_name: str
    started_on: dt.date
    completed_on: dt.date | None
    note: str
    next_step: str
    next_step_due: dt.date | None
    documents: list[str]


class NoteOut(Schema):
    author_org: str
    author: str
    text: str
    created_at: dt.datetime


class DossierOut(DossierListOut):
    owner_org: str
    former_province: str | None
    vn_authority: str
    foreign_authority: str
    visibility: str
    fta: str | None = Field(None, description="tên viết tắt hiệp định thương mại tự do áp dụng")
    agreements: list[int] = Field(..., description="id các thỏa thuận liên quan mà người đọc xem được")
    steps: list[StepOut]
    notes: list[NoteOut]


class StepIn(Schema):
    stage: str = Field(..., max_length=40)
    started_on: IsoDate
    completed_on: IsoDate | None = None
    note: Text = Field("", max_length=5000)
    next_step: Line = Field("", max_length=500)
    next_step_due: IsoDate | None = None


class StepCompleteIn(Schema):
    completed_on: IsoDate
    note: Text = Field("", max_length=5000)


class StageOut(Schema):
    code: str
    name_vi: str
    name_en: str
    description: str
    sort_order: int
