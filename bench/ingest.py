"""Ingestion quality and speed: `make bench-ingest`.

Without arguments it renders the gold reports of ingest/tests/fixtures/gold/ (synthetic reports in
the UN format, both eras, several years' layouts) to PDF — and to DOCX, HTML and text for the
per-format lines —, runs the whole pipeline on them oldest first (each report linked to the ones
before it), compares the result with the annotations and writes bench/results/ingest.json.

On real reports:
    .venv/bin/python bench/ingest.py --reports DIR --annotations FILE
where FILE is an annotation file in the format described in ingest/evaluation.py (the gold set's
own is written by --write-gold-annotations, as an example). Reports are processed in the order of
the annotation file, so list them oldest first.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named ingest.py, like the app: make sure `import ingest` finds the app.
sys.path[:] = [str(ROOT), *[p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "endreprisals.settings")

GOLD = ROOT / "ingest" / "tests" / "fixtures" / "gold"
RESULTS = ROOT / "bench" / "results" / "ingest.json"
TARGETS = {
    "segmentation_f1": 0.95,
    "country_f1": 0.95,
    "mechanism_f1": 0.85,
    "type_f1": 0.85,
    "link_f1": 0.85,
    "pages_per_s": 20.0,
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=Path, help="folder of real reports (PDF, DOCX, HTML or text)")
    parser.add_argument("--annotations", type=Path, help="annotation file (JSON) for --reports")
    parser.add_argument(
        "--formats", default="pdf,docx,html,txt", help="gold set: formats to run (first is headline)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--write-gold-annotations", type=Path, metavar="FILE", help="write the gold set's annotations"
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from ingest import evaluation

    if args.write_gold_annotations:
        _, annotations = evaluation.gold_annotations(GOLD)
        args.write_gold_annotations.write_text(json.dumps(annotations, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {args.write_gold_annotations}")
        return 0

    if args.reports:
        if not args.annotations:
            parser.error("--reports needs --annotations")
        annotations = json.loads(args.annotations.read_text(encoding="utf-8"))
        files = [(r["file"], (args.reports / r["file"]).read_bytes()) for r in annotations["reports"]]
        _warm_up(files[0])
        result = _measure(evaluation, files, annotations)
        summary = _summary(result, source=str(args.reports))
        summary["formats"] = {"given": result}
    else:
        sources, annotations = evaluation.gold_annotations(GOLD)
        formats = [f.strip() for f in args.formats.split(",") if f.strip()]
        by_format = {}
        for fmt in formats:
            files = [(f"{s.name}.{fmt}", _render(s, fmt)) for s in sources]
            if fmt == formats[0]:
                _warm_up(files[0])
            for report in annotations["reports"]:
                report["file"] = report["file"].split(".")[0]
            by_format[fmt] = _measure(evaluation, files, annotations)
        headline = by_format[formats[0]]
        summary = _summary(headline, source=f"gold set ({formats[0]})")
        summary["formats"] = by_format
        summary["splits"] = _splits(evaluation, sources, annotations, formats[0])
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=1) + "\n")
    if not args.quiet:
        _print(summary)
        print(f"\nwrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


def _render(source, fmt: str) -> bytes:
    from ingest.tests import reportgen

    if fmt == "pdf":
        return reportgen.to_pdf(source)
    if fmt == "docx":
        return reportgen.to_docx(source)
    if fmt == "html":
        return reportgen.to_html(
            source, style="word" if source.meta.get("html") != "plain" else "plain"
        ).encode()
    if fmt == "txt":
        return reportgen.to_txt(source).encode()
    raise SystemExit(f"unknown format {fmt}")


def _warm_up(file) -> None:
    """Load the rules and libraries once, outside the timed runs."""
    import contextlib

    from ingest.services import pipeline

    with contextlib.suppress(Exception):  # the measured run reports errors
        pipeline.process(file[1], file[0])


def _measure(evaluation, files, annotations) -> dict:
    started = time.perf_counter()
    runs = evaluation.run(files)
    result = evaluation.score(runs, annotations)
    result["wall_seconds"] = round(time.perf_counter() - started, 3)
    return result


def _splits(evaluation, sources, annotations, fmt) -> dict:
    """Scores of the dev reports (used while writing the rules) and of the held-out ones."""
    files = [(s.name, _render(s, fmt)) for s in sources]
    runs = evaluation.run(files)
    out = {}
    for split in sorted({r["split"] for r in annotations["reports"]}):
        names = {r["file"] for r in annotations["reports"] if r["split"] == split}
        result = evaluation.score(runs, annotations, only=names)
        out[split] = {name: value["f1"] for name, value in result["fields"].items()}
        out[split]["reports"] = sorted(names)
    return out


def _summary(result: dict, source: str) -> dict:
    fields = result["fields"]
    summary = {
        "source": source,
        "segmentation_f1": fields["segmentation"]["f1"],
        "country_f1": fields["country"]["f1"],
        "mechanism_f1": fields["mechanisms"]["f1"],
        "type_f1": fields["types"]["f1"],
        "link_f1": fields["links"]["f1"],
        "pages_per_s": result["pages_per_s"],
        "victims_precision": fields["victims"]["precision"],
        "victims_recall": fields["victims"]["recall"],
        "victims_f1": fields["victims"]["f1"],
        "gender_accuracy": result["gender_accuracy"],
        "pages_per_cpu_s": result.get("pages_per_cpu_s"),
        "load_average": round(os.getloadavg()[0], 2),
        "cpu_count": os.cpu_count(),
        "pages": result["pages"],
        "seconds": result["seconds"],
        "fields": fields,
        "reports": result["reports"],
        "targets": TARGETS,
    }
    summary["on_target"] = all((summary[k] or 0) >= v for k, v in TARGETS.items())
    return summary


def _print(summary: dict) -> None:
    print(f"Ingestion bench — {summary['source']}")
    print(f"{'field':<14}{'precision':>10}{'recall':>10}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
    for name, value in summary["fields"].items():
        print(
            f"{name:<14}{value['precision']:>10.3f}{value['recall']:>10.3f}{value['f1']:>8.3f}"
            f"{value['tp']:>6}{value['fp']:>6}{value['fn']:>6}"
        )
    print(f"gender accuracy on matched victims: {summary['gender_accuracy']}")
    print(
        f"{summary['pages']} pages in {summary['seconds']:.2f} s: {summary['pages_per_s']} pages/s "
        f"({summary['pages_per_cpu_s']} per CPU second; load average {summary['load_average']} on "
        f"{summary['cpu_count']} CPUs)"
    )
    for fmt, result in summary.get("formats", {}).items():
        f = result["fields"]
        errors = [r["file"] for r in result["reports"] if r["error"]]
        print(
            f"  {fmt:<5} segmentation {f['segmentation']['f1']:.3f}  country {f['country']['f1']:.3f}  "
            f"victims {f['victims']['f1']:.3f}  mechanisms {f['mechanisms']['f1']:.3f}  types {f['types']['f1']:.3f}  "
            f"links {f['links']['f1']:.3f}" + (f"  errors: {errors}" if errors else "")
        )
    for split, values in summary.get("splits", {}).items():
        shown = "  ".join(f"{k} {v:.3f}" for k, v in values.items() if k != "reports")
        print(f"  split {split:<9} {shown}  ({len(values['reports'])} reports)")
    print("targets: " + ", ".join(f"{k} ≥ {v}" for k, v in summary["targets"].items()))
    print("ON TARGET" if summary["on_target"] else "BELOW TARGET")


if __name__ == "__main__":
    sys.exit(main())
