from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field, HttpUrl

from ngoaivu.core.schemas import Line, Text


class FormerRef(Schema):
    code: str
    name: str


class ProvinceOut(Schema):
    code: str
    name: str
    name_en: str
    kind: str
    predecessors: list[FormerRef]


class FormerProvinceOut(Schema):
    code: str
    name: str
    kind: str
    successor_code: str = Field(..., alias="successor.code")
    successor_name: str = Field(..., alias="successor.name")


class CountryOut(Schema):
    iso2: str
    iso3: str
    numeric: str
    name_vi: str
    name_en: str
    is_territory: bool


class AccreditationOut(Schema):
    country: str = Field(..., alias="country.iso2")
    kind: str


class MissionOut(Schema):
    code: str
    kind: str
    name_vi: str
    name_en: str
    city: str
    country: str = Field(..., alias="country.iso2")
    accreditations: list[AccreditationOut]


class OrganisationOut(Schema):
    code: str
    kind: str
    name_vi: str
    name_en: str
    province_code: str
    body_type: str


class PartnerOut(Schema):
    id: int
    kind: str
    name: str
    name_vi: str
    abbreviation: str
    country: str = Field(..., alias="country.iso2")
    sector: str
    website: str
    address: str
    description: str
    visibility: str
    owner: str = Field(..., alias="owner_org.code")
    version: int
    updated_at: dt.datetime


PartnerKind = Literal["locality", "company", "ngo", "international_org", "agency", "other"]
Visibility = Literal["shared", "private"]


class PartnerIn(Schema):
    kind: PartnerKind
    name: Line = Field(..., min_length=1, max_length=300)
    name_vi: Line = Field("", max_length=300)
    abbreviation: Line = Field("", max_length=50)
    country: str = Field(..., pattern=r"^[A-Za-z]{2}$", description="ISO alpha-2")
    sector: Line = Field("", max_length=200)
    website: HttpUrl | None = None
    address: Line = Field("", max_length=500)
    description: Text = Field("", max_length=10000)
    visibility: Visibility = "shared"


class PartnerPatch(Schema):
    kind: PartnerKind | None = None
    name: Line | None = Field(None, min_length=1, max_length=300)
    name_vi: Line | None = Field(None, max_length=300)
    abbreviation: Line | None = Field(None, max_length=50)
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$")
    sector: Line | None = Field(None, max_length=200)
    website: HttpUrl | None = None
    address: Line | None = Field(None, max_length=500)
    description: Text | None = Field(None, max_length=10000)
    visibility: Visibility | None = None


class PartnerCreated(Schema):
    partner: PartnerOut
    possible_duplicates: list[PartnerOut]


class ContactOut(Schema):
    id: int
    family_name: str
    given_name: str
    title: str
    languages: str
    email: str
    phone: str
    consent: bool
    purpose: str
    owner: str = Field(..., alias="owner_org.code")


class ContactIn(Schema):
    family_name: Line = Field(..., min_length=1, max_length=100)
    given_name: Line = Field(..., min_length=1, max_length=100)
    title: Line = Field("", max_length=200)
    languages: Line = Field("", max_length=200)
    email: Line = Field("", max_length=254)
    phone: Line = Field("", max_length=50)
    consent: bool = False
    purpose: Line = Field("", max_length=300)


class AddDaysOut(Schema):
    start: dt.date
    days: int
    calendar_days: bool
    result: dt.date
    provisional: bool = Field(
        False,
        description="the period reaches a year without holidays in the calendar: weekdays only (tạm tính)",
    )
