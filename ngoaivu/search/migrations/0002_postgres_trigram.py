"""PostgreSQL only: trigram indexes serve `text LIKE '% word %'` (ARCHITECTURE.md §7); `unaccent` is enabled
so hand-written report SQL can fold alike. SQLite scans the same column and returns the same rows."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE INDEX IF NOT EXISTS search_entry_text_trgm ON search_searchentry USING gin (text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_word_variant_prefix ON search_searchword (variant varchar_pattern_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_word_variant_prefix",
    "DROP INDEX IF EXISTS search_entry_text_trgm",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
