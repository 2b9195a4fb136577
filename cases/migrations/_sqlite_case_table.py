"""SQLite rebuilds a table to add a column that has a default (Django's `_remake_table`), and
the rebuilt table has none of the triggers and raw-SQL indexes the earlier migrations gave it:
the full-text index (0002), the data version and its public-order index (0004), the facet
change log (0008). A migration that adds or alters a column of `cases_case` calls `reinstall`
afterwards (cases/tests/test_migrations.py checks that they are all there).

Not a migration: the loader skips modules whose name starts with an underscore."""

import importlib

TABLE = "cases_case"


def _statements():
    search = importlib.import_module("cases.migrations.0002_search_indexes")
    version = importlib.import_module("cases.migrations.0004_data_version")
    changes = importlib.import_module("cases.migrations.0008_facet_changes")
    yield from (sql for sql in search.SQLITE_FORWARD if f"ON {TABLE} " in sql)
    yield from (sql for sql in version._sqlite_forward() if f"ON {TABLE} " in sql)
    yield from (sql for sql in changes._sqlite_forward() if f"ON {TABLE} " in sql)


def _name(sql: str) -> tuple[str, str]:
    words = sql.split()
    kind = words[1]  # TRIGGER or INDEX
    name = words[5] if words[2:5] == ["IF", "NOT", "EXISTS"] else words[2]
    return kind, name


def reinstall(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in _statements():
        kind, name = _name(sql)
        schema_editor.execute(f"DROP {kind} IF EXISTS {name}")
        schema_editor.execute(sql)
    # The rows were copied into the new table while it had no triggers: index them all again.
    schema_editor.execute("INSERT INTO cases_case_fts(cases_case_fts) VALUES ('rebuild')")
