"""Real layouts of the Secretary-General's reports, each failure class with a fixture written for
it (ingest/tests/fixtures/layouts/: invented text in the layouts the UN's files and common
PDF-to-text tools produce)."""

from datetime import date
from pathlib import Path

import pytest

from ingest.services import cover, layout, pipeline

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"


def parse(name):
    return pipeline.parse((LAYOUTS / name).read_bytes(), name)


def outline(report):
    return [(p.section, p.number, p.chapter.split(" ")[0], p.country_heading) for p in report.paragraphs]


@pytest.mark.parametrize(
    "name, symbol, session, published, period",
    [
        (
            "pdftotext-raw-2019.txt",
            "A/HRC/42/77",
            42,
            date(2019, 8, 2),
            (date(2018, 6, 1), date(2019, 4, 30)),
        ),
        (
            "pdftotext-layout-2014.txt",
            "A/HRC/27/38",
            27,
            date(2014, 8, 22),
            (date(2013, 6, 16), date(2014, 6, 15)),
        ),
        (
            "html-stripped-tight-2020.txt",
            "A/HRC/45/83",
            45,
            date(2020, 8, 6),
            (date(2019, 5, 1), date(2020, 4, 30)),
        ),
        ("html-inline-2020.html", "A/HRC/45/83", 45, date(2020, 8, 6), (date(2019, 5, 1), date(2020, 4, 30))),
        (
            "advance-unedited-2023.txt",
            "A/HRC/54/71",
            54,
            date(2023, 8, 28),
            (date(2022, 5, 1), date(2023, 4, 30)),
        ),
    ],
)
def test_the_cover_is_the_reports_own_never_a_citation(name, symbol, session, published, period):
    """Every cover cites the previous report ("previous report (A/HRC/…)"), a resolution or a
    "see A/HRC/…"; the masthead's symbol is the report's own."""
    report = parse(name)
    assert (report.symbol, report.session, report.published_on) == (symbol, session, published)
    assert (report.period_start, report.period_end) == period
    assert report.symbol_source == "masthead"


def test_a_footnote_spliced_into_the_job_number_line_is_not_the_symbol():
    text = (LAYOUTS / "pdftotext-layout-2014.txt").read_text()
    assert "GE.14-14120 (E)    A/HRC/25/74, case CMR 4/2013." in text
    # without its masthead, the running headers still give the own symbol, never the footnote's
    without_masthead = text.replace(
        "United Nations                                                               A/HRC/27/38",
        "United Nations",
    )
    report = pipeline.parse(without_masthead.encode(), "x.txt")
    assert (report.symbol, report.symbol_source) == ("A/HRC/27/38", "running header")


def test_only_citations_on_the_cover_leave_the_symbol_empty_and_the_import_asks():
    report = parse("citations-only-2018.txt")
    assert report.symbol == ""
    assert len(report.paragraphs) == 2  # the text is read; the curator gives the symbol
    problems, _ = cover.check_catalogue(report.symbol, report.session, report.year, [])
    assert problems and "symbol was not found" in problems[0]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("A/HRC/42/30", "A/HRC/42/30"),
        ("United Nations                A/HRC/42/30", "A/HRC/42/30"),
        ("United Nations A/HRC/42/30*", "A/HRC/42/30"),
        ("A/HRC/42/30   3", "A/HRC/42/30"),
        ("4    A/HRC/42/30", "A/HRC/42/30"),
        ("A/HRC/24/29/Corr.1", "A/HRC/24/29/Corr.1"),
        ("since the previous report (A/HRC/39/41) the", None),
        ("(A/HRC/39/41)", None),
        ("see A/HRC/36/31", None),
        ("resolution A/HRC/RES/24/24", None),
        ("GE.14-14120 (E)    A/HRC/25/74, case CMR 4/2013.", None),
        ("A/HRC/25/74, case CMR 4/2013.", None),
        ("1 Earlier reports: A/HRC/14/19 and A/HRC/18/19.", None),
        ("A/HRC/39/41 and A/HRC/36/31", None),
    ],
)
def test_a_symbol_counts_as_own_only_alone_on_its_line(line, expected):
    assert cover.alone(line) == expected


def test_paragraph_numbers_alone_on_their_line_and_glued_footnote_markers():
    report = parse("pdftotext-raw-2019.txt")
    assert outline(report) == [
        ("body", 1, "I.", ""),
        ("body", 2, "I.", ""),
        ("body", 3, "II.", ""),
        ("body", 4, "III.", ""),
    ]
    # "resolution 12/2.2" then "II. Activities …": the marker is a footnote, the heading a heading
    assert report.paragraphs[1].text.endswith("resolution 12/2.")
    assert report.paragraphs[1].footnotes == [2]
    assert report.footnotes[1].startswith("Earlier reports")


def test_glued_markers_without_a_footnote_block_end_the_paragraph():
    lines = [
        "I. Introduction",
        "1. The Council asked for a report pursuant to resolution 12/2.1",
        "II. Activities in response to acts of intimidation and reprisal",
        "2. The Assistant Secretary-General met Governments about reprisal.5",
        "III. Conclusions",
        "3. States must end reprisals.\ue0007\ue001",
    ]
    text = "\n".join(
        ["United Nations", "A/HRC/42/77", "Distr.: General", "2 August 2019", "Forty-second session"]
        + [
            "Cooperation with the United Nations, its representatives and mechanisms in the field of human rights"
        ]
        + lines
    )
    report = pipeline.parse(text.encode(), "x.txt")
    assert [(p.number, p.chapter.split(" ")[0], p.footnotes) for p in report.paragraphs] == [
        (1, "I.", [1]),
        (2, "II.", [5]),
        (3, "III.", [7]),
    ]


