from __future__ import annotations

import datetime as dt
import decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.core.schemas import DbId, IsoDate, Line, Text
from ngoaivu.events.models import FollowUpTask, PromotionEvent

CountryCode = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]
ProvinceCode = Annotated[str, Field(pattern=r"^[0-9]{2}$")]
MissionCode = Annotated[str, Field(min_length=1, max_length=60)]
Kind = Literal["trade", "investment", "tourism", "connection", "workshop", "fair"]
Format = Literal["in_person", "online", "hybrid"]
Status = Literal["planned", "held", "cancelled"]
ParticipationKind = Literal["vn_businesses", "foreign_businesses", "officials", "foreign_officials", "other"]
Amount = Annotated[decimal.Decimal, Field(ge=0, lt=10**15, max_digits=17, decimal_places=2)]
Count = Annotated[int, Field(ge=0, le=10_000_000, strict=True)]


class PromotionEventIn(Schema):
    title_vi: Line = Field(..., min_length=1, max_length=500)
    title_en: Line = Field("", max_length=500)
    kind: Kind
    organisers: Line = Field(..., min_length=1, max_length=500)
    province_as_named: Line = Field(
        "",
        max_length=100,
        description="tên tỉnh khi tổ chức (vd. Vĩnh Phúc năm 2022); trống = tỉnh của người dùng",
    )
    starts_on: IsoDate
    ends_on: IsoDate
    format: Format = "in_person"
    place: Line = Field("", max_length=300)
    status: Status = "planned"
    provinces: list[ProvinceCode] = Field(
        [], max_length=34, description="các tỉnh cùng tham gia (mã hiện hành)"
    )
    countries: list[CountryCode] = Field([], max_length=50, description="ISO alpha-2")
    missions: list[MissionCode] = Field([], max_length=50, description="mã cơ quan đại diện")
    leads_count: Count | None = None
    pledged_amount: Amount | None = Field(
        None, description="vốn cam kết, theo pledged_currency, không quy đổi"
    )
    pledged_currency: Line = Field("", max_length=3, description="ISO 4217, vd. USD")
    outcome_summary: Text = Field("", max_length=20000)
    agreements: list[DbId] = Field([], max_length=200, description="thỏa thuận, MOU đã ký tại sự kiện")
    participations: dict[ParticipationKind, Count] = Field({}, description="số người tham dự theo thành phần")
    visibility: Literal["shared", "private"] = "shared"


class PromotionEventPatch(Schema):
    """Only the fields sent are changed."""

    title_vi: Line | None = Field(None, min_length=1, max_length=500)
    title_en: Line | None = Field(None, max_length=500)
    kind: Kind | None = None
    organisers: Line | None = Field(None, min_length=1, max_length=500)
    province_as_named: Line | None = Field(None, max_length=100)
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    format: Format | None = None
    place: Line | None = Field(None, max_length=300)
    status: Status | None = None
    provinces: list[ProvinceCode] | None = Field(None, max_length=34)
    countries: list[CountryCode] | None = Field(None, max_length=50)
    missions: list[MissionCode] | None = Field(None, max_length=50)
    leads_count: Count | None = None
    pledged_amount: Amount | None = None
    pledged_currency: Line | None = Field(None, max_length=3)
    outcome_summary: Text | None = Field(None, max_length=20000)
    agreements: list[DbId] | None = Field(None, max_length=200)
    participations: dict[ParticipationKind, Count] | None = None
    visibility: Literal["shared", "private"] | None = None


NULLABLE = frozenset({"leads_count", "pledged_amount"})
"""PATCH fields that `null` clears; for the others `null` means "unchanged"."""


def service_fields(payload: dict[str, Any]) -> dict[str, Any]:
    """Schema fields → the service input's names and shapes."""
    out = dict(payload)
    for name in ("provinces", "countries", "missions"):
        if name in out:
            out[name] = tuple(out[name])
    if "agreements" in out:
        out["agreement_ids"] = tuple(out.pop("agreements"))
    if "participations" in out:
        out["participations"] = dict(out["participations"])
    return out


