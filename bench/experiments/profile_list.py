"""Experiment: where the time of the case list page goes once its caches are warm, in-process
(test client, anonymous visitor): the SQL statements of one request, the mean time of N, and a
pyinstrument profile of N more.

    DATABASE_URL=sqlite:////work/main/var/bench/cases-100k.sqlite3 \\
      .venv/bin/python bench/experiments/profile_list.py 'q=detention' [N]
      .venv/bin/python bench/experiments/profile_list.py '/api/v1/cases?q=Vera+Goteno' [N]
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
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    query = sys.argv[1] if len(sys.argv) > 1 else ""
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    url = query if query.startswith("/") else f"/cases/?{query}"  # a path: any page, e.g. the API
    client = Client()
    for _ in range(3):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    print("status", response.status_code, "bytes", len(response.content), "queries", len(queries))
    for item in queries.captured_queries:
        print(f"  {item['time']}s {item['sql'][:150]}")
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(count):
        client.get(url)
    wall = (time.perf_counter() - started) / count * 1000
    print(
        f"{count} requests: {wall:.1f} ms wall, {(time.process_time() - cpu) / count * 1000:.1f} ms CPU each"
    )
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(count):
        client.get(url)
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
