"""Linking follow-ups: the cited paragraph first, then names with transliteration variants."""

import pytest

from ingest.services import extract, link
from ingest.services.link import name_similarity

from .test_extract import report


@pytest.mark.parametrize(
    "a, b",
    [
        ("Abdulhadi Al-Khawaja", "Abdulhadi Alkhawaja"),
        ("Abdulhadi Al-Khawaja", "Abdul-Hadi al Khawaja"),
        ("Mohammed Al-Maskati", "Muhammad Almaskati"),
        ("Yusuf Al-Mahoozi", "Yousef Al-Mahoozi"),
        ("Hoda Abdelwahab", "Huda Abd El-Wahab"),
        ("Sunil Jayawardena", "Sunil Jayawardhana"),
        ("Mehmet Yıldırım", "Mehmet Yildirim"),
        ("Al-Khawaja", "Abdulhadi Al-Khawaja"),
    ],
)
def test_spelling_variants_of_one_name_match(a, b):
    assert name_similarity(a, b) >= link.NAME_THRESHOLD, (a, b, name_similarity(a, b))


@pytest.mark.parametrize(
    "a, b",
    [
        ("Ali Hassan", "Omar Hassan"),
        ("Nabil Rajab", "Nadia Rashid"),
        ("Chen Xiaoling", "Chen Guangcheng"),
        ("Mohammed Al-Maskati", "Mohammed Al-Tajer"),
    ],
)
def test_different_people_do_not_match(a, b):
    assert name_similarity(a, b) < link.NAME_THRESHOLD, (a, b, name_similarity(a, b))


def _index_with_2018_case():
    earlier = report(
        ("annex_1", "BH", "On 3 May 2018, Mr. Abdulhadi Al-Khawaja was arrested after meeting OHCHR.", []),
        ("annex_1", "BH", "In another case, Ms. Zainab Salman was prevented from travelling to Geneva.", []),
        ("annex_1", "CN", "Mr. Liu Wei was detained in 2018.", [1]),
        symbol="A/HRC/39/99",
        footnotes={1: "UA CHN 3/2018."},
    )
    candidates = extract.extract_candidates(earlier)
    index = link.MemoryIndex()
    index.add_report("A/HRC/39/99", earlier, candidates, [], lambda i, c: ("old", i))
    return index


def _links(*paragraphs, footnotes=None):
    later = report(*paragraphs, symbol="A/HRC/42/99", footnotes=footnotes)
    candidates = extract.extract_candidates(later)
    return candidates, link.best_links(
        link.link_candidates(candidates, _index_with_2018_case(), "A/HRC/42/99")
    )


def test_the_cited_paragraph_decides():
    _, best = _links(
        (
            "annex_2",
            "BH",
            "Ms. Zainab Salman (A/HRC/39/99, annex I, para. 2) was again banned from travelling.",
            [],
        )
    )
    assert best[0].target.key == ("old", 1)
    assert best[0].method == "citation" and best[0].confidence >= 0.95
    assert best[0].evidence.startswith("A/HRC/39/99, annex I")


def test_a_name_written_differently_links_without_a_citation():
    _, best = _links(("annex_2", "BH", "Mr. Abdul-Hadi Alkhawaja remained in detention throughout 2019.", []))
    assert best[0].target.key == ("old", 0)
    assert best[0].method == "name" and 0.6 <= best[0].confidence <= 0.9


def test_the_same_communication_links():
    _, best = _links(
        ("annex_2", "CN", "A relative was summoned in 2019.", [1]), footnotes={1: "See CHN 3/2018."}
    )
    assert best[0].target.key == ("old", 2) and best[0].method == "communication"


def test_no_link_to_another_country_or_an_unrelated_name():
    _, best = _links(
        ("annex_2", "EG", "Mr. Abdulhadi Al-Khawaja, an Egyptian namesake, was arrested in 2019.", []),
    )
    assert best == {}
    _, best = _links(("annex_2", "BH", "Mr. Nabeel Jaffar remained in prison.", []))
    assert best == {}


def test_new_cases_are_not_linked_by_name_alone():
    _, best = _links(("annex_1", "BH", "On 2 March 2019, Mr. Abdulhadi Al-Khawaja was again summoned.", []))
    assert best == {}


def test_a_citation_of_an_unknown_report_falls_back_to_names():
    _, best = _links(("annex_2", "BH", "Ms. Zeinab Salman (A/HRC/36/31, para. 12) left the country.", []))
    assert best[0].target.key == ("old", 1) and best[0].method == "name"
