from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.consular.models import CaseAction, CaseHandover, CitizenCase
from ngoaivu.core.schemas import IsoDate, Line, Text

CountryCode = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]
Kind = Literal[
    "arrest",
    "accident",
    "death",
    "trafficking",
    "labour",
    "disaster",
    "illness",
    "documents",
    "fraud",
    "other",
]


class CaseCitizenIn(Schema):
    full_name: Line = Field(..., min_length=1, max_length=200)
    birth_date: IsoDate | None = None
    passport_number: Line = Field("", max_length=20)
    phone: Line = Field("", max_length=30)
    address: Line = Field("", max_length=500)
    family_name: Line = Field("", max_length=200)
    family_relation: Line = Field("", max_length=100)
    family_phone: Line = Field("", max_length=30)


class CitizenCaseIn(Schema):
    country: CountryCode = Field(..., description="ISO alpha-2 của nước xảy ra vụ việc")
    province: Line = Field(
        ...,
        min_length=1,
        max_length=100,
        description="tỉnh quê quán như khi tiếp nhận (vd. Vĩnh Phúc) hoặc mã hiện hành",
    )
    kind: Kind
    received_on: IsoDate
    incident_on: IsoDate | None = None
    summary: Text = Field(..., min_length=1, max_length=5000, description="không ghi họ tên công dân")
    outcome: Text = Field("", max_length=5000)
    citizens: list[CaseCitizenIn] = Field([], max_length=50)


class CitizenCasePatch(Schema):
    """Only the fields sent are changed."""

    country: CountryCode | None = None
    province: Line | None = Field(None, min_length=1, max_length=100)
    kind: Kind | None = None
    received_on: IsoDate | None = None
    incident_on: IsoDate | None = None
    summary: Text | None = Field(None, min_length=1, max_length=5000)
    outcome: Text | None = Field(None, max_length=5000)


NULLABLE = frozenset({"incident_on"})


class CaseActionIn(Schema):
    """A workflow action: the day (today by default) and a note (the outcome for resolve)."""

    on: IsoDate | None = None
    note: Text = Field("", max_length=5000)


class HandoverIn(Schema):
    to_org: Line = Field(
        ..., min_length=1, max_length=60, description="mã đơn vị nhận (mofa-lanh-su, tinh-25, cqdd-…)"
    )
    note: Text = Field("", max_length=5000)


class HandoverAcceptIn(Schema):
    handover: int = Field(..., ge=1, le=2**63 - 1)


class CaseLogIn(Schema):
    text: Text = Field(..., min_length=1, max_length=5000)
    done_on: IsoDate | None = None


class CitizenCaseListOut(Schema):
    id: int
    reference: str
    kind: str
    status: str
    country: str = Field(..., description="ISO alpha-2")
    mission: str = Field(..., description="mã cơ quan đại diện xử lý")
    province: str = Field(..., description="mã tỉnh quê quán hiện hành")
    province_as_named: str
    incident_on: dt.date | None
    received_on: dt.date
    notify_due_on: dt.date
    notified_on: dt.date | None
    notify_late: bool
    version: int

    @staticmethod
    def resolve_country(c: CitizenCase) -> str:
        return c.country.iso2

    @staticmethod
    def resolve_mission(c: CitizenCase) -> str:
        return c.mission.code

    @staticmethod
    def resolve_province(c: CitizenCase) -> str:
        return c.province.code

    @staticmethod
    def resolve_notify_late(c: CitizenCase) -> bool:
        from django.utils import timezone

        if c.notified_on is not None:
            return c.notified_on > c.notify_due_on
        return c.status == CitizenCase.Status.RECEIVED and c.notify_due_on < timezone.localdate()


class CaseCitizenOut(Schema):
    id: int
    full_name: str
    birth_date: str
    passport_number: str
    phone: str
    address: str
    family_name: str
    family_relation: str
    family_phone: str
    anonymised: bool


class HandoverOut(Schema):
    id: int
    from_org: str
    to_org: str
    sent_at: dt.datetime
    note: str
    accepted_at: dt.datetime | None
    ended_at: dt.datetime | None = Field(None, description="rút lại hoặc hết hiệu lực lúc")
    end_reason: str = Field("", description="withdrawn | lapsed")

    @staticmethod
    def resolve_from_org(h: CaseHandover) -> str:
        return h.from_org.code

    @staticmethod
    def resolve_to_org(h: CaseHandover) -> str:
        return h.to_org.code


class CaseLogOut(Schema):
    id: int
    organisation: str
    done_on: dt.date
    text: str

    @staticmethod
    def resolve_organisation(a: CaseAction) -> str:
        return a.organisation.code


class CitizenCaseOut(CitizenCaseListOut):
    former_province: str | None
    summary: str
    outcome: str
    province_note: str
    notify_rule: str
    resolved_on: dt.date | None
    closed_on: dt.date | None
    personal_data_purged_on: dt.date | None
    citizens: list[CaseCitizenOut] = Field(..., description="che (masked) trừ khi personal=true và có quyền")
    handovers: list[HandoverOut]
    actions: list[CaseLogOut]

    @staticmethod
    def resolve_former_province(c: CitizenCase) -> str | None:
        return c.former_province.code if c.former_province_id and c.former_province else None

    @staticmethod
    def resolve_citizens(c: CitizenCase) -> list[Any]:
        return list(getattr(c, "citizen_views", []))

    @staticmethod
    def resolve_handovers(c: CitizenCase) -> list[Any]:
        return list(c.handovers.all())

    @staticmethod
    def resolve_actions(c: CitizenCase) -> list[Any]:
        return list(c.actions.all())


class SummaryCountOut(Schema):
    country: str = Field(..., description="ISO alpha-2")
    country_name: str
    counts: dict[str, int] = Field(..., description="loại vụ việc → số vụ việc")
    total: int


class CitizenCaseSummaryOut(Schema):
    rows: list[SummaryCountOut]
    by_kind: dict[str, int]
    total: int
