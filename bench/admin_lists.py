"""The curators' back office at scale: the admin's lists of cases, victims, mentions, reports and
paragraphs (unfiltered, filtered, searched), a case's edit and history pages and the paragraph
picker of the mention form, timed in-process (Django's test client: everything but the HTTP
server) for an administrator and for a curator, on the database of DATABASE_URL. Run by
run_all.py's "admin" phase and at a million; by hand:

    DATABASE_URL=... .venv/bin/python bench/admin_lists.py OUT.json [REPEATS]

Two users are created in the benchmark database if missing (`bench-administrator`, a
superuser, and `bench-curator`, in the Curators group, with no access grant); they sign in with
force_login, which skips the second factor, as the test personas do. A request slower than
server_side.CALL_LIMIT_S is stopped and reported as over the limit.
"""

import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

common.setup_path()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def _users():
    from django.contrib.auth.models import Group, User

    from cases.roles import CURATORS  # the groups exist once migrated (post_migrate)

    administrator, _ = User.objects.get_or_create(
        username="bench-administrator", defaults={"is_staff": True, "is_superuser": True}
    )
    curator, created = User.objects.get_or_create(username="bench-curator", defaults={"is_staff": True})
    if created:
        curator.groups.add(Group.objects.get(name=CURATORS))
    return {"administrator": administrator, "curator": curator}


def pages() -> list[tuple[str, str]]:
    """(name, path) of the pages to time, with filter values and words taken from the data."""
    from cases.models import Case, Country, Paragraph, Report, Victim

    case = Case.objects.order_by("pk")[Case.objects.count() // 2]
    country = Country.objects.get(iso2="CN")
    report = Report.objects.order_by("-year", "symbol").first()
    paragraph = Paragraph.objects.filter(report=report).order_by("number").first()
    victim = Victim.objects.filter(case=case).exclude(name="").order_by("pk").first()
    name = victim.name if victim else "Nobody Known"

    def listing(model: str, **params) -> str:
        return f"/admin/cases/{model}/" + (f"?{urlencode(params)}" if params else "")

    picker = {"app_label": "cases", "model_name": "mention", "field_name": "paragraph"}
    return [
        ("cases: list", listing("case")),
        ("cases: one country", listing("case", country__id__exact=country.pk)),
        ("cases: not published", listing("case", published="no")),
        ("cases: search a victim's name", listing("case", q=name)),
        ("cases: search a word", listing("case", q="detention")),
        ("case: edit page", f"/admin/cases/case/{case.pk}/change/"),
        ("case: history", f"/admin/cases/case/{case.pk}/history/"),
        ("victims: list", listing("victim")),
        ("victims: search a name", listing("victim", q=name)),
        ("mentions: list", listing("mention")),
        ("mentions: one report", listing("mention", report__id__exact=report.pk)),
        ("reports: list", listing("report")),
        ("paragraphs: list", listing("paragraph")),
        ("paragraphs: one report", listing("paragraph", report__id__exact=report.pk)),
        ("paragraphs: symbol and number", listing("paragraph", q=f"{report.symbol} ¶{paragraph.number}")),
        ("paragraphs: search a word", listing("paragraph", q="detention")),
        (
            "paragraph picker: a symbol",
            "/admin/autocomplete/?" + urlencode({**picker, "term": report.symbol}),
        ),
        ("paragraph picker: a word", "/admin/autocomplete/?" + urlencode({**picker, "term": "detention"})),
    ]


def measure(repeats: int) -> dict:
    import django

    django.setup()
    import server_side
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from cases.models import Case

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(server_side.CALL_LIMIT_S * 1000)])
    out = {"vendor": connection.vendor, "cases": Case.objects.count(), "repeats": repeats, "users": {}}
    targets = pages()
    with override_settings(TWO_FACTOR_REQUIRED=False):
        for role, user in _users().items():
            client = Client()
            client.force_login(user)
            results = out["users"][role] = {}
            for name, path in targets:
                statuses = []

                def get(path=path, statuses=statuses, client=client):
                    statuses.append(client.get(path).status_code)

                samples = server_side._timed(get, repeats, warmup=1, guard=True)
                entry = {"path": path, "ms": common.percentiles(samples), "statuses": sorted(set(statuses))}
                if samples != [float("inf")]:
                    with CaptureQueriesContext(connection) as queries:
                        get()
                    slowest = max(queries.captured_queries, key=lambda q: float(q["time"]), default=None)
                    entry["statements"] = len(queries)
                    if slowest:
                        entry["slowest_statement"] = {
                            "ms": round(float(slowest["time"]) * 1000, 1),
                            "sql": slowest["sql"][:300],
                        }
                results[name] = entry
                common.log(f"  admin, {role}: {name}: p50 {entry['ms'].get('p50')} ms {entry['statuses']}")
    return out


def main(argv: list[str]) -> int:
    target = Path(argv[0])
    repeats = int(argv[1]) if len(argv) > 1 else 5
    started = time.perf_counter()
    result = measure(repeats)
    result["seconds"] = round(time.perf_counter() - started, 1)
    target.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
