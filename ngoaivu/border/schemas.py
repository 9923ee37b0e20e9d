from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.border.models import BorderMechanism, BorderMeeting, Commitment
from ngoaivu.core.schemas import DbId, IsoDate, Line, Text

CountryCode = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]
ProvinceCode = Annotated[str, Field(pattern=r"^[0-9]{2}$")]
ProvinceName = Annotated[str, Field(min_length=1, max_length=100)]
MechanismKind = Literal["bilateral", "multilateral", "decentralised"]
Level = Literal["leaders", "secretaries", "department", "border_gate", "working_group", "other"]
Cycle = Literal["yearly", "twice_yearly", "two_years", "irregular"]
MechanismStatus = Literal["active", "dormant", "ended"]
MeetingKind = Literal["conference", "working_group", "joint_committee", "other"]
Host = Literal["vietnam", "foreign", "online"]


class ForeignMemberIn(Schema):
    name: Line = Field("", max_length=300, description="trống: tên của đối tác trong danh bạ")
    country: Line = Field("", max_length=2, description="ISO alpha-2; trống: quốc gia của đối tác")
    partner_id: DbId | None = Field(None, description="đối tác (địa phương nước ngoài) trong danh bạ")


class ForeignMemberOut(Schema):
    name: str
    country: str
    partner_id: int | None

    @staticmethod
    def resolve_country(f: Any) -> str:
        return str(f.country.iso2)


class BorderMechanismIn(Schema):
    name_vi: Line = Field(..., min_length=1, max_length=500)
    name_en: Line = Field("", max_length=500)
    kind: MechanismKind
    level: Level
    countries: list[CountryCode] = Field(..., min_length=1, max_length=20, description="quốc gia đối tác")
    provinces: list[ProvinceCode] = Field([], max_length=34, description="tỉnh thành viên (mã hiện hành)")
    members_as_named: list[ProvinceName] = Field(
        [], max_length=40, description="tỉnh thành viên theo tên khi thành lập (vd. Hà Giang năm 2010)"
    )
    foreign_members: list[ForeignMemberIn] = Field([], max_length=40)
    founded_on: IsoDate | None = None
    founding_doc_number: Line = Field("", max_length=100)
    founding_doc_date: IsoDate | None = None
    founding_doc_title: Line = Field("", max_length=500)
    cycle: Cycle = "yearly"
    status: MechanismStatus = "active"
    description: Text = Field("", max_length=20000)
    agreements: list[DbId] = Field([], max_length=200, description="thỏa thuận liên quan (sổ thỏa thuận)")
    owner: Line = Field(
        "", max_length=60, description="quản trị hệ thống: mã đơn vị chủ trì (tỉnh hoặc mofa-bien-gioi)"
    )


class BorderMechanismPatch(Schema):
    """Only the fields sent are changed."""

    name_vi: Line | None = Field(None, min_length=1, max_length=500)
    name_en: Line | None = Field(None, max_length=500)
    kind: MechanismKind | None = None
    level: Level | None = None
    countries: list[CountryCode] | None = Field(None, min_length=1, max_length=20)
    provinces: list[ProvinceCode] | None = Field(None, max_length=34)
    members_as_named: list[ProvinceName] | None = Field(None, max_length=40)
    foreign_members: list[ForeignMemberIn] | None = Field(None, max_length=40)
    founded_on: IsoDate | None = None
    founding_doc_number: Line | None = Field(None, max_length=100)
    founding_doc_date: IsoDate | None = None
    founding_doc_title: Line | None = Field(None, max_length=500)
    cycle: Cycle | None = None
    status: MechanismStatus | None = None
    description: Text | None = Field(None, max_length=20000)
    agreements: list[DbId] | None = Field(None, max_length=200)


NULLABLE = frozenset({"founded_on", "founding_doc_date"})
"""PATCH fields that `null` clears; for the others `null` means "unchanged"."""


def mechanism_service_fields(payload: dict[str, Any]) -> dict[str, Any]:
    from ngoaivu.border.services import ForeignMemberInput

    out = dict(payload)
    for name in ("countries", "provinces", "members_as_named"):
        if name in out:
            out[name] = tuple(out[name])
    if "foreign_members" in out:
        # a PATCH dumps with exclude_unset: a member given by its partner id alone has no name or country key
        out["foreign_members"] = tuple(
            ForeignMemberInput(
                name=f.get("name", ""), country=f.get("country", ""), partner_id=f.get("partner_id")
            )
            for f in out["foreign_members"]
        )
    if "agreements" in out:
        out["agreement_ids"] = tuple(out.pop("agreements"))
    return out


class BorderMechanismListOut(Schema):
    id: int
    name_vi: str
    name_en: str
    kind: str
    level: str
    status: str
    cycle: str
    owner: str = Field(..., description="mã đơn vị chủ trì")
    provinces: list[str] = Field(..., description="mã tỉnh thành viên (hiện hành)")
    members_as_named: str
    countries: list[str]
    founded_on: dt.date | None
    meeting_count: int
    last_meeting_on: dt.date | None
    version: int

    @staticmethod
    def resolve_owner(m: BorderMechanism) -> str:
        return m.owner_org.code

    @staticmethod
    def resolve_provinces(m: BorderMechanism) -> list[str]:
        return [p.code for p in m.provinces.all()]

    @staticmethod
    def resolve_countries(m: BorderMechanism) -> list[str]:
        return [c.iso2 for c in m.countries.all()]

    @staticmethod
    def resolve_meeting_count(m: BorderMechanism) -> int:
        return int(getattr(m, "meeting_count", 0) or 0)

    @staticmethod
    def resolve_last_meeting_on(m: BorderMechanism) -> dt.date | None:
        return getattr(m, "last_meeting_on", None)


