"""Loads the reference data shipped in `data/` (provinces, former provinces, aliases, countries,
missions, the working-day calendar) and the organisations built from it. Idempotent: rows that
already match are left alone, so a second run writes nothing and audits nothing."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.db import models, transaction

from ngoaivu.accounts.models import Organisation, Role
from ngoaivu.accounts.services import organisation_upsert
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.models import CalendarDay
from ngoaivu.core.text import clean_text, fold, search_key, vi_sort_key
from ngoaivu.directory import calendar_data
from ngoaivu.directory.calendar_data import local_days, shipped_days
from ngoaivu.directory.ftas import load_fta_reference
from ngoaivu.directory.models import Accreditation, Country, FormerProvince, Mission, Province, ProvinceAlias

DATA_DIR = Path(__file__).resolve().parent / "data"
MERGER_DATE = dt.date(2025, 7, 1)
MOFA_CODE = "mofa"
CONSULAR_UNIT_CODE = "mofa-lanh-su"
OVERSEAS_VIETNAMESE_UNIT_CODE = "mofa-nvnonn"
BORDER_UNIT_CODE = "mofa-bien-gioi"
MOFA_UNITS = [
    # other units of the ministry that records are routed to (DOMAIN §2); citizen cases are read by the consular one
    (CONSULAR_UNIT_CODE, "Cục Lãnh sự, Bộ Ngoại giao", "Consular Department, Ministry of Foreign Affairs"),
    (
        OVERSEAS_VIETNAMESE_UNIT_CODE,
        "Ủy ban Nhà nước về người Việt Nam ở nước ngoài, Bộ Ngoại giao",
        "State Committee for Overseas Vietnamese Affairs, Ministry of Foreign Affairs",
    ),
    (
        BORDER_UNIT_CODE,
        "Ủy ban Biên giới quốc gia, Bộ Ngoại giao",
        "National Boundary Commission, Ministry of Foreign Affairs",
    ),
]
ROLES = [
    (Role.VIEWER, "Xem", "Viewer"),
    (Role.OFFICER, "Chuyên viên", "Officer"),
    (Role.HEAD, "Lãnh đạo (phê duyệt)", "Head (approver)"),
    (Role.ORG_ADMIN, "Quản trị đơn vị", "Organisation admin"),
]


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return [{k: clean_text(v) for k, v in row.items()} for row in csv.DictReader(fh)]


def _upsert(
    model: type[models.Model], actor: Actor, lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[Any, int]:
    """Create or update one reference row; returns (row, 1 if written else 0)."""
    obj, outcome = audit.upsert(model._default_manager, actor=actor, lookup=lookup, values=values)
    return obj, int(outcome != "unchanged")


@transaction.atomic
def load_reference_data(*, actor: Actor = audit.SYSTEM) -> dict[str, int]:
    written: dict[str, int] = {}

    def count(key: str, n: int) -> None:
        written[key] = written.get(key, 0) + n

    for code, name_vi, name_en in ROLES:
        role, created = Role.objects.get_or_create(
            code=code, defaults={"name_vi": name_vi, "name_en": name_en}
        )
        if created:
            audit.record(actor=actor, action="role.create", target=role, after=audit.snapshot(role))
        count("roles", int(created))

    provinces: dict[str, Province] = {}
    for row in read_csv("provinces.csv"):
        full = ("Thành phố " if row["kind"] == "thanh_pho" else "Tỉnh ") + row["name"]
        obj, n = _upsert(
            Province,
            actor,
            {"code": row["code"]},
            {
                "name": row["name"],
                "name_en": row["name_en"],
                "kind": row["kind"],
                "valid_from": MERGER_DATE,
                "search_text": search_key(full, row["name_en"], row["code"]),
                "sort_key": vi_sort_key(row["name"]),
            },
        )
        provinces[row["code"]] = obj
        count("provinces", n)

    formers: dict[str, FormerProvince] = {}
    for row in read_csv("former_provinces.csv"):
        obj, n = _upsert(
            FormerProvince,
            actor,
            {"code": row["code"]},
            {
                "name": row["name"],
                "kind": row["kind"],
                "successor": provinces[row["successor_code"]],
                "valid_to": MERGER_DATE - dt.timedelta(days=1),
                "search_text": search_key(row["name"], row["code"]),
                "sort_key": vi_sort_key(row["name"]),
            },
        )
        formers[row["code"]] = obj
        count("former_provinces", n)

    for row in read_csv("province_aliases.csv"):
        key = fold(row["alias"])
        target: dict[str, Any] = (
            {"former": formers[row["code"]], "current": None}
            if row["era"] == "former"
            else {"former": None, "current": provinces[row["code"]]}
        )
        _obj, created = ProvinceAlias.objects.get_or_create(
            alias_key=key, defaults={"alias": row["alias"], **target}
        )
        count("province_aliases", int(created))

    countries: dict[str, Country] = {}
    for row in read_csv("countries.csv"):
        obj, n = _upsert(
            Country,
            actor,
            {"iso2": row["iso2"]},
            {
                "iso3": row["iso3"],
                "numeric": row["numeric"],
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "is_territory": row["is_territory"] == "1",
                "source": row["source"],
                "search_text": search_key(
                    row["name_vi"], row["name_en"], row["iso2"], row["iso3"], row["aliases"]
                ),
                "sort_key": vi_sort_key(row["name_vi"]),
            },
        )
        countries[row["iso2"]] = obj
        count("countries", n)

    _org, created = organisation_upsert(
        actor=actor,
        code=MOFA_CODE,
        defaults={
            "kind": Organisation.Kind.MOFA,
            "name_vi": "Cục Ngoại vụ và Ngoại giao văn hóa, Bộ Ngoại giao",
            "name_en": "Department of External Affairs and Cultural Diplomacy, Ministry of Foreign Affairs",
        },
    )
    count("organisations", int(created))
    for code, name_vi, name_en in MOFA_UNITS:
        _org, created = organisation_upsert(
            actor=actor,
            code=code,
            defaults={"kind": Organisation.Kind.MOFA_UNIT, "name_vi": name_vi, "name_en": name_en},
        )
        count("organisations", int(created))
    for row in read_csv("provinces.csv"):
        body = Organisation.BodyType(row["body_type"])
        prefix = "Sở Ngoại vụ" if body == Organisation.BodyType.SO_NGOAI_VU else "Văn phòng UBND"
        place = provinces[row["code"]].full_name
        _org, created = organisation_upsert(
            actor=actor,
            code=f"tinh-{row['code']}",
            defaults={
                "kind": Organisation.Kind.PROVINCE,
                "province_code": row["code"],
                "body_type": body,
                "name_vi": f"{prefix} {place}",
                "name_en": f"{'Department of Foreign Affairs' if prefix == 'Sở Ngoại vụ' else 'Office of the People’s Committee'}, {row['name_en']}",
            },
        )
        count("organisations", int(created))

    for row in read_csv("missions.csv"):
        org, created = organisation_upsert(
            actor=actor,
            code=row["code"],
            defaults={
                "kind": Organisation.Kind.MISSION,
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
            },
        )
        count("organisations", int(created))
        mission, n = _upsert(
            Mission,
            actor,
            {"code": row["code"]},
            {
                "organisation": org,
                "kind": row["kind"],
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "city": row["city_en"],
                "city_vi": row["city"],
                "country": countries[row["country"]],
                "source": row["source"],
                "search_text": search_key(
                    row["name_vi"], row["name_en"], row["city"], row["city_en"], row["code"]
                ),
                "sort_key": vi_sort_key(row["name_vi"]),
            },
        )
        count("missions", n)
        wanted = {row["country"]: Accreditation.Kind.RESIDENT} if row["kind"] != "permanent_mission" else {}
        wanted.update({c: Accreditation.Kind.CONCURRENT for c in row["covers"].split()})
        for iso2, kind in wanted.items():
            acc, created = Accreditation.objects.get_or_create(
                mission=mission, country=countries[iso2], defaults={"kind": kind}
            )
            if created:
                audit.record(
                    actor=actor, action="accreditation.create", target=acc, after=audit.snapshot(acc)
                )
            count("accreditations", int(created))

    count("calendar_days", load_calendar(actor=actor))
    # FTAs last: their members are the countries above
    for key, n in load_fta_reference(actor=actor).items():
        count(key, n)
    return written


def load_calendar(*, actor: Actor) -> int:
    """The working-day calendar from the `holidays` package and the local file (directory.calendar_data).
    A row an administrator added or edited (`seeded` False) is kept as it is; a seeded row follows the shipped
    data, and one no longer shipped (a correction) is removed. Returns the rows written."""
    shipped = shipped_days(local_days(read_csv(calendar_data.LOCAL_FILE)))
    rows = CalendarDay.objects.filter(models.Q(date__in=list(shipped)) | models.Q(seeded=True))
    existing = {d.date: d for d in rows}
    written = 0
    for day, row in shipped.items():
        obj = existing.get(day)
        if obj is not None and not obj.seeded:
            continue
        _obj, n = _upsert(
            CalendarDay,
            actor,
            {"date": day},
            {"kind": row.kind, "name": row.name, "source": row.source, "seeded": True},
        )
        written += n
    for day, obj in existing.items():
        if obj.seeded and day not in shipped:
            audit.record(actor=actor, action="calendarday.delete", target=obj, before=audit.snapshot(obj))
            obj.delete()
            written += 1
    return written
