"""Viet Nam's free-trade agreements: the reviewed file `data/ftas.json` and its loader, the list filters, the
selectors and the list's columns. FTAs are reference data: any signed-in user reads them, administrators edit
them in the admin, and the loader brings the shipped rows back in line with the file (a second run writes
nothing and audits nothing)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from ninja import FilterSchema
from pydantic import Field

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.columns import Column, display
from ngoaivu.core.lists import order, reference_id, text_q
from ngoaivu.core.text import clean_text, search_key, vi_sort_key
from ngoaivu.directory.models import Country, FreeTradeAgreement, FtaCommitment

DATA_FILE = Path(__file__).resolve().parent / "data" / "ftas.json"
FTA_SORTS = {
    "short_name": ("short_name",),
    "name": ("sort_key",),
    "in_force": ("in_force_on", "short_name"),
    "signed": ("signed_on", "short_name"),
    "status": ("status", "short_name"),
}


# --- the shipped file and its loader -------------------------------------------------------------------------


def fta_rows() -> list[dict[str, Any]]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        return list(json.load(fh)["agreements"])


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _text(value: Any) -> str:
    return clean_text(value or "")


@transaction.atomic
def load_fta_reference(*, actor: Actor = audit.SYSTEM) -> dict[str, int]:
    """Create or update each shipped FTA, its members and its commitments (by position). Returns the rows
    written."""
    countries = {c.iso2: c for c in Country.objects.all()}
    written = {"ftas": 0, "fta_members": 0, "fta_commitments": 0}
    for row in fta_rows():
        values = {
            "name_vi": _text(row["name_vi"]),
            "name_en": _text(row["name_en"]),
            "status": row["status"],
            "signed_on": _date(row.get("signed_on")),
            "in_force_on": _date(row.get("in_force_on")),
            "summary_vi": _text(row.get("summary_vi")),
            "summary_en": _text(row.get("summary_en")),
            "source": _text(row["source"]),
            "reviewed_on": _date(row.get("reviewed_on")),
            "search_text": search_key(row["short_name"], row["name_vi"], row["name_en"]),
            "sort_key": vi_sort_key(row["name_vi"]),
        }
        fta, outcome = audit.upsert(
            FreeTradeAgreement.objects, actor=actor, lookup={"short_name": row["short_name"]}, values=values
        )
        written["ftas"] += int(outcome != "unchanged")
        missing = [code for code in row["members"] if code not in countries]
        if missing:
            raise ValueError(f"{row['short_name']}: unknown member codes {missing}")
        wanted = {countries[code].pk for code in row["members"]}
        have = set(fta.members.values_list("pk", flat=True))
        if wanted != have:
            fta.members.set(wanted)
            audit.record(
                actor=actor,
                action="freetradeagreement.members",
                target=fta,
                before={"members": sorted(have)},
                after={"members": sorted(wanted)},
            )
            written["fta_members"] += 1
        positions = set()
        for c in row["commitments"]:
            positions.add(c["position"])
            _obj, outcome = audit.upsert(
                FtaCommitment.objects,
                actor=actor,
                lookup={"agreement": fta, "position": c["position"]},
                values={
                    "topic_vi": _text(c["topic_vi"]),
                    "topic_en": _text(c.get("topic_en")),
                    "note_vi": _text(c["note_vi"]),
                    "note_en": _text(c.get("note_en")),
                    "source": _text(c["source"]),
                },
            )
            written["fta_commitments"] += int(outcome != "unchanged")
        for gone in fta.commitments.exclude(position__in=positions):
            audit.record(actor=actor, action="ftacommitment.delete", target=gone, before=audit.snapshot(gone))
            gone.delete()
            written["fta_commitments"] += 1
    return written


# --- list filters, selectors, columns --------------------------------------------------------------------------


class FtaFilters(FilterSchema):
    q: Annotated[str | None, Field(max_length=200, description="Tìm không dấu / diacritic-insensitive")] = (
        None
    )
    status: Annotated[str | None, Field(max_length=12, description="in_force | signed | negotiating")] = None
    country: Annotated[str | None, Field(max_length=2, description="ISO alpha-2 của một thành viên")] = None
    sort: Annotated[str | None, Field(max_length=30)] = None

    def filter_q(self, value: str | None) -> Q:
        return text_q(value)

    def filter_status(self, value: str | None) -> Q:
        return Q(status=value) if value else Q()

    def filter_country(self, value: str | None) -> Q:
        if not value:
            return Q()
        through = FreeTradeAgreement.members.through.objects.filter(
            country_id=reference_id(Country, iso2=value.upper())
        )
        return Q(pk__in=through.values("freetradeagreement_id"))

    def filter_sort(self, value: str | None) -> Q:
        return Q()


def _members() -> Prefetch[Any]:
    return Prefetch("members", queryset=Country.objects.order_by("sort_key").only("pk", "iso2", "name_vi"))


def fta_list(*, filters: FtaFilters) -> QuerySet[FreeTradeAgreement]:
    qs = filters.filter(FreeTradeAgreement.objects.all()).prefetch_related(_members())
    return order(qs, filters.sort, FTA_SORTS, "in_force")


def fta_get(*, key: str | int) -> FreeTradeAgreement | None:
    """By id or short name (case-insensitive)."""
    qs = FreeTradeAgreement.objects.prefetch_related(
        _members(), Prefetch("commitments", queryset=FtaCommitment.objects.order_by("position", "pk"))
    )
    text = str(key).strip()
    if text.isdigit():
        return qs.filter(pk=int(text)).first()
    return qs.filter(short_name__iexact=text).first()


def ftas_with(country: Country) -> list[FreeTradeAgreement]:
    """The FTAs Viet Nam shares with `country` (for Viet Nam itself: all of them)."""
    return list(country.free_trade_agreements.order_by("in_force_on", "short_name", "pk"))


def fta_choices() -> list[tuple[int, str]]:
    return [
        (f.pk, f"{f.short_name} — {f.name_vi}") for f in FreeTradeAgreement.objects.order_by("short_name")
    ]


def _members_text(f: FreeTradeAgreement) -> str:
    return ", ".join(c.name_vi for c in f.members.all() if c.iso2 != "VN")


FTA_COLUMNS = [
    Column(
        "short_name",
        _("Tên viết tắt"),
        lambda f: f.short_name,
        sort="short_name",
        link=lambda f: f"/directory/ftas/{f.pk}/",
    ),
    Column("name", _("Tên hiệp định"), lambda f: f.name_vi, sort="name"),
    Column("status", _("Tình trạng"), lambda f: display(f, "status"), sort="status"),
    Column("signed", _("Ngày ký"), lambda f: f.signed_on, sort="signed"),
    Column("in_force", _("Ngày có hiệu lực với Việt Nam"), lambda f: f.in_force_on, sort="in_force"),
    Column("members", _("Đối tác"), _members_text),
    Column("reviewed", _("Ngày rà soát"), lambda f: f.reviewed_on),
]
