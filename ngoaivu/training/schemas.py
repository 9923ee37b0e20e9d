from __future__ import annotations

import datetime as dt
import decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.core.schemas import IsoDate, Line, Text
from ngoaivu.training.models import Course, Nomination

OrganiserKind = Literal["ministry", "academy", "province", "other"]
Format = Literal["in_person", "online", "hybrid"]
Visibility = Literal["shared", "private"]
TopicCode = Annotated[str, Field(min_length=1, max_length=40)]


class TrainingCourseIn(Schema):
    title: Line = Field(..., min_length=1, max_length=500)
    organiser_kind: OrganiserKind
    organiser_name: Line = Field("", max_length=300, description="trống: tên theo loại đơn vị tổ chức")
    organiser_org: Line = Field("", max_length=60, description="mã đơn vị tổ chức nếu có trong hệ thống")
    topic: TopicCode = Field(..., description="mã chủ đề (training/data/topics.csv)")
    starts_on: IsoDate
    ends_on: IsoDate
    hours: Annotated[int, Field(ge=1, le=2000, strict=True)] | None = None
    format: Format = "in_person"
    place: Line = Field("", max_length=300)
    capacity: Annotated[int, Field(ge=1, le=100_000, strict=True)] | None = None
    nomination_deadline: IsoDate | None = Field(
        None, description="trống: tính theo quy tắc training_nomination_reminder (lùi về ngày làm việc)"
    )
    description: Text = Field("", max_length=20000)
    visibility: Visibility = "shared"


class TrainingCoursePatch(Schema):
    """Only the fields sent are changed."""

    title: Line | None = Field(None, min_length=1, max_length=500)
    organiser_kind: OrganiserKind | None = None
    organiser_name: Line | None = Field(None, max_length=300)
    organiser_org: Line | None = Field(None, max_length=60)
    topic: TopicCode | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    hours: Annotated[int, Field(ge=1, le=2000, strict=True)] | None = None
    format: Format | None = None
    place: Line | None = Field(None, max_length=300)
    capacity: Annotated[int, Field(ge=1, le=100_000, strict=True)] | None = None
    nomination_deadline: IsoDate | None = None
    description: Text | None = Field(None, max_length=20000)
    visibility: Visibility | None = None


NULLABLE = frozenset({"hours", "capacity", "nomination_deadline"})
"""PATCH fields that `null` clears; for the others `null` means "unchanged"."""


class TrainingCourseListOut(Schema):
    id: int
    title: str
    organiser_kind: str
    organiser_name: str
    owner: str = Field(..., description="mã đơn vị ghi nhận khóa học")
    topic: str
    starts_on: dt.date
    ends_on: dt.date
    hours: int | None
    format: str
    place: str
    capacity: int | None
    nomination_deadline: dt.date | None
    status: str
    visibility: str
    version: int

    @staticmethod
    def resolve_owner(c: Course) -> str:
        return c.owner_org.code

    @staticmethod
    def resolve_topic(c: Course) -> str:
        return c.topic.code


class TrainingQuotaOut(Schema):
    province: str = Field(..., description="mã tỉnh hiện hành")
    places: int


class TrainingNominationOut(Schema):
    id: int
    course: int
    province: str = Field(..., description="mã tỉnh cử")
    trainee: int
    full_name: str
    position: str
    unit: str
    status: str
    decline_reason: str
    result: str
    score: str | None = Field(..., description="số thập phân dạng chuỗi")
    certificate_number: str
    certificate_date: dt.date | None
    version: int

    @staticmethod
    def resolve_course(n: Nomination) -> int:
        return n.course_id

    @staticmethod
    def resolve_province(n: Nomination) -> str:
        return n.province.code

    @staticmethod
    def resolve_trainee(n: Nomination) -> int:
        return n.trainee_id

    @staticmethod
    def resolve_full_name(n: Nomination) -> str:
        return n.trainee.full_name

    @staticmethod
    def resolve_position(n: Nomination) -> str:
        return n.trainee.position

    @staticmethod
    def resolve_unit(n: Nomination) -> str:
        return n.trainee.unit

    @staticmethod
    def resolve_score(n: Nomination) -> str | None:
        return None if n.score is None else format(n.score, "f")


class TrainingCourseOut(TrainingCourseListOut):
    description: str
    deadline_rule: str
    quotas: list[TrainingQuotaOut]
    nominations: list[TrainingNominationOut] = Field(
        ...,
        description="các lượt cử người dùng được xem: đơn vị tổ chức và Bộ thấy tất cả, tỉnh thấy của mình",
    )

    @staticmethod
    def resolve_quotas(c: Course) -> list[dict[str, Any]]:
        return [{"province": q.org.province_code, "places": q.places} for q in c.quotas.all()]

    @staticmethod
    def resolve_nominations(c: Course) -> list[Any]:
        return list(getattr(c, "visible_nominations", []))


class TrainingNominationIn(Schema):
    full_name: Line = Field(..., min_length=1, max_length=200)
    position: Line = Field("", max_length=200)
    unit: Line = Field("", max_length=300)
    email: Line = Field("", max_length=254, description="dữ liệu cá nhân, không trả lại trong API")
    phone: Line = Field("", max_length=30, description="dữ liệu cá nhân, không trả lại trong API")
    note: Line = Field("", max_length=500)


class TrainingNominationActionIn(Schema):
    reason: Line = Field("", max_length=500, description="bắt buộc khi không nhận (decline)")


class TrainingNominationResultIn(Schema):
    result: Literal["passed", "failed"]
    score: Annotated[decimal.Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)] | None = None
    certificate_number: Line = Field("", max_length=60)
    certificate_date: IsoDate | None = None
