"""Market-access stages, shipped as `data/stages.csv`. Rows that exist are left alone (administrators edit them
afterwards); a reload writes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.text import clean_text
from ngoaivu.market_access.models import Stage

DATA = Path(__file__).resolve().parent / "data"


def stage_rows() -> list[dict[str, str]]:
    with (DATA / "stages.csv").open(encoding="utf-8", newline="") as fh:
        return [{k: clean_text(v) for k, v in row.items()} for row in csv.DictReader(fh)]


@transaction.atomic
def load_market_access_reference(*, actor: Actor = audit.SYSTEM) -> dict[str, int]:
    created = 0
    for row in stage_rows():
        if Stage.objects.filter(code=row["code"]).exists():
            continue
        stage = Stage(
            code=row["code"],
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            description=row["description"],
            sort_order=int(row["sort_order"]),
        )
        stage.full_clean()
        stage.save()
        audit.record(actor=actor, action="stage.create", target=stage, after=audit.snapshot(stage))
        created += 1
    return {"market_access_stages": created}
