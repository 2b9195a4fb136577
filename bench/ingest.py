"""Ingestion quality and speed: `make bench-ingest`.

Without arguments it renders the gold reports of ingest/tests/fixtures/gold/ (synthetic reports in
the UN format, both eras, several years' layouts) in every rendering of reportgen.RENDERINGS — the
UN-style PDF, that PDF's text as PDF-to-text tools give it (with its layout, without, numbers
alone on their lines), the Word file, the HTML copy and the HTML copy stripped of its tags without
spaces —, runs the whole pipeline on each rendering's reports oldest first (each report linked to
the ones before it), compares the result with the annotations and writes
bench/results/ingest.json: per rendering, the F1 of every field, cover_accuracy (symbol, session,
date and reporting period all right), paragraph_recall (numbered paragraphs with the right number
and chapter) and refused_files (a refused file scores zero on every field it should have given),
with the dev and held-out splits reported apart. The headline figures are those of the PDF; the
targets must hold on every rendering.

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
    "cover_accuracy": 1.0,
    "paragraph_recall": 0.98,
    "renderings": 5,
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
        "--renderings",
        default="",
        help="gold set: renderings to run, comma-separated (default: all of reportgen.RENDERINGS; first is headline)",
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
        from ingest.tests import reportgen

        sources, annotations = evaluation.gold_annotations(GOLD)
        renderings = [r.strip() for r in args.renderings.split(",") if r.strip()] or list(
            reportgen.RENDERINGS
        )
        by_rendering, splits = {}, {}
        for rendering in renderings:
            files = [reportgen.render(s, rendering) for s in sources]
            for report, (name, _) in zip(annotations["reports"], files, strict=True):
                report["file"] = name
            if rendering == renderings[0]:
                _warm_up(files[0])
            result, runs = _measure(evaluation, files, annotations)
            by_rendering[rendering] = result
            splits[rendering] = _splits(evaluation, runs, annotations)
        headline = by_rendering[renderings[0]]
        summary = _summary(headline, source=f"gold set ({renderings[0]})")
        summary["renderings"] = len(by_rendering)
        summary["cover_accuracy"] = min(r["cover_accuracy"] for r in by_rendering.values())
        summary["paragraph_recall"] = min(r["paragraph_recall"] for r in by_rendering.values())
        summary["refused_files"] = sum(r["refused_files"] for r in by_rendering.values())
        summary["per_rendering"] = {name: _figures(result) for name, result in by_rendering.items()}
        summary["splits"] = splits
        summary["formats"] = by_rendering
        summary["on_target"] = _on_target(summary)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=1) + "\n")
    if not args.quiet:
        _print(summary)
        print(f"\nwrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


def _warm_up(file) -> None:
    """Load the rules and libraries once, outside the timed runs."""
    import contextlib

    from ingest.services import pipeline

    with contextlib.suppress(Exception):  # the measured run reports errors
        pipeline.process(file[1], file[0])


def _measure(evaluation, files, annotations) -> tuple[dict, list]:
    started = time.perf_counter()
    runs = evaluation.run(files)
    result = evaluation.score(runs, annotations)
    result["wall_seconds"] = round(time.perf_counter() - started, 3)
    return result, runs


def _splits(evaluation, runs, annotations) -> dict:
    """Scores of the dev reports (used while writing the rules) and of the held-out ones."""
    out = {}
    for split in sorted({r["split"] for r in annotations["reports"]}):
        names = {r["file"] for r in annotations["reports"] if r["split"] == split}
        result = evaluation.score(runs, annotations, only=names)
        out[split] = _figures(result) | {"reports": sorted(names)}
    return out


def _figures(result: dict) -> dict:
    fields = result["fields"]
    return {
        "cover_accuracy": result["cover_accuracy"],
        "paragraph_recall": result["paragraph_recall"],
        "refused_files": result["refused_files"],
        **{f"{name}_f1": value["f1"] for name, value in fields.items()},
    }


_F1_TARGETS = {
    "segmentation_f1": "segmentation_f1",
    "country_f1": "country_f1",
    "mechanism_f1": "mechanisms_f1",
    "type_f1": "types_f1",
    "link_f1": "links_f1",
}


def _on_target(summary: dict) -> bool:
    """Every target on the headline, and the F1 targets, cover and paragraphs on every rendering."""
    headline = all((summary.get(k) or 0) >= v for k, v in TARGETS.items())
    renderings = all(
        figures["refused_files"] == 0
        and (figures["cover_accuracy"] or 0) >= TARGETS["cover_accuracy"]
        and (figures["paragraph_recall"] or 0) >= TARGETS["paragraph_recall"]
        and all(figures[field] >= TARGETS[target] for target, field in _F1_TARGETS.items())
        for figures in summary.get("per_rendering", {}).values()
    )
    return headline and renderings and summary.get("refused_files", 0) == 0


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
        "targets": TARGETS | {"refused_files": 0},
        "cover_accuracy": result["cover_accuracy"],
        "paragraph_recall": result["paragraph_recall"],
        "refused_files": result["refused_files"],
        "renderings": 1,
    }
    summary["on_target"] = _on_target(summary)
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
    print(
        f"renderings {summary['renderings']}; lowest cover accuracy {summary['cover_accuracy']}, lowest "
        f"paragraph recall {summary['paragraph_recall']}, refused files {summary['refused_files']}"
    )
    short = {"segmentation_f1": "seg", "country_f1": "country", "victims_f1": "victims",
             "mechanisms_f1": "mech", "types_f1": "types", "links_f1": "links"}  # fmt: skip
    for name, figures in summary.get("per_rendering", {}).items():
        print(f"  {name}")
        rows = [("all", figures)] + [
            (split, values) for split, values in summary["splits"].get(name, {}).items()
        ]
        for label, values in rows:
            shown = "  ".join(f"{short[k]} {values[k]:.3f}" for k in short)
            print(
                f"    {label:<8} cover {values['cover_accuracy']:.2f}  paragraphs {values['paragraph_recall']:.3f}  "
                f"refused {values['refused_files']}  {shown}"
            )
    print(
        "targets: "
        + ", ".join(f"{k} {'=' if k == 'refused_files' else '≥'} {v}" for k, v in summary["targets"].items())
        + " (the F1, cover and paragraph targets on every rendering)"
    )
    print("ON TARGET" if summary["on_target"] else "BELOW TARGET")


if __name__ == "__main__":
    sys.exit(main())
