"""Where the time of one list query goes: every SQL statement the search and the facet counts
issue, timed one by one, slowest first, with the database's plan for the slowest.

    .venv/bin/python bench/explain.py postgres 100000 'q=detention'
    .venv/bin/python bench/explain.py sqlite 100000 'country=CN' --profile   # + pyinstrument

PostgreSQL plans are EXPLAIN (ANALYZE, BUFFERS); SQLite's are EXPLAIN QUERY PLAN.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

common.setup_path()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("backend", choices=common.BACKENDS)
    parser.add_argument("size", type=int)
    parser.add_argument("query", help="the list's URL parameters, e.g. 'q=detention&country=CN'")
    parser.add_argument("--top", type=int, default=3, help="plans shown for the slowest statements")
    parser.add_argument("--profile", action="store_true", help="also profile the Python side (pyinstrument)")
    parser.add_argument("--database-url", help="another database (e.g. a scratch copy with an index added)")
    args = parser.parse_args(argv)
    url = args.database_url or common.database_url(args.backend, args.size)
    if os.environ.get("DATABASE_URL") != url:
        os.execve(  # noqa: S606 - re-run with the database of the arguments
            str(common.PYTHON),
            [str(common.PYTHON), __file__, *sys.argv[1:]],
            common.django_env(url),
        )
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from cases.cards import with_card_related
    from cases.facets import compute_facets
    from cases.filters import CaseQuery, search_cases
    from cases.models import Case
    from cases.search.query import snippets

    params = QueryDict(mutable=True)
    for key, value in parse_qsl(args.query):
        params.appendlist(key, value)
    query = CaseQuery.from_querydict(params)
    visible = Case.objects.visible_to(AnonymousUser())

    def run():
        results = with_card_related(search_cases(visible, query))
        rows = list(results[:25])
        results.count()
        snippets([c.pk for c in rows], query.q)
        compute_facets(visible, query)

    run()  # warm
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        run()
        total = (time.perf_counter() - started) * 1000
    statements = []
    with connection.cursor() as cursor:
        for item in captured.captured_queries:
            sql = item["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            statements.append(((time.perf_counter() - started) * 1000, sql))
    statements.sort(reverse=True)
    print(
        f"{args.backend} {common.label(args.size)} '{args.query}': {total:.1f} ms in all, {len(statements)} statements"
    )
    print(f"SQL alone: {sum(ms for ms, _ in statements):.1f} ms")
    for ms, sql in statements:
        print(f"{ms:9.1f} ms  {sql[:220]}")
    for ms, sql in statements[: args.top]:
        print(f"\n--- {ms:.1f} ms ---\n{sql}\n")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
            for row in cursor.fetchall():
                print("   ", " | ".join(str(c) for c in row))
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
        for _ in range(3):
            run()
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
