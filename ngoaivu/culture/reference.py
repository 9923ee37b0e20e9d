"""Reference data of the culture app (issue 21): the kinds of UNESCO title, with UNESCO's yearly submission
deadline per kind, and the stages of a dossier (`data/kinds.csv`, `data/stages.csv`). Kept in line with the
data files by `ngoaivu setup`: missing rows are added, existing ones left to the administrators; a reload writes
nothing."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.text import clean_text
from ngoaivu.culture.models import Stage, TitleKind

DATA = Path(__file__).resolve().parent / "data"


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return [{k: clean_text(v) for k, v in row.items()} for row in csv.DictReader(fh)]


def _number(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


@transaction.atomic
def load_culture_reference(*, actor: Actor = audit.SYSTEM) -> dict[str, int]:
    counts = {"unesco_title_kinds": 0, "unesco_stages": 0}
    known = set(TitleKind.objects.values_list("code", flat=True))
    for row in rows("kinds.csv"):
        if row["code"] in known:
            continue
        kind = TitleKind(
            code=row["code"],
            category=row["category"],
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            deadline_day=_number(row["deadline_day"]),
            deadline_month=_number(row["deadline_month"]),
            sort_order=int(row["sort_order"]),
            source=row["source"],
        )
        kind.full_clean()
        kind.save()
        audit.record(actor=actor, action="title_kind.create", target=kind, after=audit.snapshot(kind))
        counts["unesco_title_kinds"] += 1
    known = set(Stage.objects.values_list("code", flat=True))
    for row in rows("stages.csv"):
        if row["code"] in known:
            continue
        stage = Stage(
            code=row["code"],
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            sort_order=int(row["sort_order"]),
            kind=row["kind"],
            ministry_only=row["ministry_only"] == "1",
            source=row["source"],
        )
        stage.full_clean()
        stage.save()
        audit.record(actor=actor, action="culture_stage.create", target=stage, after=audit.snapshot(stage))
        counts["unesco_stages"] += 1
    return counts
