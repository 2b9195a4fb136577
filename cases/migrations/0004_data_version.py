"""A data version changed by triggers on every table the case list and its counts read (see
cases/models/version.py), and the storage and index changes measured in bench/README.md:

- PostgreSQL keeps the long text columns (summary, search text and vector) out of line, so that
  counts and facet queries over visible cases read a narrow heap (337 MB -> 21 MB at 100,000
  cases);
- an index of public cases in the default list order (newest incident first), so that a
  visitor's first page and export need no sort of every visible row (per database: SQLite has
  no NULLS LAST in an index, and sorts NULL first anyway) (newest incident first) so the first page and the CSV
  export need no sort of every visible row.
"""

import secrets

import django.db.models.deletion
from django.db import migrations, models

import cases.models.text_index

TABLES = [
    "cases_case",
    "cases_case_mechanisms",
    "cases_case_reprisal_types",
    "cases_victim",
    "cases_victim_roles",
    "cases_mention",
    "cases_accessgrant",
    "cases_country",
    "cases_report",
    "cases_mechanism",
    "cases_reprisaltype",
    "cases_victimrole",
]
# The condition the visibility rule gives a visitor (cases/visibility.py): the index serves the
# public list and its exports; other users' queries are planned without it.
PUBLIC = "WHERE visibility = 'public' AND published_at IS NOT NULL"
BUMP_SQLITE = "UPDATE cases_dataversion SET token = random() WHERE id = 1;"


def _sqlite_forward():
    # SQLite sorts NULL first, so DESC already puts cases without a date last.
    yield f"CREATE INDEX IF NOT EXISTS case_public_order_idx ON cases_case (incident_date DESC, title, id) {PUBLIC}"
    for table in TABLES:
        for op in ("INSERT", "UPDATE", "DELETE"):
            yield (
                f"CREATE TRIGGER {table}_dv_{op.lower()} AFTER {op} ON {table} "
                f"BEGIN {BUMP_SQLITE} END"
            )


def _sqlite_backward():
    yield "DROP INDEX IF EXISTS case_public_order_idx"
    for table in TABLES:
        for op in ("insert", "update", "delete"):
            yield f"DROP TRIGGER IF EXISTS {table}_dv_{op}"


def _postgres_forward():
    yield """CREATE OR REPLACE FUNCTION cases_dataversion_bump() RETURNS trigger AS $$
        BEGIN
            UPDATE cases_dataversion SET token = floor(random() * 9.2e18)::bigint WHERE id = 1;
            RETURN NULL;
        END $$ LANGUAGE plpgsql"""
    for table in TABLES:
        # Once per statement, not per row: a bulk import bumps the version once.
        yield (
            f"CREATE TRIGGER {table}_dv AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION cases_dataversion_bump()"
        )
    yield "ALTER TABLE cases_case SET (toast_tuple_target = 128)"
    yield (
        "CREATE INDEX IF NOT EXISTS case_public_order_idx "
        f"ON cases_case (incident_date DESC NULLS LAST, title, id) {PUBLIC}"
    )


def _postgres_backward():
    yield "DROP INDEX IF EXISTS case_public_order_idx"
    yield "ALTER TABLE cases_case RESET (toast_tuple_target)"
    for table in TABLES:
        yield f"DROP TRIGGER IF EXISTS {table}_dv ON {table}"
    yield "DROP FUNCTION IF EXISTS cases_dataversion_bump()"


def _run(by_vendor):
    def run(apps, schema_editor):
        for sql in by_vendor.get(schema_editor.connection.vendor, list)():
            schema_editor.execute(sql)

    return run


def create_row(apps, schema_editor):
    # A random first token too: two fresh databases sharing a cache never share a version.
    model = apps.get_model("cases", "DataVersion")
    model.objects.using(schema_editor.connection.alias).get_or_create(pk=1, defaults={"token": secrets.randbits(62)})


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_unaccented_search_configs")]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.BigIntegerField(default=0)),
            ],
            options={"default_permissions": ()},
        ),
        migrations.CreateModel(
            name="CaseTextIndex",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="text_index",
                        serialize=False,
                        to="cases.case",
                    ),
                ),
                ("document", cases.models.text_index.FtsDocumentField(db_column="cases_case_fts")),
            ],
            options={"db_table": "cases_case_fts", "managed": False, "default_permissions": ()},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": _sqlite_forward, "postgresql": _postgres_forward}),
            _run({"sqlite": _sqlite_backward, "postgresql": _postgres_backward}),
        ),
    ]
