"""Entities of a published brief, proposed like a document's (ingest.entities): places and countries with the
record they point to; decisions already taken on the same names are kept when the text changes."""

from __future__ import annotations

from ngoaivu.information.models import Brief, BriefEntity


def _target(e: object) -> str:
    kind, norm = getattr(e, "type", ""), getattr(e, "norm", None)
    if kind == "PROVINCE" and isinstance(norm, dict) and norm.get("current_code"):
        return f"province:{norm['current_code']}"
    if kind == "COUNTRY" and isinstance(norm, str) and norm and norm != "VN":
        return f"country:{norm}"
    return ""


def store_entities(brief_id: int) -> int:
    from ngoaivu.ingest import entities as ner

    brief = (
        Brief.objects.system(reason="entities of a published brief")
        .filter(pk=brief_id, deleted_at__isnull=True)
        .exclude(status=Brief.Status.DRAFT)
        .first()
    )
    if brief is None:
        return 0
    text = "\n".join(filter(None, [brief.title, brief.summary, brief.body]))
    found = ner.extract(text, on=brief.published_at.date() if brief.published_at else None)
    decided = {
        (e.type, e.text): (e.status, e.decided_by_id)
        for e in brief.entities.exclude(status=BriefEntity.Status.PROPOSED)
    }
    rows = []
    for e in found:
        status, decided_by = decided.get((e.type, e.text[:300]), (BriefEntity.Status.PROPOSED, None))
        rows.append(
            BriefEntity(
                brief=brief,
                type=e.type,
                text=e.text[:300],
                start=e.start,
                end=e.end,
                norm=e.norm,
                target=_target(e),
                status=status,
                decided_by_id=decided_by,
            )
        )
    brief.entities.all().delete()
    BriefEntity.objects.bulk_create(rows, batch_size=500)
    return len(rows)
