"""PostgreSQL only: each entry's words as a `tsvector` kept by the database itself (a stored generated column),
with a GIN index, so `words @@ 'xuc' & 'tien' & 'tu':*` finds entries holding every word from the index.

Vietnamese words are syllables of two to four letters; a trigram index cannot tell " tu " from the thousands of
other words that share its trigrams, so `text LIKE '% tu %'` rechecked most of the table. The lexemes are the
words of `text` exactly as stored (`array_to_tsvector` applies no parser and no dictionary), so the match means
what `LIKE '% word %'` means on SQLite. Words of 200 characters or more (a pasted key, a base64 blob) are left
out: PostgreSQL refuses lexemes over 2 KB, and nobody searches for them."""

from django.db import migrations

FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS words tsvector GENERATED ALWAYS AS ("
    r"array_to_tsvector(array_remove(string_to_array(regexp_replace(text, '\S{200,}', '', 'g'), ' '), ''))"
    ") STORED",
    "CREATE INDEX IF NOT EXISTS search_entry_words ON search_searchentry USING gin (words)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_words",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS words",
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
    dependencies = [("search", "0004_postgres_place_trigram")]
    operations = [migrations.RunPython(forward, backward)]
