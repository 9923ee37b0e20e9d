from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, StrictBool

from ngoaivu.core.schemas import DbId, IsoDate, Line, Text
from ngoaivu.culture.models import CulturalEvent, HeritageTitle, StageChange

Code = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_-]+$")]
ProvinceName = Annotated[str, Field(min_length=1, max_length=100)]
ProvinceCode = Annotated[str, Field(pattern=r"^[0-9]{2}$")]
Year = Annotated[int, Field(ge=1970, le=2100, strict=True)]
Count = Annotated[int, Field(ge=0, le=100_000_000, strict=True)]
Visibility = Literal["shared", "private"]
EventKind = Literal["vietnam_days", "festival", "exhibition", "tour", "other"]
EventStatus = Literal["planned", "held", "cancelled"]


class HeritageTitleIn(Schema):
    name_vi: Line = Field(..., min_length=1, max_length=500)
    name_en: Line = Field("", max_length=500)
    kind: Code = Field(..., description="mã loại danh hiệu (kinds.csv), vd. biosphere")
    province_as_named: Line = Field(
        "", max_length=100, description="tỉnh chủ trì, tên khi lập hồ sơ (vd. Ninh Thuận); trống = tỉnh mình"
    )
    provinces: list[ProvinceName] = Field(
        [], max_length=40, description="các tỉnh cùng có di sản, tên khi lập hồ sơ"
    )
    stage: Code = Field("inventory", description="giai đoạn ban đầu (stages.csv)")
    stage_on: IsoDate
    decision_number: Line = Field("", max_length=100)
    decision_on: IsoDate | None = None
    decision_year: Year | None = None
    ministry_role: Text = Field("", max_length=5000)
    delegation: Line = Field(
        "", max_length=60, description="mã cơ quan đại diện (Phái đoàn thường trực tại UNESCO)"
    )
    delegation_role: Text = Field("", max_length=5000)
    next_step: Line = Field("", max_length=300)
    next_step_due_on: IsoDate | None = Field(None, description="trống: theo quy tắc unesco_step_reminder")
    summary: Text = Field("", max_length=20000)
    visibility: Visibility = "shared"


class HeritageTitlePatch(Schema):
    """Only the fields sent are changed; the stage and decision change by POST …/stage."""

    name_vi: Line | None = Field(None, min_length=1, max_length=500)
    name_en: Line | None = Field(None, max_length=500)
    kind: Code | None = None
    province_as_named: Line | None = Field(None, max_length=100)
    provinces: list[ProvinceName] | None = Field(None, max_length=40)
    ministry_role: Text | None = Field(None, max_length=5000)
    delegation: Line | None = Field(None, max_length=60)
    delegation_role: Text | None = Field(None, max_length=5000)
    next_step: Line | None = Field(None, max_length=300)
    next_step_due_on: IsoDate | None = None
    summary: Text | None = Field(None, max_length=20000)
    visibility: Visibility | None = None


TITLE_NULLABLE = frozenset({"next_step_due_on"})


class StageAdvanceIn(Schema):
    stage: Code
    on: IsoDate
    note: Text = Field("", max_length=5000)
    decision_number: Line = Field("", max_length=100)
    decision_on: IsoDate | None = None
    decision_year: Year | None = None
    next_step: Line = Field("", max_length=300)
    next_step_due_on: IsoDate | None = None


class StageChangeOut(Schema):
    stage: str
    on: dt.date
    note: str
    decision_number: str
    decision_on: dt.date | None
    decision_year: int | None
    by: str

    @staticmethod
    def resolve_stage(s: StageChange) -> str:
        return s.stage.code

    @staticmethod
    def resolve_by(s: StageChange) -> str:
        return s.by_name


class InvolvedProvinceOut(Schema):
    province: str = Field(..., description="mã tỉnh hiện hành")
    former_province: str | None
    as_named: str


class TitleDocumentOut(Schema):
    id: int
    label: str
    number: str
    issued_on: dt.date | None
    name: str
    size: int


class HeritageTitleListOut(Schema):
    id: int
    name_vi: str
    name_en: str
    kind: str
    stage: str
    stage_on: dt.date
    province: str = Field(..., description="mã tỉnh chủ trì hiện hành")
    province_as_named: str
    decision_year: int | None
    next_step: str
    next_step_due_on: dt.date | None
    version: int

    @staticmethod
    def resolve_kind(t: HeritageTitle) -> str:
        return t.kind.code

    @staticmethod
    def resolve_stage(t: HeritageTitle) -> str:
        return t.stage.code

    @staticmethod
    def resolve_province(t: HeritageTitle) -> str:
        return t.province.code


