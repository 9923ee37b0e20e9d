"""API shapes of the overseas app: in and out schemas have distinct names. Contact details — personal data —
are masked in every output unless `?personal=1` is asked by someone who may see them (the read is logged)."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.core.schemas import DbId, IsoDate, Line, Text

CountryCode = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]
ProvinceCode = Annotated[str, Field(pattern=r"^[0-9]{2}$")]
Count = Annotated[int, Field(ge=0, le=100_000_000, strict=True)]
Visibility = Literal["shared", "private"]
AssociationKind = Literal["association", "business", "students", "professionals", "religious", "other"]
AssociationStatus = Literal["active", "inactive", "dissolved"]
PersonField = Literal["business", "science", "culture", "education", "medicine", "community", "other"]
ProgrammeKind = Literal["xuan_que_huong", "summer_camp", "business_forum", "homeland_visit", "other"]
ProgrammeStatus = Literal["planned", "held", "cancelled"]
InvestmentStatus = Literal["proposed", "licensed", "operating", "stopped"]
Amount = Annotated[decimal.Decimal, Field(ge=0, lt=10**15, max_digits=17, decimal_places=2)]
Year = Annotated[int, Field(ge=1975, le=2100)]


# --- associations ---------------------------------------------------------------------------------------------


class OverseasAssociationIn(Schema):
    name_vi: Line = Field(..., min_length=1, max_length=300)
    name_original: Line = Field("", max_length=300)
    kind: AssociationKind
    country: CountryCode
    city: Line = Field("", max_length=100)
    mission: Line = Field("", max_length=60, description="mã cơ quan đại diện")
    founded_year: Annotated[int, Field(ge=1800, le=2100)] | None = None
    members: Count | None = None
    fields: Line = Field("", max_length=300)
    status: AssociationStatus = "active"
    leader_name: Line = Field("", max_length=200)
    leader_role: Line = Field("", max_length=200)
    contact_email: Line = Field("", max_length=254, description="dữ liệu cá nhân: cần consent")
    contact_phone: Line = Field("", max_length=30, description="dữ liệu cá nhân: cần consent")
    consent: bool = False
    purpose: Line = Field("", max_length=300)
    note: Text = Field("", max_length=5000)
    visibility: Visibility = "shared"


class OverseasAssociationPatch(Schema):
    """Only the fields sent are changed."""

    name_vi: Line | None = Field(None, min_length=1, max_length=300)
    name_original: Line | None = Field(None, max_length=300)
    kind: AssociationKind | None = None
    country: CountryCode | None = None
    city: Line | None = Field(None, max_length=100)
    mission: Line | None = Field(None, max_length=60)
    founded_year: Annotated[int, Field(ge=1800, le=2100)] | None = None
    members: Count | None = None
    fields: Line | None = Field(None, max_length=300)
    status: AssociationStatus | None = None
    leader_name: Line | None = Field(None, max_length=200)
    leader_role: Line | None = Field(None, max_length=200)
    contact_email: Line | None = Field(None, max_length=254)
    contact_phone: Line | None = Field(None, max_length=30)
    consent: bool | None = None
    purpose: Line | None = Field(None, max_length=300)
    note: Text | None = Field(None, max_length=5000)
    visibility: Visibility | None = None


class OverseasAssociationListOut(Schema):
    id: int
    name_vi: str
    name_original: str
    kind: str
    country: str = Field(..., description="ISO alpha-2")
    city: str
    mission: str | None = Field(..., description="mã cơ quan đại diện")
    founded_year: int | None
    members: int | None
    status: str
    visibility: str
    version: int

    @staticmethod
    def resolve_country(a: Any) -> str:
        return str(a.country.iso2)

    @staticmethod
    def resolve_mission(a: Any) -> str | None:
        return a.mission.code if a.mission_id and a.mission else None


class OverseasContactOut(Schema):
    email: str
    phone: str
    masked: bool


class OverseasAssociationOut(OverseasAssociationListOut):
    fields: str
    leader_name: str
    leader_role: str
    contact: OverseasContactOut
    consent: bool
    purpose: str
    note: str
    owner: str

    @staticmethod
    def resolve_contact(a: Any) -> Any:
        return a.contact_view

    @staticmethod
    def resolve_leader_name(a: Any) -> str:
        return str(a.contact_view.leader)  # initials unless personal=1 for who may (logged)

    @staticmethod
    def resolve_owner(a: Any) -> str:
        return str(a.owner_org.code)


# --- people ---------------------------------------------------------------------------------------------------


class OverseasPersonIn(Schema):
    full_name: Line = Field(..., min_length=1, max_length=200)
    country: CountryCode
    field: PersonField
    organisation: Line = Field("", max_length=300)
    position: Line = Field("", max_length=200)
    associations: list[DbId] = Field([], max_length=100, description="id hội đoàn")
    email: Line = Field("", max_length=254, description="dữ liệu cá nhân: cần consent")
    phone: Line = Field("", max_length=30, description="dữ liệu cá nhân: cần consent")
    consent: bool = False
    purpose: Line = Field("", max_length=300)
    note: Text = Field("", max_length=5000)
    visibility: Visibility = "shared"


class OverseasPersonPatch(Schema):
    full_name: Line | None = Field(None, min_length=1, max_length=200)
    country: CountryCode | None = None
    field: PersonField | None = None
    organisation: Line | None = Field(None, max_length=300)
    position: Line | None = Field(None, max_length=200)
    associations: list[DbId] | None = Field(None, max_length=100)
    email: Line | None = Field(None, max_length=254)
    phone: Line | None = Field(None, max_length=30)
    consent: bool | None = None
    purpose: Line | None = Field(None, max_length=300)
    note: Text | None = Field(None, max_length=5000)
    visibility: Visibility | None = None


class OverseasPersonListOut(Schema):
    id: int
    full_name: str
    country: str
    field: str
    organisation: str
    position: str
    associations: list[int] = Field(..., description="hội đoàn người dùng được xem")
    visibility: str
    version: int

    @staticmethod
    def resolve_country(p: Any) -> str:
        return str(p.country.iso2)

    @staticmethod
    def resolve_associations(p: Any) -> list[int]:
        return [a.pk for a in getattr(p, "visible_associations", [])]


class OverseasPersonOut(OverseasPersonListOut):
    contact: OverseasContactOut
    consent: bool
    purpose: str
    note: str
    owner: str

    @staticmethod
    def resolve_contact(p: Any) -> Any:
        return p.contact_view

    @staticmethod
    def resolve_owner(p: Any) -> str:
        return str(p.owner_org.code)


# --- programmes -----------------------------------------------------------------------------------------------


class OverseasProgrammeIn(Schema):
    title: Line = Field(..., min_length=1, max_length=300)
    kind: ProgrammeKind
    starts_on: IsoDate
    ends_on: IsoDate
    organiser_name: Line = Field("", max_length=300, description="trống = tên đơn vị của người dùng")
    place: Line = Field("", max_length=300)
    provinces: list[ProvinceCode] = Field([], max_length=34)
    countries: list[CountryCode] = Field([], max_length=100)
    associations: list[DbId] = Field([], max_length=100)
    participants: Count | None = None
    outcomes: Text = Field("", max_length=20000)
    status: ProgrammeStatus = "planned"
    visibility: Visibility = "shared"


class OverseasProgrammePatch(Schema):
    title: Line | None = Field(None, min_length=1, max_length=300)
    kind: ProgrammeKind | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    organiser_name: Line | None = Field(None, max_length=300)
    place: Line | None = Field(None, max_length=300)
    provinces: list[ProvinceCode] | None = Field(None, max_length=34)
    countries: list[CountryCode] | None = Field(None, max_length=100)
    associations: list[DbId] | None = Field(None, max_length=100)
    participants: Count | None = None
    outcomes: Text | None = Field(None, max_length=20000)
    status: ProgrammeStatus | None = None
    visibility: Visibility | None = None


class OverseasProgrammeListOut(Schema):
    id: int
    title: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    organiser_name: str
    provinces: list[str]
    countries: list[str]
    participants: int | None
    status: str
    visibility: str
    version: int

    @staticmethod
    def resolve_provinces(g: Any) -> list[str]:
        return [p.code for p in g.provinces.all()]

    @staticmethod
    def resolve_countries(g: Any) -> list[str]:
        return [c.iso2 for c in g.countries.all()]


class OverseasProgrammeOut(OverseasProgrammeListOut):
    associations: list[int]
    outcomes: str
    owner: str

    @staticmethod
    def resolve_associations(g: Any) -> list[int]:
        return [a.pk for a in getattr(g, "visible_associations", [])]

    @staticmethod
    def resolve_owner(g: Any) -> str:
        return str(g.owner_org.code)


# --- investments ----------------------------------------------------------------------------------------------


class OverseasInvestmentIn(Schema):
    title: Line = Field(..., min_length=1, max_length=300)
    sector: Line = Field(..., min_length=1, max_length=200)
    year: Year
    province_as_named: Line = Field(
        "", max_length=100, description="tên tỉnh khi đầu tư; trống = tỉnh của người dùng"
    )
    association: DbId | None = None
    person: DbId | None = None
    investor_name: Line = Field("", max_length=300)
    capital: Amount | None = None
    currency: Line = Field("", max_length=3, description="ISO 4217")
    status: InvestmentStatus = "proposed"
    source: Line = Field("", max_length=300)
    note: Text = Field("", max_length=5000)
    visibility: Visibility = "shared"


class OverseasInvestmentPatch(Schema):
    title: Line | None = Field(None, min_length=1, max_length=300)
    sector: Line | None = Field(None, min_length=1, max_length=200)
    year: Year | None = None
    province_as_named: Line | None = Field(None, max_length=100)
    association: DbId | None = None
    person: DbId | None = None
    investor_name: Line | None = Field(None, max_length=300)
    capital: Amount | None = None
    currency: Line | None = Field(None, max_length=3)
    status: InvestmentStatus | None = None
    source: Line | None = Field(None, max_length=300)
    note: Text | None = Field(None, max_length=5000)
    visibility: Visibility | None = None


class OverseasInvestmentListOut(Schema):
    id: int
    title: str
    year: int
    province: str = Field(..., description="mã tỉnh hiện hành")
    former_province: str | None = Field(..., description="mã tỉnh khi đầu tư (trước 01/07/2025)")
    province_as_named: str
    sector: str
    capital: str | None = Field(..., description="số thập phân dạng chuỗi, theo currency")
    currency: str
    investor_name: str
    status: str
    visibility: str
    version: int

    @staticmethod
    def resolve_province(i: Any) -> str:
        return str(i.province.code)

    @staticmethod
    def resolve_former_province(i: Any) -> str | None:
        return i.former_province.code if i.former_province_id and i.former_province else None

    @staticmethod
    def resolve_capital(i: Any) -> str | None:
        return None if i.capital is None else format(i.capital, "f")


class OverseasInvestmentOut(OverseasInvestmentListOut):
    association: int | None = Field(..., description="hội đoàn đầu tư, nếu người dùng được xem")
    person: int | None = Field(..., description="kiều bào đầu tư, nếu người dùng được xem")
    source: str
    note: str
    owner: str

    @staticmethod
    def resolve_association(i: Any) -> int | None:
        found = getattr(i, "visible_association", None)
        return found.pk if found is not None else None

    @staticmethod
    def resolve_person(i: Any) -> int | None:
        found = getattr(i, "visible_person", None)
        return found.pk if found is not None else None

    @staticmethod
    def resolve_owner(i: Any) -> str:
        return str(i.owner_org.code)


NULLABLE = frozenset({"founded_year", "members", "participants", "capital", "association", "person"})
"""PATCH fields that `null` clears; for the others `null` means "unchanged"."""


def service_fields(payload: dict[str, Any]) -> dict[str, Any]:
    """Schema fields → the service inputs' names and shapes."""
    out = dict(payload)
    for name in ("provinces", "countries"):
        if name in out:
            out[name] = tuple(out[name])
    if "associations" in out:
        out["association_ids"] = tuple(out.pop("associations"))
    if "association" in out:
        out["association_id"] = out.pop("association")
    if "person" in out:
        out["person_id"] = out.pop("person")
    return out
