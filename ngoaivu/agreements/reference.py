"""Agreement kinds, fields of cooperation and deadline rules, shipped as CSV files in `data/`. Rows that exist
are left alone (administrators edit them afterwards); a reload writes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import models, transaction

from ngoaivu.agreements.models import AgreementKind, CooperationField, DeadlineRule
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.text import clean_text

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return [{k: clean_text(v) for k, v in row.items()} for row in csv.DictReader(fh)]


def _create_missing(
    model: type[models.Model], lookup: dict[str, object], values: dict[str, object], actor: Actor
) -> int:
    if model._default_manager.filter(**lookup).exists():
        return 0
    obj = model(**lookup, **values)
    obj.full_clean()
    obj.save()
    audit.record(
        actor=actor, action=f"{model._meta.model_name}.create", target=obj, after=audit.snapshot(obj)
    )
    return 1


@transaction.atomic
def load_agreement_reference(*, actor: Actor = audit.SYSTEM) -> dict[str, int]:
    counts = {"agreement_kinds": 0, "cooperation_fields": 0, "deadline_rules": 0}
    for i, row in enumerate(_rows("kinds.csv")):
        counts["agreement_kinds"] += _create_missing(
            AgreementKind,
            {"code": row["code"]},
            {
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "legal_basis": row["legal_basis"],
                "needs_consultation": row["needs_consultation"] == "1",
                "needs_pm_report": row["needs_pm_report"] == "1",
                "sort_order": i,
            },
            actor,
        )
    for i, row in enumerate(_rows("fields.csv")):
        counts["cooperation_fields"] += _create_missing(
            CooperationField,
            {"code": row["code"]},
            {"name_vi": row["name_vi"], "name_en": row["name_en"], "sort_order": i},
            actor,
        )
    for row in _rows("rules.csv"):
        counts["deadline_rules"] += _create_missing(
            DeadlineRule,
            {"key": row["key"], "province_code": ""},
            {
                "days": int(row["days"]),
                "unit": row["unit"],
                "reminder_days": row["reminder_days"],
                "source": row["source"],
                "status": row["status"],
            },
            actor,
        )
    return counts
