from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.core.provisional import ProvisionalDue
from ngoaivu.core.schemas import DbId, IsoDate, Line, Text

CountryCode = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]


class MemberIn(Schema):
    full_name: Line = Field(..., min_length=1, max_length=200)
    position: Line = Field("", max_length=300)
    unit: Line = Field("", max_length=300)
    is_head: bool = False
    birth_date: IsoDate | None = None
    passport_type: Literal["", "ordinary", "official", "diplomatic", "foreign"] = ""
    passport_number: Line = Field("", max_length=12)
    passport_expiry: IsoDate | None = None


class DelegationIn(Schema):
    direction: Literal["outbound", "inbound"]
    title: Line = Field(..., min_length=1, max_length=300)
    purpose: Text = Field(..., min_length=1, max_length=10000)
    head_name: Line = Field(..., min_length=1, max_length=200)
    head_position: Line = Field("", max_length=300)
    countries: list[CountryCode] = Field(..., min_length=1, max_length=30, description="ISO alpha-2")
    cities: Line = Field("", max_length=500)
    partners: list[DbId] = Field([], max_length=50)
    departs_on: IsoDate
    returns_on: IsoDate
    programme: Text = Field("", max_length=20000)
    invitation: Line = Field("", max_length=500)
    funding: Line = Field("", max_length=300)
    budget_estimate: int | None = Field(None, ge=0, lt=10**18, strict=True, description="VND")
    guests_rank: Line = Field("", max_length=300)
    receiving_leader: Line = Field("", max_length=300)
    party_managed: bool = False
    visibility: Literal["shared", "private"] = "shared"
    members: list[MemberIn] = Field([], max_length=200)


class MemberOut(Schema):
    full_name: str
    position: str
    unit: str
    is_head: bool
    birth_date: str = Field(..., description="che (masked) trừ khi được xem và yêu cầu personal=true")
    passport_type: str
    passport_number: str
    passport_expiry: str
    passport_flag: bool = Field(..., description="hộ chiếu hết hạn trước ngày về + 6 tháng")


class ApprovalOut(Schema):
    round: int
    order: int
    label: str
    decision: str
    decided_by: str | None
    on_behalf_of: str | None
    decided_at: dt.datetime | None
    comment: str
    on_paper: bool = Field(False, description="quyết định bằng văn bản của lãnh đạo, do cán bộ ghi nhận")
    document_number: str = ""
    document_date: dt.date | None = None
    document_signer: str = ""


class FollowUpOut(Schema):
    id: int
    title: str
    owner: str
    due_on: dt.date
    status: str
    agreement: int | None
    request_reference: str


class BriefingOut(Schema):
    organisation: str
    kind: str
    text: str
    created_at: dt.datetime


class DelegationListOut(ProvisionalDue):
    due_fields = ("report_due_on",)
    id: int
    direction: str
    title: str
    province: str
    countries: list[str]
    head_name: str
    departs_on: dt.date
    returns_on: dt.date
    state: str
    report_due_on: dt.date | None
    reported_on: dt.date | None
    version: int


class DelegationOut(DelegationListOut):
    owner: str
    purpose: str
    head_position: str
    cities: str
    partners: list[int]
    programme: str
    invitation: str
    funding: str
    budget_estimate: int | None
    actual_cost: int | None
    guests_rank: str
    receiving_leader: str
    party_managed: bool
    visibility: str
    report_results: str
    report_better_preparation: str
    report_agreements: list[int]
    members: list[MemberOut]
    personal_data: Literal["masked", "unmasked"]
    approvals: list[ApprovalOut]
    briefings: list[BriefingOut]
    follow_ups: list[FollowUpOut]
    actions: list[str] = Field([], description="thao tác người dùng được làm ở trạng thái hiện tại")
    detail: Literal["full", "summary"] = Field(
        "full",
        description="summary: đoàn của tỉnh khác được chia sẻ — chỉ tên, thời gian, quốc gia, trưởng đoàn; "
        "các trường khác để trống",
    )


class FollowUpIn(Schema):
    title: Line = Field(..., min_length=1, max_length=300)
    owner: Line = Field(..., min_length=1, max_length=200)
    due_on: IsoDate
    agreement: DbId | None = None
    request_reference: Line = Field("", max_length=40)


