"""Request categories and their SLA policies, shipped as `data/categories.csv`; admins edit them afterwards,
so an existing category is never overwritten by a reload."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.text import clean_text
from ngoaivu.requests.models import Category

DATA = Path(__file__).resolve().parent / "data" / "categories.csv"


@transaction.atomic
def load_categories(*, actor: Actor = audit.SYSTEM) -> dict[str, int]:
    created = 0
    with DATA.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            row = {k: clean_text(v) for k, v in row.items()}
            if Category.objects.filter(code=row["code"]).exists():
                continue
            cat = Category.objects.create(
                code=row["code"],
                name_vi=row["name_vi"],
                name_en=row["name_en"],
                ack_days=int(row["ack_days"]),
                answer_days=int(row["answer_days"]),
                rating_days=int(row["rating_days"]),
                sort_order=i,
            )
            audit.record(actor=actor, action="request_category.create", target=cat, after=audit.snapshot(cat))
            created += 1
    return {"request_categories": created}
