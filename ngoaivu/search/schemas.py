from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from ngoaivu.core.schemas import IsoDate


class SearchParams(Schema):
    q: str = Field("", max_length=300, description="Từ khóa, có dấu hoặc không dấu")
    type: str = Field("", pattern=r"^[a-z_]{0,20}$", description="Loại bản ghi: request, agreement, …")
    province: str = Field(
        "", pattern=r"^(f?\d{2})?$", description='Mã tỉnh hiện hành ("25") hoặc tỉnh cũ ("f26")'
    )
    country: str = Field("", pattern=r"^([A-Za-z]{2})?$", description="Mã quốc gia ISO alpha-2")
    date_from: IsoDate | None = Field(None, alias="from")
    date_to: IsoDate | None = Field(None, alias="to")
    page: int = Field(1, ge=1, le=1000)
    page_size: int = Field(20, ge=1, le=100)


class HitOut(Schema):
    kind: str
    id: int
    title: str = Field(description="HTML: từ khớp nằm trong <mark>, phần còn lại đã được escape")
    snippet: str
    url: str
    date: dt.date | None
    via_former: str = Field(description="Tìm thấy theo tên tỉnh cũ, vd. 'Vĩnh Phúc → Phú Thọ'")


class GroupOut(Schema):
    kind: str
    label: str
    count: int = Field(description="Số kết quả, tối đa 200")
    count_capped: bool = Field(description="true: còn hơn 200 kết quả")
    hits: list[HitOut]


class SearchOut(Schema):
    query: str
    total: int
    groups: list[GroupOut]
