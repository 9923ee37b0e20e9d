"""Seeds the suggestion score's weights from `partnering/data/suggestion_weights.csv` (existing rows, perhaps
edited in the admin, are kept)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "suggestion_weights.csv"


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    weight = apps.get_model("partnering", "SuggestionWeight")
    with DATA.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            weight.objects.get_or_create(
                key=row["key"],
                defaults={
                    "weight": int(row["weight"]),
                    "label": row["label"],
                    "sort_order": int(row["sort_order"]),
                },
            )


class Migration(migrations.Migration):
    dependencies = [("partnering", "0002_partner_searches")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
