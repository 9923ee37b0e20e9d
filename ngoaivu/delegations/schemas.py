from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, ValidationInfo, model_validator

from ngoaivu.accounts.models import User
from ngoaivu.core.provisional import ProvisionalDue
from ngoaivu.core.schemas import DbId, IsoDate, Line, Text
from ngoaivu.delegations import selectors, services
from ngoaivu.delegations.models import (
    BriefingNote,
    Conference,
    Delegation,
    DelegationApproval,
    LeaderVisit,
)

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


# reads a `selectors.MemberView`: the member and its personal data, masked or not (a docstring would change
# the OpenAPI document)
class MemberOut(Schema):
    full_name: str = Field(..., alias="member.full_name")
    position: str = Field(..., alias="member.position")
    unit: str = Field(..., alias="member.unit")
    is_head: bool = Field(..., alias="member.is_head")
    birth_date: str = Field(..., description="che (masked) trừ khi được xem và yêu cầu personal=true")
    passport_type: str = Field(..., alias="member.passport_type")
    passport_number: str
    passport_expiry: str
    passport_flag: bool = Field(
        ..., alias="member.passport_flag", description="hộ chiếu hết hạn trước ngày về + 6 tháng"
    )


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

    @staticmethod
    def resolve_decision(step: DelegationApproval) -> str:
        return step.decision or "pending"

    @staticmethod
    def resolve_decided_by(step: DelegationApproval) -> str | None:
        return step.decided_by.username if step.decided_by else None

    @staticmethod
    def resolve_on_behalf_of(step: DelegationApproval) -> str | None:
        return step.on_behalf_of.username if step.on_behalf_of else None


class FollowUpOut(Schema):
    id: int
    title: str
    owner: str
    due_on: dt.date
    status: str
    agreement: int | None = Field(..., alias="agreement_id")
    request_reference: str


class BriefingOut(Schema):
    organisation: str
    kind: str
    text: str
    created_at: dt.datetime

    @staticmethod
    def resolve_organisation(note: BriefingNote) -> str:
        return note.organisation.code


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

    @classmethod
    def read(cls, delegation: Delegation, user: User, *, unmasked: bool = False) -> DelegationOut:
        """`delegation` as `user` may read it: in full (personal data masked unless `unmasked`, which the caller
        has allowed and logged), or — another province's shared delegation (`selectors.reads_details`) — its
        summary: the list row, the head's position, the owner and the visibility, every other field empty."""
        full = selectors.reads_details(user, delegation)
        return cls.model_validate(delegation, context=Reading(user, full=full, unmasked=full and unmasked))

    @model_validator(mode="after")
    def _summary_only(self, info: ValidationInfo) -> DelegationOut:
        if isinstance(info.context, Reading) and not info.context.full:
            for name, blank in SUMMARY_BLANKS.items():
                setattr(self, name, copy.copy(blank))
        return self

    @staticmethod
    def resolve_province(d: Delegation) -> str:
        return d.province.code

    @staticmethod
    def resolve_countries(d: Delegation) -> list[str]:
        return [c.iso2 for c in d.countries.all()]

    @staticmethod
    def resolve_owner(d: Delegation) -> str:
        return d.owner_org.code

    @staticmethod
    def resolve_partners(d: Delegation) -> list[int]:
        return [p.pk for p in d.partners.all()]

    @staticmethod
    def resolve_report_agreements(d: Delegation) -> list[int]:
        return [a.pk for a in d.report_agreements.all()]

    @staticmethod
    def resolve_budget_estimate(d: Delegation) -> int | None:
        return None if d.budget_estimate is None else int(d.budget_estimate)

    @staticmethod
    def resolve_actual_cost(d: Delegation) -> int | None:
        return None if d.actual_cost is None else int(d.actual_cost)

    # the personal data and the workflow are not even computed for a summary
    @staticmethod
    def resolve_members(d: Delegation, context: Reading) -> list[selectors.MemberView]:
        return selectors.member_views(d, unmasked=context.unmasked) if context.full else []

    @staticmethod
    def resolve_personal_data(d: Delegation, context: Reading) -> str:
        return "unmasked" if context.unmasked else "masked"

    @staticmethod
    def resolve_actions(d: Delegation, context: Reading) -> list[str]:
        return services.available_actions(user=context.user, delegation=d) if context.full else []

    @staticmethod
    def resolve_detail(d: Delegation, context: Reading) -> str:
        return "full" if context.full else "summary"


@dataclass(frozen=True)
class Reading:
    """Who reads a delegation's detail and what they may see of it: the validation context of `DelegationOut`."""

    user: User
    full: bool  # False: another province's shared delegation, shown as its summary
    unmasked: bool = False  # the members' personal data, asked for, allowed and logged


# what the summary of a shared delegation shows in place of its details (issue 16 §5)
SUMMARY_BLANKS: dict[str, object] = {
    **dict.fromkeys(
        (
            "purpose",
            "cities",
            "programme",
            "invitation",
            "funding",
            "guests_rank",
            "receiving_leader",
            "report_results",
            "report_better_preparation",
        ),
        "",
    ),
    **{name: [] for name in ("partners", "report_agreements", "approvals", "briefings", "follow_ups")},
    "party_managed": False,
    "budget_estimate": None,
    "actual_cost": None,
}


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

    @staticmethod
    def resolve_province(v: LeaderVisit) -> str:
        return v.province.code


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

    @staticmethod
    def resolve_province(c: Conference) -> str:
        return c.province.code

    @staticmethod
    def resolve_provisional(c: Conference) -> bool:
        # set after validation (ProvisionalDue); without a resolver ninja looks the name up on the model through
        # django.template.Variable, which cost a third of a 200-row list page
        return False

    @staticmethod
    def resolve_countries(c: Conference) -> list[str]:
        return [x.iso2 for x in c.countries.all()]


class CalendarEntryOut(Schema):
    uid: str
    kind: str = Field(
        description="delegation, visit, conference, event, culture, press, overseas, training, border or deadline"
    )
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
