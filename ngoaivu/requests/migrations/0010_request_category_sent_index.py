from django.db import migrations, models


class Migration(migrations.Migration):
    """A category's requests newest first, from an index: page 40 of the investment requests walked 14,000
    requests of every category in date order (16-63 ms at national scale; 1.8 ms from this index)."""

    dependencies = [("requests", "0009_market_dossiers")]

    operations = [
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(fields=["category", "-sent_at", "-id"], name="request_category_sent_idx"),
        ),
    ]
