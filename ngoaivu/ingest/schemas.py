from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from ngoaivu.accounts.web import api_user
from ngoaivu.core.schemas import DbId, IsoDate, Line, Text
from ngoaivu.ingest import selectors
from ngoaivu.ingest.models import Document

Code2 = Field(pattern=r"^\d{2}$")


class DocumentIn(Schema):
    title: Line = Field("", max_length=500, description="Để trống: lấy dòng đầu của văn bản")
    text: Text = Field(..., min_length=1, max_length=5_000_000, description="Nội dung (văn bản thuần)")
    kind: Literal["news", "report", "official", "other"] = "news"
    source: Line = Field("", max_length=500)
    published_on: IsoDate | None = None
    number: Line = Field("", max_length=100)
    issuer: Line = Field("", max_length=300)
    summary: Text = Field("", max_length=5000)
    visibility: Literal["shared", "private"] = "shared"
    provinces: list[str] = Field(default_factory=list, max_length=50)
    countries: list[str] = Field(default_factory=list, max_length=50)
    partners: list[DbId] = Field(default_factory=list, max_length=100)
    agreements: list[DbId] = Field(default_factory=list, max_length=100)
    requests: list[DbId] = Field(default_factory=list, max_length=100)
    delegations: list[DbId] = Field(default_factory=list, max_length=100)


class EntityOut(Schema):
    id: int
    type: str
    text: str
    start: int
    end: int
    norm: Any = None
    target: str
    status: str


class DocumentRow(Schema):
    id: int
    title: str
    kind: str
    source: str
    published_on: dt.date | None
    number: str
    visibility: str
    version: int


class DocumentOut(DocumentRow):
    issuer: str
    summary: str
    text: str
    provinces: list[str]
    countries: list[str]
    partners: list[int]
    agreements: list[int]
    requests: list[int]
    delegations: list[int]
    entities: list[EntityOut]
    versions: int

    # Linked records are listed only when the reader may see them (a shared document can link to a private
    # agreement of its province).
    @staticmethod
    def resolve_provinces(d: Document) -> list[str]:
        return [p.code for p in d.provinces.all()]

    @staticmethod
    def resolve_countries(d: Document) -> list[str]:
        return [c.iso2 for c in d.countries.all()]

    @staticmethod
    def resolve_partners(d: Document, context: dict[str, Any]) -> list[int]:
        return _linked(d, context, "partners")

    @staticmethod
    def resolve_agreements(d: Document, context: dict[str, Any]) -> list[int]:
        return _linked(d, context, "agreements")

    @staticmethod
    def resolve_requests(d: Document, context: dict[str, Any]) -> list[int]:
        return _linked(d, context, "requests")

    @staticmethod
    def resolve_delegations(d: Document, context: dict[str, Any]) -> list[int]:
        return _linked(d, context, "delegations")

    @staticmethod
    def resolve_versions(d: Document) -> int:
        return d.versions.count()


def _linked(d: Document, context: dict[str, Any], name: str) -> list[int]:
    user = api_user(context["request"])
    return list(selectors.linked(user=user, document=d, name=name).values_list("pk", flat=True))


class EntityDecisionIn(Schema):
    confirm: list[DbId] = Field(default_factory=list, max_length=500)
    reject: list[DbId] = Field(default_factory=list, max_length=500)
