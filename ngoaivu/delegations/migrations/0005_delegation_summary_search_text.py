# Issue 16: what another province may search a shared delegation by (its summary only).

from django.db import migrations, models


def fill_summary_search_text(apps, schema_editor):
    from ngoaivu.core.text import search_key

    Delegation = apps.get_model("delegations", "Delegation")
    rows = Delegation.objects.select_related("province").prefetch_related("countries").order_by("pk")
    batch = []
    for d in rows.iterator(chunk_size=2000):
        countries = list(d.countries.all())
        d.summary_search_text = search_key(
            d.title,
            d.head_name,
            d.province.name if d.province_id else "",
            *(c.name_vi for c in countries),
            *(c.name_en for c in countries),
        )
        batch.append(d)
        if len(batch) >= 2000:
            Delegation.objects.bulk_update(batch, ["summary_search_text"])
            batch = []
    if batch:
        Delegation.objects.bulk_update(batch, ["summary_search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0004_four_eyes_paper_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="delegation",
            name="summary_search_text",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(fill_summary_search_text, migrations.RunPython.noop),
    ]
