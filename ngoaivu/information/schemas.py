from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.core.schemas import IsoDate, Line, Text

AudienceName = Literal["all", "region", "provinces"]


class BriefIn(Schema):
    title: Line = Field(..., min_length=1, max_length=300)
    summary: Text = Field(..., min_length=1, max_length=2000)
    body: Text = Field("", max_length=50000)
    kind: str = Field(..., max_length=40, description="mã loại bản tin: market, sector, policy_change, …")
    countries: list[str] = Field([], max_length=60, description="ISO alpha-2")
    fields: list[str] = Field([], max_length=30, description="mã lĩnh vực hợp tác")
    products: list[str] = Field([], max_length=97, description="chương HS, hai chữ số")
    fta: str = Field("", max_length=40, description="tên viết tắt của hiệp định (CPTPP, EVFTA…)")
    audience: AudienceName = "all"
    region: str = Field("", max_length=40, description="mã vùng khi gửi tới một vùng")
    provinces: list[str] = Field(
        [], max_length=34, description="mã tỉnh hiện hành khi gửi tới các tỉnh được chọn"
    )
    valid_until: IsoDate | None = None
    publish: bool = Field(False, description="phát hành ngay (mặc định: lưu dự thảo)")


class BriefListOut(Schema):
    id: int
    title: str
    summary: str
    kind: str
    author: str
    author_name: str
    status: str
    audience: str
    region: str | None
    countries: list[str]
    products: list[str]
    fta: str | None
    published_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    valid_until: dt.date | None
    provinces_opened: int
    useful: int
    not_useful: int
    version: int


class BriefOut(BriefListOut):
    body: str
    fields: list[str]
    provinces: list[str]
    attachments: list[str]
    versions: list[int]
    questions: list[int]


class UsefulIn(Schema):
    useful: bool
    comment: Text = Field("", max_length=2000)


class UsefulOut(Schema):
    brief: int
    useful: bool
    comment: str
    rated_at: dt.datetime


class SubscriptionIn(Schema):
    name: Line = Field("", max_length=200)
    countries: list[str] = Field([], max_length=60, description="ISO alpha-2")
    fields: list[str] = Field([], max_length=30, description="mã lĩnh vực hợp tác")
    products: list[str] = Field([], max_length=97, description="chương HS, hai chữ số")


class SubscriptionOut(Schema):
    id: int
    name: str
    countries: list[str]
    fields: list[str]
    products: list[str]
