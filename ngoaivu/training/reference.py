"""Reference data of the training app (issue 21): the topics (`data/topics.csv`), kept in line with the data
file by `ngoaivu setup`."""

from __future__ import annotations

import csv
from pathlib import Path

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor

TOPICS = Path(__file__).parent / "data" / "topics.csv"


def load_training_reference(*, actor: Actor = audit.SYSTEM) -> dict[str, int]:
    from ngoaivu.training.models import Topic

    created = updated = 0
    with TOPICS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            values = {
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "sort_order": int(row["sort_order"]),
            }
            topic, made = Topic.objects.get_or_create(code=row["code"], defaults=values)
            if made:
                created += 1
            elif any(getattr(topic, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(topic, k, v)
                topic.save()
                updated += 1
    return {"training_topics_created": created, "training_topics_updated": updated}
