"""Experiment: where the time of one petition signature goes, in-process (test client): the SQL
statements of one signature, the mean time of 60, and a pyinstrument profile of 40.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/endreprisals_bench_surge \\
      .venv/bin/python bench/experiments/profile_signing.py
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

    from campaigns.models import Petition

    petition = Petition.objects.select_related("campaign").first()
    url = petition.get_absolute_url()
    client = Client()
    tag = f"{os.getpid()}-{int(time.time())}"

    def sign(n: int):
        data = {
            "name": f"Profile Person {n}",
            "email": f"profile-{tag}-{n}@example.org",
            "country": "FR",
            "consent": "on",
            "website": "",
        }
        return client.post(url, data, HTTP_X_FORWARDED_FOR=f"2001:db8:ffff:{n:x}::1")

    for n in range(5):
        sign(n)
    with CaptureQueriesContext(connection) as queries:
        response = sign(100)
    print("status", response.status_code, "queries", len(queries))
    for item in queries.captured_queries:
        print(f"  {item['time']}s {item['sql'][:150]}")
    count = 60
    started, cpu = time.perf_counter(), time.process_time()
    for n in range(200, 200 + count):
        sign(n)
    wall = (time.perf_counter() - started) / count * 1000
    print(
        f"{count} signatures: {wall:.1f} ms wall, {(time.process_time() - cpu) / count * 1000:.1f} ms CPU each"
    )
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for n in range(300, 340):
        sign(n)
    profiler.stop()
    print(profiler.output_text(unicode=False, color=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
