"""The default approval chain for delegations, shipped as `data/approval_chain.csv`. A province gets its own
chain by adding rows with its organisation; rows that exist are left alone, so a reload writes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.text import clean_text
from ngoaivu.delegations.models import ApprovalStepRule

DATA = Path(__file__).resolve().parent / "data"


@transaction.atomic
def load_approval_chain(*, actor: Actor = audit.SYSTEM) -> dict[str, int]:
    created = 0
    with (DATA / "approval_chain.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            lookup = {"owner_org": None, "direction": row["direction"], "order": int(row["order"])}
            if ApprovalStepRule.objects.filter(**lookup).exists():
                continue
            rule = ApprovalStepRule.objects.create(
                **lookup,
                label=clean_text(row["label"]),
                only_if_party_managed=row["only_if_party_managed"] == "1",
                on_paper=row.get("on_paper") == "1",
            )
            audit.record(
                actor=actor, action="approval_step_rule.create", target=rule, after=audit.snapshot(rule)
            )
            created += 1
    return {"approval_steps": created}