def test_superscript_markers_and_advance_unedited_furniture():
    report = parse("advance-unedited-2023.txt")
    assert outline(report) == [
        ("body", 1, "I.", ""),
        ("body", 2, "II.", ""),
        ("annex_1", 1, "", "Nicaragua"),
        ("annex_1", 2, "", "Viet Nam"),
        ("annex_2", 1, "", "Egypt"),
    ]
    assert [p.footnotes for p in report.paragraphs[:3]] == [[1], [2], [3]]
    assert not any("Advance unedited" in p.text or "\u00b9" in p.text for p in report.paragraphs)


def test_early_era_cases_in_the_main_body_with_layout_columns():
    report = parse("pdftotext-layout-2014.txt")
    assert outline(report) == [
        ("body", 1, "I.", ""),
        ("body", 2, "II.", "Cameroon"),
        ("body", 3, "II.", "Sri Lanka"),
        ("body", 4, "II.", "Bahrain"),
        ("body", 5, "III.", ""),
    ]
    assert report.paragraphs[3].heading.startswith("B. Follow-up")
    assert not any("A/HRC/27/38" in p.text or p.text.endswith(" 3") for p in report.paragraphs)


@pytest.mark.parametrize("name", ["html-stripped-tight-2020.txt", "html-inline-2020.html"])
def test_words_glued_at_element_boundaries(name):
    report = parse(name)
    assert outline(report)[:3] == [("body", 1, "I.", ""), ("body", 2, "I.", ""), ("body", 3, "II.", "")]
    assert report.paragraphs[0].text.startswith("The Human Rights Council")
    if name.endswith(".txt"):
        assert outline(report)[3:] == [("annex_1", 1, "", "Bahrain"), ("annex_2", 1, "", "Egypt")]


@pytest.mark.parametrize(
    "line, parts",
    [
        (
            "reprisal.I.Introduction1.The Council met.",
            ["reprisal.", "I. Introduction", "1. The Council met."],
        ),
        (
            "resolution 12/2.1II.Trends3.Allegations came.",
            ["resolution 12/2.1", "II. Trends", "3. Allegations came."],
        ),
        ("in 2019.Annex IIInformation on follow-up", ["in 2019.", "Annex II", "Information on follow-up"]),
        ("The Council, in resolution 12/2. On 3 May, para. 12 of A/HRC/39/41.", None),
        ("Mr. A. Smith met the U.N. team in 2019.", None),
    ],
)
def test_unglue_cuts_only_at_element_boundaries(line, parts):
    assert layout.unglue(line) == (parts or [line])


def test_a_corrigendum_is_read_as_a_correction_of_its_report():
    report = parse("corrigendum-2013.txt")
    assert report.symbol == "A/HRC/24/29/Corr.1"
    assert report.corrects == "A/HRC/24/29"
    assert report.corrections == ["Paragraph 12, third line", "For 15 May 2013 read 15 March 2013"]
    assert report.paragraphs == []


@pytest.mark.parametrize(
    "symbol, session, year, problem, note",
    [
        ("A/HRC/39/41", 39, 2018, None, None),
        ("A/HRC/24/29/Corr.1", 24, 2013, None, None),
        # a 2019 report stored under the previous year's symbol: session and year disagree
        ("A/HRC/39/41", 42, 2019, "belongs to session 39", None),
        ("A/HRC/39/41", None, 2019, "session 39 of A/HRC/39/41 met in 2018", None),
        ("A/HRC/40/41", 40, 2019, "lists A/HRC/40/41 for session 39", None),
        ("A/HRC/39/44", 39, 2018, None, "which lists A/HRC/39/41"),
        ("A/HRC/57/99", 57, 2024, None, "not in the catalogue"),
        ("", 39, 2018, "not found", None),
    ],
)
def test_symbol_session_and_year_are_checked_against_the_catalogue(symbol, session, year, problem, note):
    catalogue = [
        cover.CatalogueEntry("A/HRC/24/29", 2013, 24),
        cover.CatalogueEntry("A/HRC/39/41", 2018, 39),
        cover.CatalogueEntry("A/HRC/40/41", 2018, 39),  # a catalogue row that disagrees with its symbol
    ]
    problems, notes = cover.check_catalogue(symbol, session, year, catalogue)
    assert any(problem in p for p in problems) if problem else problems == [], problems
    assert any(note in n for n in notes) if note else notes == [], notes


def test_the_word_page_header_gives_the_symbol_when_the_body_has_only_citations(sample):
    """A Word file whose cover symbol is in a text box the reader does not see: the page header
    (a separate part of the file) still has it, and the summary's citation is not taken."""
    import io

    import docx

    from . import reportgen

    document = docx.Document(io.BytesIO(reportgen.to_docx(sample)))
    for paragraph in document.paragraphs[:3]:
        if paragraph.text.strip() == sample.symbol:
            for run in paragraph.runs:
                run.text = ""
    document.paragraphs[-1].add_run(" See the previous report (A/HRC/36/31).")
    buffer = io.BytesIO()
    document.save(buffer)
    report = pipeline.parse(buffer.getvalue(), "report.docx")
    assert (report.symbol, report.symbol_source) == (sample.symbol, "page header")


def test_own_symbol_prefers_the_masthead_then_the_most_frequent_running_header():
    assert cover.own_symbol(["United Nations", "A/HRC/42/30"], ["A/HRC/39/41"], []).source == "masthead"
    found = cover.own_symbol(["General Assembly"], ["A/HRC/42/30", "3  A/HRC/42/30", "A/HRC/39/41"], [])
    assert (found.symbol, found.source) == ("A/HRC/42/30", "running header")
    assert cover.own_symbol(["(A/HRC/39/41)"], ["GE.19-1 A/HRC/25/74, case"], []).symbol == ""
