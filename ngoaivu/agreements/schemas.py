from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.accounts.web import api_user
from ngoaivu.agreements import selectors, services
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.provisional import ProvisionalDue
from ngoaivu.core.schemas import DbId, IsoDate, Line, Text
from ngoaivu.directory.models import Partner

InitialState = Literal["proposed", "signed", "reported", "in_implementation", "expired", "terminated"]


class AgreementIn(Schema):
    kind: str = Field(..., max_length=40, description="provincial | department | mou | sister_city (data)")
    title_vi: Line = Field(..., min_length=1, max_length=500)
    country: str = Field(..., min_length=2, max_length=2, description="ISO alpha-2")
    province: Line = Field(
        "", max_length=100, description="tên tỉnh khi ký, có dấu hoặc không; trống = tỉnh của người dùng"
    )
    title_foreign: Line = Field("", max_length=500)
    foreign_language: Line = Field("", max_length=50)
    vn_party: Line = Field("", max_length=300)
    partners: list[DbId] = Field([], max_length=50)
    fields: list[str] = Field([], max_length=20, description="mã lĩnh vực hợp tác")
    description: Text = Field("", max_length=20000)
    signed_on: IsoDate | None = None
    signed_place: Line = Field("", max_length=200)
    valid_from: IsoDate | None = None
    valid_until: IsoDate | None = None
    renewal_terms: Text = Field("", max_length=5000)
    signatories_vn: Line = Field("", max_length=300)
    signatories_foreign: Line = Field("", max_length=300)
    budget: int | None = Field(None, ge=0, lt=10**18, description="kinh phí dự kiến, VND")
    visibility: Literal["shared", "private"] = "shared"
    state: InitialState = "proposed"


class LegalStepOut(ProvisionalDue):
    due_fields = ("due_on",)
    id: int
    kind: str
    body: str
    started_on: dt.date
    due_on: dt.date
    rule: str
    done_on: dt.date | None
    outcome: str
    note: str
    document_number: str
    from_paper: bool = Field(
        False,
        description="ý kiến do bên chủ trì ghi nhận từ văn bản giấy, không phải cơ quan trả lời trên hệ thống",
    )
    document_id: int | None = Field(None, description="bản scan văn bản trả lời (tài liệu của thỏa thuận)")


class MilestoneIn(Schema):
    title: Line = Field(..., min_length=1, max_length=300)
    owner: Line = Field(..., min_length=1, max_length=200)
    due_on: IsoDate
    status: Literal["planned", "in_progress", "done", "cancelled"] = "planned"
    progress: int = Field(0, ge=0, le=100)
    evidence: Text = Field("", max_length=10000)


class MilestoneOut(Schema):
    id: int
    title: str
    owner: str
    due_on: dt.date
    status: str
    progress: int
    evidence: str
    done_on: dt.date | None
    version: int


class PartnerRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(partner: Partner) -> str:
        return str(partner)


class AgreementListOut(Schema):
    id: int
    title_vi: str
    kind: str = Field(..., alias="kind.code")
    state: str
    province: str = Field(..., alias="province.code")
    province_as_named: str
    country: str = Field(..., alias="country.iso2")
    signed_on: dt.date | None
    valid_until: dt.date | None
    last_activity_on: dt.date | None
    version: int


class AgreementOut(AgreementListOut):
    title_foreign: str
    foreign_language: str
    former_province: str | None
    owner: str
    vn_party: str
    partners: list[PartnerRef]
    fields: list[str]
    description: str
    signed_place: str
    valid_from: dt.date | None
    renewal_terms: str
    signatories_vn: str
    signatories_foreign: str
    budget: int | None
    visibility: str
    dossier_complete_on: dt.date | None
    report_number: str
    reported_on: dt.date | None
    renews: int | None
    expiry_decision: str
    expiry_decision_reason: str
    dormant: bool
    dormant_reason: str
    legal_steps: list[LegalStepOut]
    milestones: list[MilestoneOut]
    actions: list[str] = Field([], description="thao tác người dùng được làm ở trạng thái hiện tại")

    # An agreement read through `selectors.agreement_get` (its relations prefetched); `actions` are those of the
    # user the API call acts for, from ninja's validation context. (A docstring would change the OpenAPI document.)
    @staticmethod
    def resolve_former_province(agreement: Agreement) -> str | None:
        return agreement.former_province.code if agreement.former_province else None

    @staticmethod
    def resolve_owner(agreement: Agreement) -> str:
        return agreement.owner_org.code

    @staticmethod
    def resolve_renews(agreement: Agreement) -> int | None:
        return agreement.renews_id

    @staticmethod
    def resolve_fields(agreement: Agreement) -> list[str]:
        return [f.code for f in agreement.fields.all()]

    @staticmethod
    def resolve_dormant(agreement: Agreement) -> bool:
        return selectors.dormancy(agreement).dormant

    @staticmethod
    def resolve_dormant_reason(agreement: Agreement) -> str:
        return selectors.dormancy(agreement).reason

    @staticmethod
    def resolve_actions(agreement: Agreement, context: dict[str, Any]) -> list[str]:
        return services.available_actions(user=api_user(context["request"]), agreement=agreement)


# The body of POST /agreements/{id}/{action}; named for its noun: OpenAPI component names are global.
class AgreementActionIn(Schema):
    text: Text = Field("", max_length=5000, description="ý kiến, lý do, ghi chú")
    on: IsoDate | None = Field(None, description="ngày của sự việc (mặc định hôm nay)")
    bodies: list[Line] = Field([], max_length=20, description="consult: cơ quan được lấy ý kiến (ngoài Bộ)")
    step_id: DbId | None = Field(None, description="record_opinion: bước lấy ý kiến")
    outcome: Literal["", "agree", "object", "approved", "refused"] = ""
    document_number: Line = Field("", max_length=60)
    signed_place: Line = Field("", max_length=200)
    signatories_vn: Line = Field("", max_length=300)
    signatories_foreign: Line = Field("", max_length=300)
    decision: Literal["", "extend", "renew", "lapse"] = ""
    valid_until: IsoDate | None = None


class CountsOut(Schema):
    total: int
    kinds: dict[str, str]
    by_year: list[dict[str, object]]
    by_province: list[dict[str, object]]
    by_country: list[dict[str, object]]
