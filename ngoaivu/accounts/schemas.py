from __future__ import annotations

from ninja import Schema
from pydantic import Field

from ngoaivu.core.schemas import Line


class TokenIn(Schema):
    username: Line = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=256)


class TokenOut(Schema):
    token: str
    expires_at: str


class OrganisationRef(Schema):
    code: str
    kind: str
    name: str


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    organisation: OrganisationRef | None
    organisation_code: str | None
    roles: list[str]
    is_site_admin: bool
    language: str
    ical_url: str = Field(..., description="lịch cá nhân (iCalendar) để đăng ký trong Outlook / điện thoại")
