"""Titles sort again with core.text.vi_sort_key, which now places f, j, w, z in their Latin places (issue 18):
"Hợp tác với Fukuoka…" before "… Zhejiang". Only the rows whose key changes are written."""

from django.db import migrations

from ngoaivu.core.text import vi_sort_key


def resort(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    for a in Agreement.objects.only("pk", "title_vi", "sort_key").iterator():
        key = vi_sort_key(a.title_vi)
        if key != a.sort_key:
            Agreement.objects.filter(pk=a.pk).update(sort_key=key)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0007_consultation_answered_from_paper")]

    operations = [migrations.RunPython(resort, migrations.RunPython.noop)]
