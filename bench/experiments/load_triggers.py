"""Experiment: what one chunk of the synthetic loader costs on the SQLite database of DATABASE_URL,
with the full-text triggers and without them, to see how much of a large build is FTS5 upkeep.

The loader's two writes to the cases table are timed: the bulk insert of new cases (the insert
trigger indexes each title) and `refresh_cases` (the update trigger indexes the search columns).
Each run happens inside a transaction that is rolled back, so the database is left as it was;
"without" drops the two triggers inside that transaction (SQLite's DDL is transactional).

    DATABASE_URL=sqlite:///var/bench/cases-1m.sqlite3 N=3 ROWS=2000 \\
        .venv/bin/python bench/experiments/load_triggers.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
import generate  # noqa: E402


class _RolledBack(Exception):
    pass


def _chunk(rows: int, with_triggers: bool) -> tuple[float, float]:
    """Seconds to insert `rows` cases and to refresh their search columns."""
    from django.db import connection, transaction

    from cases.models import Case, Country
    from cases.search.index import refresh_cases

    country = Country.objects.order_by("pk").first()
    # The newest cases' indexed text (summary and paragraphs) as summaries: documents of the size
    # the loader indexes.
    texts = list(Case.objects.order_by("-pk").values_list("search_text", flat=True)[:rows])
    timings = []
    try:
        with transaction.atomic():
            if not with_triggers:
                with connection.cursor() as cursor:
                    generate.drop_indexing_triggers(cursor)
            started = time.perf_counter()
            cases = Case.objects.bulk_create(
                [
                    Case(title=f"[Synthetic] Trigger experiment {i}", country=country, summary=text)
                    for i, text in enumerate(texts)
                ],
                batch_size=1000,
            )
            timings.append(time.perf_counter() - started)
            started = time.perf_counter()
            refresh_cases([c.pk for c in cases])
            timings.append(time.perf_counter() - started)
            raise _RolledBack
    except _RolledBack:
        pass
    return timings[0], timings[1]


def main() -> int:
    import django

    django.setup()
    from django.db import connection

    from cases.models import Case

    if connection.vendor != "sqlite":
        raise SystemExit("this experiment is about SQLite's FTS5 triggers")
    runs, rows = int(os.environ.get("N", "3")), int(os.environ.get("ROWS", "2000"))
    print(f"{Case.objects.count():,} cases in the database; {rows:,} new ones per run, {runs} runs")
    for label, with_triggers in (("with the FTS5 triggers", True), ("without them", False)):
        timings = [_chunk(rows, with_triggers) for _ in range(runs)]
        insert = statistics.median(t[0] for t in timings)
        refresh = statistics.median(t[1] for t in timings)
        print(
            f"{label:>24}: insert {insert * 1000:,.0f} ms, refresh {refresh * 1000:,.0f} ms, "
            f"{rows / (insert + refresh):,.0f} cases/s (medians)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
