"""Who may read each entry (`readers`, issue 24), so the index scan applies the user's scope. On PostgreSQL the
reader tokens and the entry's kind ("@krequest") join the entry's words in the `words` tsvector: one GIN lookup
answers "these words, of these kinds, readable by one of these tokens", and GIN intersects from the shortest
list, so a province's own records or a small kind are read without walking every match of a common word. The
column is recreated with the new expression and its index rebuilt. Entries written
before this migration have no readers and are found by nobody until `ngoaivu search rebuild` (which
`make bench` and `ngoaivu setup` run) rewrites them."""

from django.db import migrations, models

WORDS = (
    "ALTER TABLE search_searchentry ADD COLUMN words tsvector GENERATED ALWAYS AS ("
    r"array_to_tsvector(array_remove(string_to_array(regexp_replace({source}, '\S{{200,}}', '', 'g'), ' '), ''))"
    ") STORED"
)
FORWARD = [
    "DROP INDEX IF EXISTS search_entry_words",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS words",
    WORDS.format(source="text || ' ' || readers || ' @k' || kind"),
    "CREATE INDEX IF NOT EXISTS search_entry_words ON search_searchentry USING gin (words)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_words",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS words",
    WORDS.format(source="text"),
    "CREATE INDEX IF NOT EXISTS search_entry_words ON search_searchentry USING gin (words)",
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
    dependencies = [("search", "0005_postgres_words")]
    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="readers",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(forward, backward),
    ]
