"""Cases whose facet values changed, written by triggers, so that the facet index of a new data
version is patched instead of rebuilt (cases/models/version.py:FacetChange, cases/facet_changes.py).
"""

import importlib

import django.db.models.functions.datetime
from django.db import migrations, models

first = importlib.import_module("cases.migrations.0004_data_version")


# Tables whose rows carry a case, and the SQL giving the case of a row (`r`).
PER_CASE = {
    "cases_case": "r.id",
    "cases_case_mechanisms": "r.case_id",
    "cases_case_reprisal_types": "r.case_id",
    "cases_victim": "r.case_id",
    "cases_mention": "r.case_id",
    "cases_victim_roles": "(SELECT v.case_id FROM cases_victim v WHERE v.id = r.victim_id)",
}
# Tables every case's facet values depend on (years, countries' regions, vocabulary slugs).
EVERY_CASE = ["cases_report", "cases_country", "cases_mechanism", "cases_reprisaltype", "cases_victimrole"]
# A statement touching more cases than this asks for a full rebuild instead (a bulk import).
MANY = 5000
OPS = ("INSERT", "UPDATE", "DELETE")


def _sqlite_forward():
    for table, case in PER_CASE.items():
        for op in OPS:
            rows = {"INSERT": ["NEW"], "UPDATE": ["OLD", "NEW"], "DELETE": ["OLD"]}[op]
            selects = " UNION ".join(f"SELECT {case.replace('r.', f'{row}.')} AS case_id" for row in rows)
            yield (
                f"CREATE TRIGGER {table}_fc_{op.lower()} AFTER {op} ON {table} "
                "BEGIN INSERT INTO cases_facetchange (case_id) "
                f"SELECT case_id FROM ({selects}) WHERE case_id IS NOT NULL; END"
            )
    for table in EVERY_CASE:
        for op in OPS:
            yield (
                f"CREATE TRIGGER {table}_fc_{op.lower()} AFTER {op} ON {table} "
                "BEGIN INSERT INTO cases_facetchange (case_id) VALUES (NULL); END"
            )


def _sqlite_backward():
    for table in [*PER_CASE, *EVERY_CASE]:
        for op in OPS:
            yield f"DROP TRIGGER IF EXISTS {table}_fc_{op.lower()}"


def _postgres_forward():
    # Once per statement, with its rows as transition tables. The names sort after the data
    # version's triggers (`…_dv`): the version row is locked before a log row is written, which
    # keeps log ids in commit order (cases/facet_changes.py).
    for table, case in PER_CASE.items():
        for op in OPS:
            name = f"{table}_fc_{op.lower()}"
            tables = {"INSERT": ["new_rows"], "UPDATE": ["old_rows", "new_rows"], "DELETE": ["old_rows"]}[op]
            selects = " UNION ".join(f"SELECT {case} AS case_id FROM {t} r" for t in tables)
            counts = " + ".join(f"(SELECT count(*) FROM {t})" for t in tables)
            yield f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
                BEGIN
                    IF {counts} > {MANY} THEN
                        INSERT INTO cases_facetchange (case_id) VALUES (NULL);
                    ELSE
                        INSERT INTO cases_facetchange (case_id)
                        SELECT DISTINCT changed.case_id FROM ({selects}) changed
                        WHERE changed.case_id IS NOT NULL;
                    END IF;
                    RETURN NULL;
                END $$ LANGUAGE plpgsql"""
            referencing = " ".join(
                {"old_rows": "OLD TABLE AS old_rows", "new_rows": "NEW TABLE AS new_rows"}[t] for t in tables
            )
            yield (
                f"CREATE TRIGGER {name} AFTER {op} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
    yield """CREATE OR REPLACE FUNCTION cases_facetchange_every_case() RETURNS trigger AS $$
        BEGIN
            INSERT INTO cases_facetchange (case_id) VALUES (NULL);
            RETURN NULL;
        END $$ LANGUAGE plpgsql"""
    for table in [*EVERY_CASE, *PER_CASE]:
        ops = "INSERT OR UPDATE OR DELETE OR TRUNCATE" if table in EVERY_CASE else "TRUNCATE"
        yield (
            f"CREATE TRIGGER {table}_fc_all AFTER {ops} ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION cases_facetchange_every_case()"
        )


def _postgres_backward():
    for table in [*PER_CASE, *EVERY_CASE]:
        yield f"DROP TRIGGER IF EXISTS {table}_fc_all ON {table}"
    for table in PER_CASE:
        for op in OPS:
            yield f"DROP TRIGGER IF EXISTS {table}_fc_{op.lower()} ON {table}"
            yield f"DROP FUNCTION IF EXISTS {table}_fc_{op.lower()}()"
    yield "DROP FUNCTION IF EXISTS cases_facetchange_every_case()"


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0007_consent_from_intake'),
    ]

    operations = [
        migrations.CreateModel(
            name='FacetChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('case_id', models.BigIntegerField(null=True)),
                ('created_at', models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), db_index=True)),
            ],
            options={
                'default_permissions': (),
            },
        ),
        migrations.RunPython(
            first._run({"sqlite": _sqlite_forward, "postgresql": _postgres_forward}),
            first._run({"sqlite": _sqlite_backward, "postgresql": _postgres_backward}),
        ),
    ]
