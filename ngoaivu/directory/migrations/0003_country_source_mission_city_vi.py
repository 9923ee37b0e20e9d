from django.db import migrations, models

from ngoaivu.core.text import vi_sort_key


def resort(apps, schema_editor):
    """Sort keys written before f, j, w, z had their Latin places (Fukuoka after Zhejiang) are computed
    again for partners and contacts; reference rows get theirs from the next `ngoaivu setup`."""
    Partner = apps.get_model("directory", "Partner")
    Contact = apps.get_model("directory", "Contact")
    for p in Partner.objects.only("pk", "name", "name_vi", "sort_key").iterator():
        key = vi_sort_key(p.name_vi or p.name)
        if key != p.sort_key:
            Partner.objects.filter(pk=p.pk).update(sort_key=key)
    for c in Contact.objects.only("pk", "family_name", "given_name", "sort_key").iterator():
        key = vi_sort_key(f"{c.given_name} {c.family_name}")
        if key != c.sort_key:
            Contact.objects.filter(pk=c.pk).update(sort_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_updated_at_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="country",
            name="source",
            field=models.CharField(blank=True, max_length=300, verbose_name="Nguồn tên gọi"),
        ),
        migrations.AddField(
            model_name="mission",
            name="city_vi",
            field=models.CharField(blank=True, max_length=100, verbose_name="Thành phố"),
        ),
        migrations.AlterField(
            model_name="mission",
            name="city",
            field=models.CharField(max_length=100, verbose_name="Thành phố (tiếng Anh)"),
        ),
        migrations.RunPython(resort, migrations.RunPython.noop),
    ]
