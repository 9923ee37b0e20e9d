from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.core.schemas import DbId, IsoDate, Line, Text

DirectionName = Literal["outbound", "inbound"]
KindName = Literal["locality", "company", "university", "ngo"]
VisibilityName = Literal["shared", "private"]
MoveName = Literal["shortlisted", "contacted", "met", "agreement", "declined"]


class PartnerSearchIn(Schema):
    direction: DirectionName = Field(
        "outbound",
        description="outbound: tỉnh tìm đối tác nước ngoài; inbound: đối tác nước ngoài tìm (CQĐD, Bộ nhập)",
    )
    title: Line = Field(..., min_length=1, max_length=300)
    partner_kind: KindName
    wants: Text = Field(..., min_length=1, max_length=5000)
    offers: Text = Field("", max_length=5000)
    countries: list[str] = Field([], max_length=30, description="ISO alpha-2")
    fields: list[str] = Field([], max_length=30, description="mã lĩnh vực hợp tác")
    open_until: IsoDate | None = None
    visibility: VisibilityName = "shared"
    seeker: DbId | None = Field(None, description="inbound: id đối tác trong danh bạ")


class PartnerSearchPatch(Schema):
    """Only the fields sent are changed (If-Match: the search's version)."""

    title: Line | None = Field(None, min_length=1, max_length=300)
    partner_kind: KindName | None = None
    wants: Text | None = Field(None, min_length=1, max_length=5000)
    offers: Text | None = Field(None, max_length=5000)
    countries: list[str] | None = Field(None, max_length=30)
    fields: list[str] | None = Field(None, max_length=30)
    open_until: IsoDate | None = None
    visibility: VisibilityName | None = None


class PartnerSearchCloseIn(Schema):
    agreement: DbId | None = Field(None, description="id thỏa thuận trong sổ")
    reason: Text = Field("", max_length=2000)
    closed_on: IsoDate | None = None


class ProposalIn(Schema):
    partner: DbId | None = Field(None, description="outbound: id đối tác trong danh bạ")
    province: str = Field("", max_length=2, description="inbound: mã tỉnh")
    new_name: Line = Field("", max_length=300, description="đối tác mới, được thêm vào danh bạ (chia sẻ)")
    new_kind: str = Field("", max_length=20)
    new_country: str = Field("", max_length=2)
    note: Text = Field("", max_length=3000)
    from_suggestion: bool = False


class ProposalMoveIn(Schema):
    to: MoveName
    on: IsoDate | None = None
    reason: Text = Field("", max_length=2000)


class ProposalOut(Schema):
    id: int
    partner: int | None
    province: str | None
    candidate: str
    state: str
    note: str
    decline_reason: str
    from_suggestion: bool
    proposer_org: str
    proposed_on: dt.date
    shortlisted_on: dt.date | None
    contacted_on: dt.date | None
    met_on: dt.date | None
    agreement_on: dt.date | None
    declined_on: dt.date | None


class PartnerSearchListOut(Schema):
    id: int
    direction: str
    title: str
    province: str | None
    seeker: int | None
    partner_kind: str
    countries: list[str]
    fields: list[str]
    state: str
    visibility: str
    opened_on: dt.date | None
    open_until: dt.date | None
    proposals: int
    version: int


class PartnerSearchOut(PartnerSearchListOut):
    owner_org: str
    wants: str
    offers: str
    closed_on: dt.date | None
    outcome_agreement: int | None
    close_reason: str
    proposal_list: list[ProposalOut]


class SuggestionReasonOut(Schema):
    key: str
    label: str
    detail: str
    count: int
    weight: int
    points: int
    text: str


class SuggestionOut(Schema):
    partner: int | None
    province: str | None
    name: str
    country: str
    score: int
    reasons: list[SuggestionReasonOut]
