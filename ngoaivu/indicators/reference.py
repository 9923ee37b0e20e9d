"""The indicator catalogue, shipped as the reviewed file `data/catalogue.csv`. The file is the source of
truth: a reload creates missing rows and brings changed rows in line with the file (audited), so a reviewed
change to a definition reaches every installation with `ngoaivu setup`."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.text import clean_text
from ngoaivu.indicators.models import Indicator

DATA = Path(__file__).resolve().parent / "data"
FIELDS = (
    "group",
    "name_vi",
    "name_en",
    "unit",
    "frequency",
    "aggregation",
    "source",
    "definition_vi",
    "definition_en",
    "by_market",
    "computed",
    "computed_by",
)


def catalogue_rows() -> list[dict[str, str]]:
    with (DATA / "catalogue.csv").open(encoding="utf-8", newline="") as fh:
        return [{k: clean_text(v or "") for k, v in row.items()} for row in csv.DictReader(fh)]


def _values(row: dict[str, str], order: int) -> dict[str, object]:
    values: dict[str, object] = {f: row[f] for f in FIELDS}
    values["by_market"] = row["by_market"] == "1"
    values["sort_order"] = order
    return values


@transaction.atomic
def load_indicator_reference(*, actor: Actor = audit.SYSTEM) -> dict[str, int]:
    counts = {"indicators_created": 0, "indicators_updated": 0}
    for order, row in enumerate(catalogue_rows()):
        values = _values(row, order)
        current = Indicator.objects.filter(code=row["code"]).first()
        if current is None:
            obj = Indicator(code=row["code"], **values)
            obj.full_clean()
            obj.save()
            audit.record(actor=actor, action="indicator.create", target=obj, after=audit.snapshot(obj))
            counts["indicators_created"] += 1
            continue
        if all(getattr(current, k) == v for k, v in values.items()):
            continue
        before = audit.snapshot(current)
        for k, v in values.items():
            setattr(current, k, v)
        current.full_clean()
        current.save()
        audit.record(
            actor=actor,
            action="indicator.update",
            target=current,
            before=before,
            after=audit.snapshot(current),
        )
        counts["indicators_updated"] += 1
    return counts
