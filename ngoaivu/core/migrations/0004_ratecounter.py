from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_worker_beat"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=200, unique=True)),
                ("window_end", models.BigIntegerField()),
                ("hits", models.PositiveIntegerField(default=0)),
            ],
        ),
    ]
