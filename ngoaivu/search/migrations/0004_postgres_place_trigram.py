"""PostgreSQL only: trigram indexes on the province code columns, so a former province name ("Vĩnh Phúc", which
also matches its successor's records since the merger) is a BitmapOr of index scans, not a scan of every entry."""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS search_entry_provinces_trgm ON search_searchentry USING gin (provinces gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_entry_former_trgm ON search_searchentry USING gin (former_provinces gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS search_entry_provinces_trgm", "DROP INDEX IF EXISTS search_entry_former_trgm"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_newest_index")]
    operations = [migrations.RunPython(forward, backward)]