class HeritageTitleOut(HeritageTitleListOut):
    former_province: str | None
    provinces: list[InvolvedProvinceOut]
    decision_number: str
    decision_on: dt.date | None
    ministry_role: str
    delegation: str | None
    delegation_role: str
    next_step_rule: str
    next_unesco_deadline: dt.date | None = Field(
        ..., description="hạn nộp UNESCO kỳ tới khi hồ sơ đang chuẩn bị"
    )
    summary: str
    owner: str
    visibility: str
    stages: list[StageChangeOut]
    documents: list[TitleDocumentOut]

    @staticmethod
    def resolve_former_province(t: HeritageTitle) -> str | None:
        return t.former_province.code if t.former_province_id and t.former_province else None

    @staticmethod
    def resolve_provinces(t: HeritageTitle) -> list[dict[str, Any]]:
        return [
            {
                "province": p.province.code,
                "former_province": p.former_province.code if p.former_province else None,
                "as_named": p.province_as_named,
            }
            for p in t.involved.all()
        ]

    @staticmethod
    def resolve_delegation(t: HeritageTitle) -> str | None:
        return t.delegation.code if t.delegation_id and t.delegation else None

    @staticmethod
    def resolve_next_unesco_deadline(t: HeritageTitle) -> dt.date | None:
        from ngoaivu.culture.selectors import next_unesco_deadline

        return next_unesco_deadline(t)

    @staticmethod
    def resolve_owner(t: HeritageTitle) -> str:
        return t.owner_org.code

    @staticmethod
    def resolve_stages(t: HeritageTitle) -> list[Any]:
        return list(t.stages.all())

    @staticmethod
    def resolve_documents(t: HeritageTitle) -> list[Any]:
        return list(t.documents.all())


def title_service_fields(payload: dict[str, Any]) -> dict[str, Any]:
    out = dict(payload)
    if "provinces" in out and out["provinces"] is not None:
        out["provinces"] = tuple(out["provinces"])
    return out


class CulturalEventIn(Schema):
    title_vi: Line = Field(..., min_length=1, max_length=500)
    title_en: Line = Field("", max_length=500)
    kind: EventKind
    abroad: StrictBool = True
    country: Line = Field("", max_length=2, description="ISO alpha-2; bắt buộc khi ở nước ngoài")
    city: Line = Field("", max_length=200)
    mission: Line = Field("", max_length=60, description="mã cơ quan đại diện")
    province_as_named: Line = Field("", max_length=100, description="tên tỉnh khi tổ chức; trống = tỉnh mình")
    provinces: list[ProvinceCode] = Field(
        [], max_length=34, description="các tỉnh cùng tham gia (mã hiện hành)"
    )
    organisers: Line = Field(..., min_length=1, max_length=500)
    starts_on: IsoDate
    ends_on: IsoDate
    status: EventStatus = "planned"
    outcome_summary: Text = Field("", max_length=20000)
    visitors_count: Count | None = None
    agreements: list[DbId] = Field([], max_length=200, description="thỏa thuận đã ký tại sự kiện")
    visibility: Visibility = "shared"


class CulturalEventPatch(Schema):
    title_vi: Line | None = Field(None, min_length=1, max_length=500)
    title_en: Line | None = Field(None, max_length=500)
    kind: EventKind | None = None
    abroad: StrictBool | None = None
    country: Line | None = Field(None, max_length=2)
    city: Line | None = Field(None, max_length=200)
    mission: Line | None = Field(None, max_length=60)
    province_as_named: Line | None = Field(None, max_length=100)
    provinces: list[ProvinceCode] | None = Field(None, max_length=34)
    organisers: Line | None = Field(None, min_length=1, max_length=500)
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    status: EventStatus | None = None
    outcome_summary: Text | None = Field(None, max_length=20000)
    visitors_count: Count | None = None
    agreements: list[DbId] | None = Field(None, max_length=200)
    visibility: Visibility | None = None


EVENT_NULLABLE = frozenset({"visitors_count"})


def event_service_fields(payload: dict[str, Any]) -> dict[str, Any]:
    out = dict(payload)
    if "provinces" in out:
        out["provinces"] = tuple(out["provinces"])
    if "agreements" in out:
        out["agreement_ids"] = tuple(out.pop("agreements"))
    return out


class AgreementRefOut(Schema):
    id: int
    title_vi: str
    signed_on: dt.date | None


class CulturalEventListOut(Schema):
    id: int
    title_vi: str
    title_en: str
    kind: str
    abroad: bool
    country: str | None
    city: str
    mission: str | None
    province: str = Field(..., description="mã tỉnh hiện hành")
    province_as_named: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    visitors_count: int | None
    version: int

    @staticmethod
    def resolve_country(e: CulturalEvent) -> str | None:
        return e.country.iso2 if e.country_id and e.country else None

    @staticmethod
    def resolve_mission(e: CulturalEvent) -> str | None:
        return e.mission.code if e.mission_id and e.mission else None

    @staticmethod
    def resolve_province(e: CulturalEvent) -> str:
        return e.province.code


class CulturalEventOut(CulturalEventListOut):
    organisers: str
    former_province: str | None
    provinces: list[str]
    outcome_summary: str
    agreements: list[AgreementRefOut] = Field(..., description="thỏa thuận đã ký mà người dùng được xem")
    owner: str
    visibility: str

    @staticmethod
    def resolve_former_province(e: CulturalEvent) -> str | None:
        return e.former_province.code if e.former_province_id and e.former_province else None

    @staticmethod
    def resolve_provinces(e: CulturalEvent) -> list[str]:
        return [p.code for p in e.provinces.all()]

    @staticmethod
    def resolve_agreements(e: CulturalEvent) -> list[Any]:
        return list(getattr(e, "linked_agreements", []))

    @staticmethod
    def resolve_owner(e: CulturalEvent) -> str:
        return e.owner_org.code