class AgreementLink(Schema):
    id: int
    title_vi: str
    signed_on: dt.date | None


class BorderMechanismOut(BorderMechanismListOut):
    former_provinces: list[str] = Field(..., description="mã tỉnh khi thành lập (trước 01/07/2025)")
    foreign_members: list[ForeignMemberOut]
    founding_doc_number: str
    founding_doc_date: dt.date | None
    founding_doc_title: str
    description: str
    agreements: list[AgreementLink] = Field(..., description="thỏa thuận liên quan mà người dùng được xem")

    @staticmethod
    def resolve_former_provinces(m: BorderMechanism) -> list[str]:
        return [f.code for f in m.former_provinces.all()]

    @staticmethod
    def resolve_foreign_members(m: BorderMechanism) -> list[Any]:
        return list(m.foreign_members.all())

    @staticmethod
    def resolve_agreements(m: BorderMechanism) -> list[Any]:
        return list(getattr(m, "linked_agreements", []))

    @staticmethod
    def resolve_meeting_count(m: BorderMechanism) -> int:
        return int(getattr(m, "meeting_count", None) or m.meetings.filter(deleted_at__isnull=True).count())


class BorderMeetingIn(Schema):
    mechanism: DbId
    title: Line = Field(..., min_length=1, max_length=500)
    kind: MeetingKind
    starts_on: IsoDate
    ends_on: IsoDate
    host: Host
    place: Line = Field("", max_length=300)
    delegations: Text = Field("", max_length=5000, description="trưởng đoàn, số người mỗi bên")
    summary: Text = Field("", max_length=20000)


class BorderMeetingPatch(Schema):
    title: Line | None = Field(None, min_length=1, max_length=500)
    kind: MeetingKind | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    host: Host | None = None
    place: Line | None = Field(None, max_length=300)
    delegations: Text | None = Field(None, max_length=5000)
    summary: Text | None = Field(None, max_length=20000)


class MeetingActionIn(Schema):
    minutes_number: Line = Field("", max_length=100, description="minutes: số biên bản")
    minutes_signed_on: IsoDate | None = Field(None, description="minutes: ngày ký biên bản")
    summary: Text = Field("", max_length=20000, description="hold, minutes: kết quả chính")
    reason: Line = Field("", max_length=500, description="cancel: lý do hủy")


class CommitmentOut(Schema):
    id: int
    text: str
    owner_org: str | None = Field(..., description="mã đơn vị chủ trì")
    owner_person: str
    due_on: dt.date
    due_rule: str
    status: str
    done_on: dt.date | None
    drop_reason: str
    progress: str
    overdue: bool
    version: int

    @staticmethod
    def resolve_owner_org(c: Commitment) -> str | None:
        return c.owner_org.code if c.owner_org_id and c.owner_org else None

    @staticmethod
    def resolve_overdue(c: Commitment) -> bool:
        from django.utils import timezone

        return c.status == Commitment.Status.OPEN and c.due_on < timezone.localdate()


class BorderMeetingListOut(Schema):
    id: int
    mechanism: int
    mechanism_name: str
    title: str
    kind: str
    status: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    host: str
    open_commitments: int
    overdue_commitments: int
    version: int

    @staticmethod
    def resolve_mechanism(m: BorderMeeting) -> int:
        return int(m.mechanism_id)

    @staticmethod
    def resolve_mechanism_name(m: BorderMeeting) -> str:
        return m.mechanism.name_vi

    @staticmethod
    def resolve_open_commitments(m: BorderMeeting) -> int:
        if hasattr(m, "open_count"):
            return int(m.open_count or 0)
        return sum(1 for c in m.commitments.all() if c.status == Commitment.Status.OPEN)

    @staticmethod
    def resolve_overdue_commitments(m: BorderMeeting) -> int:
        if hasattr(m, "overdue_count"):
            return int(m.overdue_count or 0)
        from django.utils import timezone

        today = timezone.localdate()
        return sum(1 for c in m.commitments.all() if c.status == Commitment.Status.OPEN and c.due_on < today)


class BorderMeetingOut(BorderMeetingListOut):
    delegations: str
    summary: str
    minutes_number: str
    minutes_signed_on: dt.date | None
    cancel_reason: str
    commitments: list[CommitmentOut]

    @staticmethod
    def resolve_commitments(m: BorderMeeting) -> list[Any]:
        return list(m.commitments.all())


class CommitmentIn(Schema):
    text: Text = Field(..., min_length=1, max_length=1000)
    due_on: IsoDate | None = Field(
        None, description="trống: theo quy tắc border_commitment_reminder từ ngày họp"
    )
    owner_org: Line = Field("", max_length=60, description="mã đơn vị chủ trì (tỉnh thành viên: đơn vị mình)")
    owner_person: Line = Field("", max_length=200)
    progress: Text = Field("", max_length=5000)


class CommitmentActionIn(Schema):
    note: Text = Field("", max_length=5000, description="progress: tiến độ; complete: ghi chú")
    done_on: IsoDate | None = Field(None, description="complete: mặc định hôm nay; không được ở tương lai")
    reason: Text = Field("", max_length=1000, description="drop: lý do không thực hiện")
