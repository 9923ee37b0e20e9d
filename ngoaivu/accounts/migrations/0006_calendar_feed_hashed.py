# The personal calendar feed's secret is stored hashed (SHA-256, like API tokens): existing feeds keep
# working (their URL's token hashes to the stored value), then the clear column goes.

import hashlib

from django.db import migrations


def hash_feed_tokens(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for pk, raw in User.objects.filter(calendar_token__isnull=False).values_list("pk", "calendar_token"):
        if raw:
            User.objects.filter(pk=pk).update(calendar_token_hash=hashlib.sha256(raw.encode()).hexdigest())


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_people_access_models"),
    ]

    operations = [
        # backwards: the clear tokens cannot be recovered from their hashes; feeds must be created again
        migrations.RunPython(hash_feed_tokens, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(
            model_name="user",
            name="calendar_token",
        ),
    ]
