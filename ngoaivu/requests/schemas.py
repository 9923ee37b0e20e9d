from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.core.provisional import ProvisionalDue
from ngoaivu.core.schemas import DbId, IsoDate, Line, Text


class CategoryOut(Schema):
    code: str
    name: str = Field(..., alias="name_vi")
    name_en: str
    ack_days: int
    answer_days: int


class RequestIn(Schema):
    title: Line = Field(..., min_length=1, max_length=300)
    description: Text = Field(..., min_length=1, max_length=20000)
    category: str = Field(..., max_length=40, description="category code, see /requests/categories")
    recipients: list[str] = Field(
        ..., min_length=1, max_length=20, description="organisation codes: mofa, cqdd-…"
    )
    desired_result: Text = Field("", max_length=5000)
    priority: Literal["normal", "high"] = "normal"
    wished_date: IsoDate | None = None
    target_countries: list[str] = Field([], max_length=30, description="ISO alpha-2")
    target_partners: list[DbId] = Field([], max_length=30)


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


class RequestOut(ProvisionalDue):
    due_fields = ("ack_due", "answer_due")
    id: int
    number: str | None
    title: str
    status: str
    category: str
    sender: str
    sent_at: dt.datetime | None
    recipients: list[RecipientOut]
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


# The body of POST /requests/{id}/{action}; named for its noun: OpenAPI component names are global.
class RequestActionIn(Schema):
    text: Text = Field("", max_length=20000)
    recipient: str | None = Field(
        None, max_length=60, description="recipient organisation code (sender actions)"
    )
    rating: int | None = Field(None, ge=1, le=5)
    assignee: str | None = Field(None, max_length=150, description="username in the recipient organisation")
    to: list[str] = Field([], max_length=20, description="mission codes for forward / handover")
    merge_into: str | None = Field(
        None, max_length=20, description="number of the request this one duplicates"
    )
    partner_contacts: Text = Field("", max_length=5000)
    next_steps: Text = Field("", max_length=5000)


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