def _amount(value: decimal.Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


class PromotionEventListOut(Schema):
    id: int
    title_vi: str
    title_en: str
    kind: str
    status: str
    format: str
    province: str = Field(..., description="mã tỉnh hiện hành")
    province_as_named: str
    countries: list[str]
    starts_on: dt.date
    ends_on: dt.date
    place: str
    leads_count: int | None
    pledged_amount: str | None = Field(..., description="số thập phân dạng chuỗi, theo pledged_currency")
    pledged_currency: str
    overdue_tasks: int
    version: int

    @staticmethod
    def resolve_province(e: PromotionEvent) -> str:
        return e.province.code

    @staticmethod
    def resolve_countries(e: PromotionEvent) -> list[str]:
        return [c.iso2 for c in e.countries.all()]

    @staticmethod
    def resolve_pledged_amount(e: PromotionEvent) -> str | None:
        return _amount(e.pledged_amount)

    @staticmethod
    def resolve_overdue_tasks(e: PromotionEvent) -> int:
        return int(getattr(e, "overdue_count", 0) or 0)


class AgreementRef(Schema):
    id: int
    title_vi: str
    signed_on: dt.date | None


class TaskOut(Schema):
    id: int
    title: str
    owner_org: str | None = Field(..., description="mã đơn vị chủ trì")
    owner_person: str
    due_on: dt.date
    done_on: dt.date | None
    overdue: bool
    note: str
    version: int

    @staticmethod
    def resolve_owner_org(t: FollowUpTask) -> str | None:
        return t.owner_org.code if t.owner_org_id and t.owner_org else None

    @staticmethod
    def resolve_overdue(t: FollowUpTask) -> bool:
        from django.utils import timezone

        return t.done_on is None and t.due_on < timezone.localdate()


class PromotionEventOut(PromotionEventListOut):
    organisers: str
    former_province: str | None = Field(..., description="mã tỉnh cũ khi tổ chức (trước 01/07/2025)")
    owner: str
    provinces: list[str]
    missions: list[str]
    participations: dict[str, int]
    outcome_summary: str
    agreements: list[AgreementRef] = Field(..., description="thỏa thuận đã ký mà người dùng được xem")
    tasks: list[TaskOut]
    visibility: str

    @staticmethod
    def resolve_former_province(e: PromotionEvent) -> str | None:
        return e.former_province.code if e.former_province_id and e.former_province else None

    @staticmethod
    def resolve_owner(e: PromotionEvent) -> str:
        return e.owner_org.code

    @staticmethod
    def resolve_provinces(e: PromotionEvent) -> list[str]:
        return [p.code for p in e.provinces.all()]

    @staticmethod
    def resolve_missions(e: PromotionEvent) -> list[str]:
        return [m.code for m in e.missions.all()]

    @staticmethod
    def resolve_participations(e: PromotionEvent) -> dict[str, int]:
        return {p.kind: p.count for p in e.participations.all()}

    @staticmethod
    def resolve_agreements(e: PromotionEvent) -> list[Any]:
        return list(getattr(e, "linked_agreements", []))

    @staticmethod
    def resolve_tasks(e: PromotionEvent) -> list[Any]:
        return list(e.tasks.all())

    @staticmethod
    def resolve_overdue_tasks(e: PromotionEvent) -> int:
        from django.utils import timezone

        today = timezone.localdate()
        return sum(1 for t in e.tasks.all() if t.done_on is None and t.due_on < today)


class TaskIn(Schema):
    title: Line = Field(..., min_length=1, max_length=300)
    due_on: IsoDate
    owner_org: Line = Field("", max_length=60, description="mã đơn vị chủ trì (vd. tinh-25, cqdd-jp-tokyo)")
    owner_person: Line = Field("", max_length=200)
    note: Text = Field("", max_length=5000)


class TaskCompleteIn(Schema):
    done_on: IsoDate | None = Field(None, description="mặc định hôm nay; không được ở tương lai")
    note: Text = Field("", max_length=5000)
