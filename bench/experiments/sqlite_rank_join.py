"""Experiment for a proposed fix (not app code): relevance ranking on SQLite by joining the FTS5
table once in the outermost list query, instead of the correlated bm25() subquery that
cases/search/query.py evaluates for every matching row. The app's functions are patched in this
process only; the first page must come out the same.

    DATABASE_URL=sqlite:///var/bench/cases-100k.sqlite3 DJANGO_SETTINGS_MODULE=bench.settings \\
      .venv/bin/python bench/experiments/sqlite_rank_join.py 'travel ban' '"smear campaign"'

MODE=after skips the (minutes-long) "before" runs.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.core.paginator import Paginator
    from django.db import connection
    from django.http import QueryDict

    from cases import filters
    from cases.filters import CaseQuery
    from cases.models import Case
    from cases.search import query as sq
    from cases.views.browse import _list_related

    visible = Case.objects.visible_to(AnonymousUser())

    def run(words: str):
        data = QueryDict(mutable=True)
        data["q"] = words
        query = CaseQuery.from_querydict(data)
        results = _list_related(filters.search_cases(visible, query))
        page = Paginator(results, settings.CASES_PER_PAGE).get_page(1)
        rows = list(page.object_list)
        sq.snippets([c.pk for c in rows], query.q)
        return page.paginator.count, [c.pk for c in rows]

    def patch():
        original_apply, original_order = sq.apply_search, filters.order_cases

        def apply_search(queryset, q):
            terms = sq.parse(q)
            if connection.vendor != "sqlite" or not [t for t in terms if not t.negated]:
                return original_apply(queryset, q)
            matched = queryset.filter(pk__in=sq._matching_ids(queryset.model, terms))
            matched._fts_expression = sq.fts5_expression(terms)  # for the outermost ordering only
            return matched

        def order_cases(queryset, query):
            expression = getattr(queryset, "_fts_expression", None)
            if expression and query.effective_sort() == "relevance":
                return queryset.extra(
                    tables=["cases_case_fts"],
                    where=["cases_case_fts.rowid = cases_case.id", "cases_case_fts MATCH %s"],
                    params=[expression],
                    select={"rank": "-bm25(cases_case_fts, 10.0, 5.0, 1.0)"},
                    order_by=["-rank", "pk"],
                )
            return original_order(queryset, query)

        filters.apply_search = apply_search
        filters.order_cases = order_cases

    words = sys.argv[1:] or ["travel ban", '"smear campaign"', "detention"]
    modes = ["before", "after"] if os.environ.get("MODE", "both") == "both" else [os.environ["MODE"]]
    for mode in modes:
        if mode == "after":
            patch()
        for w in words:
            run(w)
            started, cpu = time.perf_counter(), time.process_time()
            count, ids = run(w)
            print(
                f"{mode:6} {w!r:20} {(time.perf_counter() - started) * 1000:8.0f} ms wall "
                f"{(time.process_time() - cpu) * 1000:8.0f} ms CPU  {count} matches, first {ids[:3]}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
