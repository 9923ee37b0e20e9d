from django.db import migrations, models


class Migration(migrations.Migration):
    """The briefs' default order (newest published first) read from an index: a page of 25 no longer sorts
    every brief the reader sees (18,000 at national scale)."""

    dependencies = [("information", "0002_review_fixes")]

    operations = [
        migrations.AddIndex(
            model_name="brief",
            index=models.Index(fields=["-published_at", "-id"], name="brief_published_idx"),
        ),
    ]
