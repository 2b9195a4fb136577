"""Report paragraphs change the data version too: a case's representation shows the section,
number and address of the paragraphs it comes from, and the API caches representations per
data version (api/representations.py). The triggers are those of 0004 on one more table."""

import importlib

from django.db import migrations

first = importlib.import_module("cases.migrations.0004_data_version")
TABLE = "cases_paragraph"


def _sqlite_forward():
    for op in ("INSERT", "UPDATE", "DELETE"):
        yield f"CREATE TRIGGER {TABLE}_dv_{op.lower()} AFTER {op} ON {TABLE} BEGIN {first.BUMP_SQLITE} END"


def _sqlite_backward():
    for op in ("insert", "update", "delete"):
        yield f"DROP TRIGGER IF EXISTS {TABLE}_dv_{op}"


def _postgres_forward():
    yield (
        f"CREATE TRIGGER {TABLE}_dv AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION cases_dataversion_bump()"
    )


def _postgres_backward():
    yield f"DROP TRIGGER IF EXISTS {TABLE}_dv ON {TABLE}"


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_data_version")]

    operations = [
        migrations.RunPython(
            first._run({"sqlite": _sqlite_forward, "postgresql": _postgres_forward}),
            first._run({"sqlite": _sqlite_backward, "postgresql": _postgres_backward}),
        ),
    ]
