"""Kinds of brief, HS chapters and the socio-economic regions, shipped in `data/` (sources in data/SOURCES.md).
Rows that exist are left alone (administrators edit them afterwards); a reload writes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.text import clean_text
from ngoaivu.directory.models import Province
from ngoaivu.information.models import BriefKind, HsChapter, Region

DATA = Path(__file__).resolve().parent / "data"


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return [{k: clean_text(v or "") for k, v in row.items()} for row in csv.DictReader(fh)]


@transaction.atomic
def load_information_reference(*, actor: Actor = audit.SYSTEM) -> dict[str, int]:
    counts = {"brief_kinds": 0, "hs_chapters": 0, "regions": 0}
    for row in rows("kinds.csv"):
        if BriefKind.objects.filter(code=row["code"]).exists():
            continue
        kind = BriefKind(
            code=row["code"],
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            sort_order=int(row["sort_order"]),
        )
        kind.full_clean()
        kind.save()
        audit.record(actor=actor, action="brief_kind.create", target=kind, after=audit.snapshot(kind))
        counts["brief_kinds"] += 1
    existing = set(HsChapter.objects.values_list("code", flat=True))
    chapters = [
        HsChapter(code=r["code"], name_vi=r["name_vi"], name_en=r["name_en"], sort_order=int(r["code"]))
        for r in rows("hs_chapters.csv")
        if r["code"] not in existing
    ]
    for chapter in chapters:
        chapter.full_clean()
    HsChapter.objects.bulk_create(chapters)
    counts["hs_chapters"] = len(chapters)
    provinces = dict(Province.objects.values_list("code", "pk"))
    for row in rows("regions.csv"):
        if Region.objects.filter(code=row["code"]).exists() or not provinces:
            continue
        region = Region(
            code=row["code"],
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            sort_order=int(row["sort_order"]),
        )
        region.full_clean()
        region.save()
        region.provinces.set([provinces[c] for c in row["provinces"].split() if c in provinces])
        audit.record(actor=actor, action="region.create", target=region, after=audit.snapshot(region))
        counts["regions"] += 1
    return counts
