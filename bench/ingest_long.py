"""Peak memory and speed of ingesting one long report: a gold report of the ingest app's test
set (ingest/tests/fixtures/gold) with its paragraphs repeated until it is about PAGES pages,
rendered to PDF by the ingest app's own report generator, then run through
`ingest.services.pipeline.process` in this process. Prints JSON.

    .venv/bin/python bench/ingest_long.py [PAGES]
"""

import copy
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

common.setup_path()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def long_report(pages: int):
    from ingest.tests import reportgen

    gold = sorted((common.ROOT / "ingest" / "tests" / "fixtures" / "gold").glob("*.un"))
    source = max(reportgen.build_set(gold), key=lambda r: r.paragraph_count())
    report = copy.deepcopy(source)
    blocks = list(report.blocks)
    while reportgen.page_count(report) < pages:
        blocks.extend(copy.deepcopy(source.blocks))  # the whole structure again: headings and cases
        counters: dict[str, int] = {}
        for block in blocks:
            if block.kind == "para":
                counters[block.section] = counters.get(block.section, 0) + 1
                block.number = counters[block.section]
        report.blocks = blocks
    return report, reportgen.page_count(report)


def main() -> int:
    """Render in one process, ingest in a fresh one, so the peak memory is the ingestion's."""
    import subprocess
    import tempfile

    if len(sys.argv) > 2 and sys.argv[1] == "--process":
        return _process(Path(sys.argv[2]))
    import django

    django.setup()
    from ingest.tests import reportgen

    report, pages = long_report(int(sys.argv[1]) if len(sys.argv) > 1 else 120)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{report.name}-long.pdf"
        path.write_bytes(reportgen.to_pdf(report))
        done = subprocess.run(
            [sys.executable, __file__, "--process", str(path)], capture_output=True, text=True, check=True
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
    result["source"] = f"{report.name} (gold set) repeated to {pages} pages, PDF"
    result["pages"] = pages
    result["pages_per_s"] = round(pages / result["seconds"], 1) if result["seconds"] else None
    print(json.dumps(result))
    return 0


def _process(path: Path) -> int:
    import django

    django.setup()
    from ingest.services import pipeline

    data = path.read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = pipeline.process(data, path.name)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "bytes": len(data),
                "seconds": round(seconds, 2),
                "candidates": len(result.candidates),
                "peak_rss_mib": round(peak / 1024, 1),
                "rss_before_mib": round(before / 1024, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
