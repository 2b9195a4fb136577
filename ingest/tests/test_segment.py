"""Cover data, sections, annexes, country headings and numbered paragraphs — both eras, all formats."""

from datetime import date

import pytest

from ingest.services import clean, extract_text, segment
from ingest.services.errors import NotAReprisalsReport

from .conftest import build

FORMATS = ["pdf", "docx", "html", "html-plain", "txt"]


def parse(source, render, fmt="pdf"):
    data = render(source, fmt)
    return segment.segment(clean.clean(extract_text.extract(data, f"report.{fmt.split('-')[0]}")))


@pytest.mark.parametrize("fmt", FORMATS)
def test_annex_era_report(sample, render, fmt):
    report = parse(sample, render, fmt)
    assert report.symbol == "A/HRC/39/97"
    assert report.published_on == date(2018, 8, 14)
    assert (report.year, report.session) == (2018, 39)
    assert (report.period_start, report.period_end) == (date(2017, 6, 1), date(2018, 5, 31))
    assert report.title.startswith("Cooperation with the United Nations, its representatives")
    keys = [(p.section, p.number) for p in report.paragraphs]
    assert keys == [
        ("body", 1),
        ("body", 2),
        ("body", 3),
        ("annex_1", 1),
        ("annex_1", 2),
        ("annex_1", 3),
        ("annex_2", 1),
    ]
    countries = [(p.key, p.country, p.country_heading) for p in report.paragraphs if p.country]
    assert countries == [
        (("annex_1", 1), "BH", "Bahrain"),
        (("annex_1", 2), "BH", "Bahrain"),
        (("annex_1", 3), "EG", "Egypt"),
        (("annex_2", 1), "BH", "Bahrain"),
    ]
    # The trends chapter names countries in its text, but has no country heading.
    assert report.paragraphs[2].country is None
    assert [p.follow_up_context for p in report.paragraphs][-2:] == [False, True]
    assert report.annex_titles["annex_2"] == "Information on follow-up to cases included in previous reports"
    assert report.paragraphs[0].footnotes == [1] and report.paragraphs[3].footnotes == [2]
    assert report.footnotes[2] == "AL BHR 7/2017."
    assert report.paragraphs[3].text.startswith("On 12 September 2017, Ms. Nadia Al-Rashidi")
    assert "Human Rights Council. Her passport" in report.paragraphs[3].text


@pytest.mark.parametrize("fmt", FORMATS)
def test_main_body_era_report(sample_classic, render, fmt):
    report = parse(sample_classic, render, fmt)
    assert report.symbol == "A/HRC/27/98" and report.year == 2014 and report.session == 27
    assert report.period_start == date(2013, 6, 1)
    assert not report.has_annexes
    by_number = {p.number: p for p in report.paragraphs}
    assert sorted(by_number) == [1, 2, 3, 4, 5, 6]
    assert [by_number[n].country for n in range(1, 7)] == [None, "CN", "CN", "CN", "BH", None]
    assert by_number[5].follow_up_context and not by_number[2].follow_up_context
    # A chapter title that wraps over two lines is one heading.
    assert by_number[2].chapter.endswith("mechanisms in the field of human rights")
    assert by_number[2].heading == "A. Summary of cases"
    assert by_number[6].chapter == "III. Conclusions"


def test_every_gold_report_segments_exactly(gold, render):
    for source in gold.values():
        report = parse(source, render, "pdf")
        expected = [(b.section, b.number) for b in source.blocks if b.kind == "para"]
        assert [p.key for p in report.paragraphs] == expected, source.name
        assert report.symbol == source.symbol


def test_ordinal_sessions():
    assert segment.ordinal_number("Twenty-seventh") == 27
    assert segment.ordinal_number("Forty-fifth") == 45
    assert segment.ordinal_number("Fourteenth") == 14
    assert segment.session_year(45) == 2020 and segment.session_year(14) == 2010


NOT_A_REPORT = """\
symbol: A/HRC/WG.6/40/XYZ/1
distributed: 2 November 2021
session: Fortieth session
job: GE.21-00000(E)
title: National report submitted in accordance with paragraph 15 of the annex to Human Rights Council resolution 5/1
author: Report of the Government
summary: The Government presents its national report for the universal periodic review.

= I. Methodology
p: The present national report was prepared by an inter-ministerial committee after consultations.
p: The Government welcomes the recommendations it received during the previous cycle of the review.
= II. Achievements
p: Significant progress has been made in the areas of education, health and housing since the last review.
"""


def test_a_document_that_is_not_a_reprisals_report_is_refused(render):
    source = build(NOT_A_REPORT)
    with pytest.raises(NotAReprisalsReport, match="not a report of the Secretary-General"):
        parse(source, render, "pdf")


def test_text_without_numbered_paragraphs_is_refused():
    document = extract_text.TextDocument(
        format="txt",
        pages=[
            "Cooperation with the United Nations, its representatives and mechanisms\nin the field of human rights\nNo paragraphs here."
        ],
        paginated=False,
    )
    with pytest.raises(NotAReprisalsReport, match="numbered paragraphs"):
        segment.segment(clean.clean(document))
