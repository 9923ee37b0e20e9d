"""PostgreSQL only: the newest entries of a kind in exactly the order searches read them (NULLS LAST included,
which SQLite cannot index), so "the newest 4,000 entries of documents" is an index walk, not a sort."""

from django.db import migrations

FORWARD = (
    'CREATE INDEX IF NOT EXISTS search_entry_kind_newest ON search_searchentry '
    '(kind, "on" DESC NULLS LAST, object_id DESC)'
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_kind_newest")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_trigram")]
    operations = [migrations.RunPython(forward, backward)]
