"""Keep the database's query planner informed about the data.

SQLite has no automatic statistics: without them it reads "public and published" through its
index as if that were selective, probes the full-text table once per visible case (2 s instead
of 70 ms for a common word at 100,000 cases) and sorts every visible row for the first page
instead of reading the ordered index (bench/README.md). ANALYZE takes under a second at that
size (a sampled one, `analysis_limit`, is faster but misjudged the visibility index), so it runs
after migrations, after bulk loads and imports, and from `manage.py refresh_statistics`
(schedule it, e.g. daily).
PostgreSQL's autovacuum keeps its statistics itself; there this runs a plain ANALYZE of the
case tables, which is cheap and makes a fresh bulk load fast at once.
"""

from django.db import connections

CASE_TABLES = (
    "cases_case",
    "cases_victim",
    "cases_victim_roles",
    "cases_mention",
    "cases_case_mechanisms",
    "cases_case_reprisal_types",
)


def refresh_statistics(using: str = "default") -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(CASE_TABLES))


def after_migrate(sender, using="default", **kwargs) -> None:
    refresh_statistics(using)
