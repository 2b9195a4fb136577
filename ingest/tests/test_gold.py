"""The gold set: annotations in sync with the reports, and the pipeline's quality on it (a
regression guard; `make bench-ingest` prints the full figures)."""

import json
import re

import pytest

from ingest import evaluation

from .conftest import GOLD


def test_annotation_file_matches_the_gold_reports():
    _, annotations = evaluation.gold_annotations(GOLD)
    stored = json.loads((GOLD / "annotations.json").read_text(encoding="utf-8"))
    assert stored == annotations, (
        "run: .venv/bin/python bench/ingest.py --write-gold-annotations ingest/tests/fixtures/gold/annotations.json"
    )


def test_the_gold_set_covers_both_eras_and_varied_cases():
    _, annotations = evaluation.gold_annotations(GOLD)
    reports = annotations["reports"]
    years = [r["year"] for r in reports]
    assert min(years) < 2017 <= max(years) and len(reports) >= 7
    cases = [c for r in reports for c in r["cases"]]
    sections = {p.split(":")[0] for c in cases for p in c["paragraphs"]}
    assert sections == {"body", "annex_1", "annex_2"}
    assert sum(1 for c in cases if c["follows"] not in (None, "external")) >= 30
    assert any(len(c["paragraphs"]) >= 3 for c in cases)
    victims = [v for c in cases for v in c["victims"]]
    assert {v["kind"] for v in victims} == {"person", "organisation", "group"}
    assert sum(1 for v in victims if "description" in v) >= 25


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_quality_on_the_gold_set(gold_sources, render, fmt):
    _, annotations = evaluation.gold_annotations(GOLD)
    runs = evaluation.run([(s.name, render(s, fmt)) for s in gold_sources])
    assert not [r.error for r in runs if r.error]
    fields = evaluation.score(runs, annotations)["fields"]
    assert fields["segmentation"]["f1"] >= 0.95
    assert fields["country"]["f1"] >= 0.95
    assert fields["mechanisms"]["f1"] >= 0.9
    assert fields["types"]["f1"] >= 0.85
    assert fields["links"]["f1"] >= 0.9
    assert fields["victims"]["f1"] >= 0.85


def test_the_gold_set_has_every_rendering_and_cites_the_previous_report(gold_sources):
    from . import reportgen

    assert len(reportgen.RENDERINGS) >= 5
    eras = {"early": 0, "annexes": 0}
    for source in gold_sources:
        eras["annexes" if any(b.section != "body" for b in source.blocks) else "early"] += 1
        assert re.search(r"\(A/HRC/\d+/\d+\)", source.meta["summary"]), source.name
    assert eras["early"] >= 2 and eras["annexes"] >= 2


@pytest.mark.parametrize("rendering", ["pdf-text-numbers-alone", "pdf-text-layout", "html-stripped-tight"])
def test_cover_and_paragraphs_on_every_rendering(gold_sources, rendering):
    """The report's own symbol (never the previous report its summary cites), date, session and
    period, and every numbered paragraph with its chapter, on the renderings real files come in."""
    from . import reportgen

    _, annotations = evaluation.gold_annotations(GOLD)
    picked = [s for s in gold_sources if s.name in {"a-hrc-24-90", "a-hrc-45-96"}]
    runs = evaluation.run([reportgen.render(s, rendering) for s in picked])
    for report in annotations["reports"]:
        report["file"] = f"{report['file']}.{reportgen.RENDERINGS[rendering][0]}"
    result = evaluation.score(runs, annotations)
    assert result["refused_files"] == 0
    assert result["cover_accuracy"] == 1.0, [r["cover"] for r in result["reports"]]
    assert result["paragraph_recall"] == 1.0


def test_a_refused_file_scores_zero_on_every_field():
    _, annotations = evaluation.gold_annotations(GOLD)
    first = annotations["reports"][0]
    run = evaluation.ReportRun(first["file"], "", 0, 0.0, error="NotAReprisalsReport: no paragraphs")
    result = evaluation.score([run], {"reports": [first]})
    assert result["refused_files"] == 1 and result["cover_accuracy"] == 0.0
    assert result["paragraph_recall"] == 0.0
    for name in ("segmentation", "country", "victims", "mechanisms", "types"):
        assert result["fields"][name]["tp"] == 0 and result["fields"][name]["fn"] > 0, name


def test_scoring_counts_exact_segments_and_pairs():
    annotations = {
        "reports": [
            {
                "file": "r",
                "cases": [
                    {
                        "id": "a",
                        "paragraphs": ["annex_1:1", "annex_1:2"],
                        "country": "BH",
                        "victims": [],
                        "mechanisms": ["upr"],
                        "types": ["threats"],
                        "follows": None,
                    },
                    {
                        "id": "b",
                        "paragraphs": ["annex_1:3"],
                        "country": "EG",
                        "victims": [{"name": "Ali Hassan"}],
                        "mechanisms": [],
                        "types": [],
                        "follows": None,
                    },
                ],
            }
        ]
    }
    predictions = [
        evaluation.Prediction(("k", 0), {"annex_1:1"}, "BH", [], {"upr", "cat"}, {"threats"}, "first"),
        evaluation.Prediction(
            ("k", 1),
            {"annex_1:2", "annex_1:3"},
            "EG",
            [{"name": "Ali Hasan", "description": ""}],
            set(),
            set(),
            "first",
        ),
    ]
    result = evaluation.score([evaluation.ReportRun("r", "X", 1, 1.0, predictions)], annotations)["fields"]
    assert result["segmentation"]["tp"] == 0 and result["segmentation"]["fp"] == 2
    assert (result["mechanisms"]["tp"], result["mechanisms"]["fp"]) == (1, 1)
    assert result["victims"]["tp"] == 1  # "Ali Hasan" is "Ali Hassan"
