"""Page furniture, footnotes, hyphenation and page breaks."""

from ingest.services import clean, extract_text
from ingest.services.extract_text import MARK_RE, TextDocument


def _pages(*pages):
    return TextDocument(format="pdf", pages=["\n".join(p) for p in pages], paginated=True)


def test_repeated_headers_page_numbers_and_job_numbers_go():
    body = [
        f"{n}. Paragraph {n} of the report, a line of ordinary length that ends here." for n in range(1, 4)
    ]
    document = _pages(
        [
            "United Nations A/HRC/45/36",
            "General Assembly",
            "Cooperation with the United Nations",
            "GE.20-11810(E)",
            "*2011810*",
        ],
        ["A/HRC/45/36", body[0], "2"],
        ["A/HRC/45/36", body[1], "3"],
        ["A/HRC/45/36", body[2], "4"],
    )
    cleaned = clean.clean(document)
    assert cleaned.lines[-3:] == body
    assert "GE.20-11810(E)" not in cleaned.lines
    assert "A/HRC/45/36" in cleaned.removed


def test_footnotes_are_taken_from_the_page_foot_and_markers_replaced():
    document = _pages(
        [
            "A/HRC/45/36",
            "1. The Council, in resolution 12/2, expressed concern.1 The Secretary-General",
            "reports annually.",
            "1 See A/HRC/42/30, para. 55.",
            "2",
        ],
        [
            "A/HRC/45/36",
            "2. A defender was detained on 3 May 2019.2 He was released",
            "15 March 2020, after a court ruled.",
            "2 UA CHN 3/2024.",
            "3",
        ],
        ["A/HRC/45/36", "3. Conclusions.", "4"],
    )
    cleaned = clean.clean(document)
    assert cleaned.footnotes == {1: "See A/HRC/42/30, para. 55.", 2: "UA CHN 3/2024."}
    text = "\n".join(cleaned.lines)
    assert [int(n) for n in MARK_RE.findall(text)] == [1, 2]
    # "15 March 2020" starts a line but is body text: footnote 15 is not due.
    assert "15 March 2020, after a court ruled." in cleaned.lines


def test_a_number_after_a_decimal_is_not_a_marker():
    document = _pages(
        ["A/HRC/45/36", "1. Allegations rose by 3.5 per cent in the year.", "5 Not a footnote at all.", "2"],
        ["A/HRC/45/36", "2. Text.", "3"],
        ["A/HRC/45/36", "3. Text.", "4"],
    )
    cleaned = clean.clean(document)
    assert cleaned.footnotes == {}
    assert "1. Allegations rose by 3.5 per cent in the year." in cleaned.lines


def test_hyphenated_words_are_joined_but_compounds_keep_their_hyphen():
    document = TextDocument(
        format="txt",
        pages=[
            "1. Acts of intimi-\ndation were reported in follow-\nup to the case of a non-\ngovernmental organization."
        ],
        paginated=False,
    )
    cleaned = clean.clean(document)
    assert cleaned.lines == [
        "1. Acts of intimidation were reported in follow-up to the case of a non-governmental organization."
    ]


def test_non_breaking_and_thin_spaces_become_spaces():
    text = extract_text._normalise("Mr.\u00a0X, para.\u202f12, \ufb01nal\u00ad ly")
    assert text == "Mr. X, para. 12, final ly"


def test_a_paragraph_broken_across_pages_is_whole_again(sample, render):
    from ingest.services import segment

    # The sample's longest paragraphs are laid out over page breaks in some layouts; whatever the
    # layout, every paragraph must come out whole and in order.
    document = extract_text.extract(render(sample, "pdf"), "sample.pdf")
    report = segment.segment(clean.clean(document))
    texts = [p.text for p in report.paragraphs]
    expected = [b for b in sample.blocks if b.kind == "para"]
    assert len(texts) == len(expected)
    for block, text in zip(expected, texts, strict=True):
        assert text.split()[-3:] == _plain(block.text).split()[-3:]


def test_every_gold_paragraph_survives_the_pdf_round_trip(gold, render):
    """Page breaks fall in the middle of many gold paragraphs; none may lose or gain text."""
    from ingest.services import segment

    source = gold["a-hrc-39-94"]
    report = segment.segment(clean.clean(extract_text.extract(render(source, "pdf"), "x.pdf")))
    expected = [_plain(b.text) for b in source.blocks if b.kind == "para"]
    got = [p.text for p in report.paragraphs]
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert a.split() == b.replace("\u00a0", " ").split()


def _plain(text):
    import re

    return re.sub(r"\x00\d+\x00", "", text)