class DelegationActionIn(Schema):
    comment: Text = Field("", max_length=5000, description="return/refuse/postpone/cancel: bắt buộc")
    results: Text = Field("", max_length=20000, description="report: kết quả (bắt buộc)")
    better_preparation: Text = Field("", max_length=10000, description="report: lẽ ra cần chuẩn bị tốt hơn")
    agreements: list[DbId] = Field([], max_length=50, description="report: thỏa thuận đã ký trong chuyến đi")
    actual_cost: int | None = Field(None, ge=0, lt=10**18, strict=True)
    follow_ups: list[FollowUpIn] = Field([], max_length=50, description="report: việc cần làm sau chuyến đi")


class VisitIn(Schema):
    direction: Literal["to_province", "to_ministry"]
    province: str = Field(..., pattern=r"^[0-9]{2}$", description="mã tỉnh hiện hành")
    starts_on: IsoDate
    ends_on: IsoDate
    ministry_leaders: Line = Field(..., min_length=1, max_length=500)
    province_leaders: Line = Field("", max_length=500)
    agenda: Text = Field("", max_length=20000)
    agreed: Text = Field("", max_length=20000)
    follow_up: Text = Field("", max_length=20000)
    status: Literal["planned", "held", "cancelled"] = "planned"
    asks: list[Line] = Field([], max_length=100)


class AskOut(Schema):
    id: int
    text: str
    request_number: str


class VisitOut(Schema):
    id: int
    direction: str
    province: str
    starts_on: dt.date
    ends_on: dt.date
    ministry_leaders: str
    province_leaders: str
    agenda: str
    agreed: str
    follow_up: str
    status: str
    asks: list[AskOut]
    version: int


class ConferenceIn(Schema):
    title: Line = Field(..., min_length=1, max_length=500)
    organiser: Line = Field(..., min_length=1, max_length=300)
    format: Literal["in_person", "online", "hybrid"]
    venue: Line = Field("", max_length=300)
    starts_on: IsoDate
    ends_on: IsoDate
    countries: list[CountryCode] = Field([], max_length=100, description="ISO alpha-2")
    foreign_participants: int = Field(0, ge=0, le=100000, strict=True)
    top_rank: Literal["minister", "deputy_minister", "other"]
    sensitive_topics: list[
        Literal[
            "sovereignty", "security", "defence", "ethnicity", "religion", "human_rights", "state_secrets"
        ]
    ] = Field([], max_length=7)
    funding: Line = Field("", max_length=300)
    visibility: Literal["shared", "private"] = "shared"


class ConsultationOut(Schema):
    id: int
    body: str
    sent_on: dt.date
    due_on: dt.date
    replied_on: dt.date | None
    reply: str


class ConferenceOut(ProvisionalDue):
    due_fields = ("dossier_due_on", "report_due_on")
    id: int
    title: str
    organiser: str
    province: str
    format: str
    venue: str
    starts_on: dt.date
    ends_on: dt.date
    countries: list[str]
    foreign_participants: int
    top_rank: str
    sensitive_topics: list[str]
    approval_level: Literal["pm", "chair"]
    dossier_due_on: dt.date
    dossier_submitted_on: dt.date | None
    report_due_on: dt.date | None
    reported_on: dt.date | None
    state: str
    consultations: list[ConsultationOut]
    version: int


class CalendarEntryOut(Schema):
    uid: str
    kind: Literal["delegation", "visit", "conference", "deadline"]
    title: str
    starts_on: dt.date
    ends_on: dt.date
    url: str
    detail: str


class ConferenceActionIn(Schema):
    text: Text = Field(
        "", max_length=20000, description="report: kết quả; record_reply: ý kiến; cancel: lý do"
    )
    bodies: list[Line] = Field([], max_length=20, description="submit: cơ quan được lấy ý kiến")
    consultation_id: DbId | None = Field(None, description="record_reply: cơ quan đã trả lời")
    decision: Line = Field("", max_length=200, description="approve/refuse: số, ngày văn bản")


class CalendarRange(Schema):
    from_: IsoDate = Field(..., alias="from", description="từ ngày (YYYY-MM-DD)")
    to: IsoDate = Field(..., description="đến ngày (YYYY-MM-DD), tối đa 400 ngày sau `from`")
