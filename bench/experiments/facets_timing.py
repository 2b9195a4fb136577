"""Experiment: `compute_facets` for the benchmark's facet queries on the database of DATABASE_URL
(e.g. a scratch copy with an index added): min and median, over N runs, of wall time and of this
process's CPU time (which includes SQLite's work, not PostgreSQL's).

    DATABASE_URL=... N=5 .venv/bin/python bench/experiments/facets_timing.py ['country=CN' ...]
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
QUERIES = [
    "",
    "country=CN",
    "type=travel-ban&year=2020",
    "region=Asia&mechanism=upr&status=ongoing",
    "gender=female&role=journalist",
]


def main() -> int:
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict

    from cases.facets import compute_facets
    from cases.filters import CaseQuery
    from cases.models import Case

    visible = Case.objects.visible_to(AnonymousUser())
    runs = int(os.environ.get("N", "5"))
    for text in sys.argv[1:] or QUERIES:
        query = CaseQuery.from_querydict(QueryDict(text))
        compute_facets(visible, query)
        walls, cpus, timeouts = [], [], 0
        for _ in range(runs):
            started, cpu = time.perf_counter(), time.process_time()
            facets = compute_facets(visible, query)
            walls.append((time.perf_counter() - started) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            timeouts += sum(f.timed_out for f in facets)
        print(
            f"{text or '(none)':45} wall min {min(walls):7.0f} med {statistics.median(walls):7.0f} ms | "
            f"cpu min {min(cpus):7.0f} med {statistics.median(cpus):7.0f} ms | facets timed out {timeouts}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
