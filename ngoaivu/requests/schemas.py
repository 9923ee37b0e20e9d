from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.core.provisional import ProvisionalDue
from ngoaivu.core.schemas import DbId, IsoDate, Line, Text
from ngoaivu.requests import selectors
from ngoaivu.requests.models import Answer, Category, Event, ServiceRequest, max_length


class CategoryOut(Schema):
    code: str
    name: str = Field(..., alias="name_vi")
    name_en: str
    ack_days: int
    answer_days: int


class RequestIn(Schema):
    title: Line = Field(..., min_length=1, max_length=max_length(ServiceRequest, "title"))
    description: Text = Field(..., min_length=1, max_length=max_length(ServiceRequest, "description"))
    category: str = Field(
        ..., max_length=max_length(Category, "code"), description="category code, see /requests/categories"
    )
    recipients: list[str] = Field(
        ..., min_length=1, max_length=20, description="organisation codes: mofa, cqdd-…"
    )
    desired_result: Text = Field("", max_length=max_length(ServiceRequest, "desired_result"))
    priority: Literal["normal", "high"] = "normal"
    wished_date: IsoDate | None = None
    target_countries: list[str] = Field([], max_length=30, description="ISO alpha-2")
    target_partners: list[DbId] = Field([], max_length=30)
    market_dossiers: list[DbId] = Field([], max_length=30, description="id hồ sơ mở cửa thị trường liên quan")


class RecipientOut(ProvisionalDue):
    due_fields = ("ack_due", "answer_due")
    organisation: str = Field(..., alias="organisation.code")
    organisation_name: str = Field(..., alias="organisation.name_vi")
    status: str
    assignee: str | None = Field(None, alias="assignee.username")
    received_on: dt.date
    ack_due: dt.date
    answer_due: dt.date
    acknowledged_on: dt.date | None
    answered_on: dt.date | None
    paused_working_days: int
    rating: int | None
    rating_comment: str


class RequestListOut(Schema):
    id: int
    number: str | None
    title: str
    status: str
    category: str = Field(..., alias="category.code")
    sender: str = Field(..., alias="owner_org.code")
    sent_at: dt.datetime | None
    recipients: list[RecipientOut]


class AnswerOut(Schema):
    recipient: str = Field(..., alias="recipient.organisation.code")
    text: str
    partner_contacts: str
    next_steps: str
    created_at: dt.datetime


class EventOut(Schema):
    action: str
    actor: str = Field(..., alias="actor_label")
    from_status: str
    to_status: str
    text: str
    created_at: dt.datetime


# One request as `selectors.request_get` reads it (parts, answers and countries prefetched); a docstring here
# would change the OpenAPI document.
class RequestOut(RequestListOut, ProvisionalDue):
    due_fields = ("ack_due", "answer_due")
    description: str
    desired_result: str
    priority: str
    wished_date: dt.date | None
    version: int
    ack_due: dt.date | None
    answer_due: dt.date | None
    target_countries: list[str]
    answers: list[AnswerOut]
    history: list[EventOut]

    @staticmethod
    def resolve_ack_due(obj: ServiceRequest) -> dt.date | None:
        """The nearest acknowledgement deadline among the open parts not yet acknowledged."""
        return min(
            (p.ack_due for p in obj.recipients.all() if p.is_open and not p.acknowledged_on), default=None
        )

    @staticmethod
    def resolve_answer_due(obj: ServiceRequest) -> dt.date | None:
        return selectors.nearest_open_due(obj.recipients.all())

    @staticmethod
    def resolve_target_countries(obj: ServiceRequest) -> list[str]:
        return [c.iso2 for c in obj.target_countries.all()]

    @staticmethod
    def resolve_answers(obj: ServiceRequest) -> list[Answer]:
        return [a for p in obj.recipients.all() for a in p.answers.all()]

    @staticmethod
    def resolve_history(obj: ServiceRequest) -> list[Event]:
        return list(selectors.request_events(request=obj))


# The body of POST /requests/{id}/{action}; named for its noun: OpenAPI component names are global.
class RequestActionIn(Schema):
    text: Text = Field("", max_length=max_length(Answer, "text"))
    recipient: str | None = Field(
        None,
        max_length=max_length(Organisation, "code"),
        description="recipient organisation code (sender actions)",
    )
    rating: int | None = Field(None, ge=1, le=5)
    assignee: str | None = Field(
        None, max_length=max_length(User, "username"), description="username in the recipient organisation"
    )
    to: list[str] = Field([], max_length=20, description="mission codes for forward / handover")
    merge_into: str | None = Field(
        None,
        max_length=max_length(ServiceRequest, "number"),
        description="number of the request this one duplicates",
    )
    partner_contacts: Text = Field("", max_length=max_length(Answer, "partner_contacts"))
    next_steps: Text = Field("", max_length=max_length(Answer, "next_steps"))


class UnitFiguresOut(Schema):
    code: str
    name: str
    received: int
    ack_on_time_pct: float | None
    answer_on_time_pct: float | None
    median_days: float | None
    average_rating: float | None
    open: int
    overdue: int


class ProvinceFiguresOut(Schema):
    code: str
    name: str
    sent: int
    answered: int
    average_rating_given: float | None


class ResponsivenessOut(Schema):
    date_from: dt.date
    date_to: dt.date
    computed_at: dt.datetime = Field(..., description="khi số liệu được tính (lưu tạm tối đa 5 phút)")
    units: list[UnitFiguresOut]
    provinces: list[ProvinceFiguresOut]
