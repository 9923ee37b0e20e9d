"""The entry's places and countries join its `words` on PostgreSQL as tokens: "@p25" for a current province,
"@f26" for a former one, "@cJP" for a country (issue 24). A former province's name ("vinh phuc"), the successor's
newer records, the province and country filters are then GIN lookups of `words`, whose cost follows the matches,
instead of trigram scans of `text`, `provinces` and `former_provinces`, whose recheck grows with the table
(the former-province search: 44 ms at national, 402 ms at ten times the data). The three trigram indexes are
dropped: nothing reads them any more, and the largest (on `text`, 197 MB at national) was most of the index
build's last step. The exact `LIKE` conditions stay as the filter, so the hits are the same on both databases.

The column is recreated with the new expression (PostgreSQL computes it for every entry, no `search rebuild`
needed) and its index rebuilt: 39.5 s in all on the national bench database."""

from django.db import migrations

WORDS = (
    "ALTER TABLE search_searchentry ADD COLUMN words tsvector GENERATED ALWAYS AS ("
    r"array_to_tsvector(array_remove(string_to_array(regexp_replace({source}, '\S{{200,}}', '', 'g'), ' '), ''))"
    ") STORED"
)
OLD_SOURCE = "text || ' ' || readers || ' @k' || kind"
NEW_SOURCE = (
    OLD_SOURCE
    + r" || ' ' || regexp_replace(provinces, '(\S+)', '@p\1', 'g')"
    + r" || ' ' || regexp_replace(former_provinces, '(\S+)', '@f\1', 'g')"
    + r" || ' ' || regexp_replace(countries, '(\S+)', '@c\1', 'g')"
)
TRIGRAM_INDEXES = [
    "CREATE INDEX IF NOT EXISTS search_entry_text_trgm ON search_searchentry USING gin (text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_entry_provinces_trgm ON search_searchentry USING gin (provinces gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_entry_former_trgm ON search_searchentry USING gin (former_provinces gin_trgm_ops)",
]


def _words(source: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS search_entry_words",
        "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS words",
        WORDS.format(source=source),
        "SET LOCAL maintenance_work_mem = '512MB'",
        "CREATE INDEX IF NOT EXISTS search_entry_words ON search_searchentry USING gin (words)",
    ]


FORWARD = [
    "DROP INDEX IF EXISTS search_entry_text_trgm",
    "DROP INDEX IF EXISTS search_entry_provinces_trgm",
    "DROP INDEX IF EXISTS search_entry_former_trgm",
    *_words(NEW_SOURCE),
]
BACKWARD = [*_words(OLD_SOURCE), *TRIGRAM_INDEXES]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_readers")]
    operations = [migrations.RunPython(forward, backward)]
