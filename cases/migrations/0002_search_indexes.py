"""Database-specific full-text indexes: an FTS5 table kept in sync by triggers on SQLite, a GIN
index on the weighted tsvector on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE cases_case_fts USING fts5(
        title, search_names, search_text,
        content='cases_case', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER cases_case_fts_ai AFTER INSERT ON cases_case BEGIN
        INSERT INTO cases_case_fts(rowid, title, search_names, search_text)
        VALUES (new.id, new.title, new.search_names, new.search_text);
    END""",
    """CREATE TRIGGER cases_case_fts_ad AFTER DELETE ON cases_case BEGIN
        INSERT INTO cases_case_fts(cases_case_fts, rowid, title, search_names, search_text)
        VALUES ('delete', old.id, old.title, old.search_names, old.search_text);
    END""",
    """CREATE TRIGGER cases_case_fts_au AFTER UPDATE OF title, search_names, search_text ON cases_case BEGIN
        INSERT INTO cases_case_fts(cases_case_fts, rowid, title, search_names, search_text)
        VALUES ('delete', old.id, old.title, old.search_names, old.search_text);
        INSERT INTO cases_case_fts(rowid, title, search_names, search_text)
        VALUES (new.id, new.title, new.search_names, new.search_text);
    END""",
    "INSERT INTO cases_case_fts(cases_case_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS cases_case_fts_au",
    "DROP TRIGGER IF EXISTS cases_case_fts_ad",
    "DROP TRIGGER IF EXISTS cases_case_fts_ai",
    "DROP TABLE IF EXISTS cases_case_fts",
]
POSTGRES_FORWARD = ["CREATE INDEX IF NOT EXISTS cases_case_search_gin ON cases_case USING gin (search_vector)"]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS cases_case_search_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
