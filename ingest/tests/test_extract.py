"""Candidate cases from paragraphs: grouping, victims, mechanisms, reprisal types, dates,
perpetrators and cross-references, each with the span it was read from."""

from datetime import date

import pytest

from ingest.services import extract
from ingest.services.segment import ParsedParagraph, ParsedReport


def report(*paragraphs, symbol="A/HRC/45/99", footnotes=None):
    parsed = []
    numbers = {}
    for item in paragraphs:
        section, country, text, *rest = item
        numbers[section] = numbers.get(section, 0) + 1
        parsed.append(
            ParsedParagraph(
                section=section,
                number=numbers[section],
                text=text,
                country_heading={"BH": "Bahrain", "CN": "China", "EG": "Egypt", None: ""}[country],
                country=country,
                footnotes=rest[0] if rest else [],
                follow_up_context=section == "annex_2",
            )
        )
    return ParsedReport(
        symbol=symbol,
        title="Cooperation with the United Nations",
        year=2020,
        session=45,
        published_on=date(2020, 9, 1),
        period_start=None,
        period_end=None,
        paragraphs=parsed,
        footnotes=footnotes or {},
        page_count=1,
        format="txt",
    )


def one(*paragraphs, **kwargs):
    candidates = extract.extract_candidates(report(*paragraphs, **kwargs))
    assert len(candidates) == 1, [c.paragraphs for c in candidates]
    return candidates[0]


def spans_text(parsed, spans):
    return [parsed.paragraphs[s.paragraph].text[s.start : s.end] for s in spans]


def test_named_victims_with_gender_roles_and_spans():
    text = (
        "On 3 May 2019, Ms. Fatima Al-Khawaja, a woman human rights defender and lawyer, and her colleague "
        "Mr. Jean-Paul Mbeki were arrested by police officers after they met the Special Rapporteur on the "
        "situation of human rights defenders."
    )
    parsed = report(("annex_1", "BH", text))
    candidate = extract.extract_candidates(parsed)[0]
    victims = {v.name: v for v in candidate.victims}
    assert set(victims) == {"Fatima Al-Khawaja", "Jean-Paul Mbeki"}
    assert victims["Fatima Al-Khawaja"].gender == "female" and victims["Jean-Paul Mbeki"].gender == "male"
    assert set(victims["Fatima Al-Khawaja"].roles) == {"woman-human-rights-defender", "lawyer"}
    assert spans_text(parsed, victims["Fatima Al-Khawaja"].spans) == ["Ms. Fatima Al-Khawaja"]
    assert set(candidate.mechanisms) == {"sr-defenders"}
    assert set(candidate.reprisal_types) == {"arbitrary-detention"}
    assert candidate.incident_date == date(2019, 5, 3) and candidate.incident_date_precision == "day"
    assert candidate.perpetrator == "state"


def test_later_mentions_by_surname_are_the_same_victim():
    candidate = one(
        ("annex_1", "BH", "Mr. Yusuf Al-Mahoozi was detained in March 2018."),
        ("annex_1", "BH", "The Government stated that Mr. Al-Mahoozi was held for illegal gathering."),
    )
    assert [v.name for v in candidate.victims] == ["Yusuf Al-Mahoozi"]
    assert len(candidate.victims[0].spans) == 2


def test_anonymised_victims_and_organisations():
    candidate = one(
        (
            "annex_1",
            "EG",
            "In January 2020, a woman human rights defender and two journalists who had briefed the Committee "
            "on the Elimination of Discrimination against Women were summoned for questioning. The premises of "
            "the Egyptian Centre for Social Rights were raided the same week.",
        )
    )
    by = {v.display: v for v in candidate.victims}
    assert by["a woman human rights defender"].gender == "female"
    assert by["a woman human rights defender"].kind == "person"
    assert by["two journalists"].kind == "group" and by["two journalists"].roles == ["journalist"]
    assert by["Egyptian Centre for Social Rights"].kind == "organisation"
    assert set(candidate.mechanisms) == {"cedaw"}
    assert {"threats", "raid-confiscation"} <= set(candidate.reprisal_types)


def test_an_organisation_a_victim_works_for_is_not_a_victim():
    candidate = one(
        (
            "annex_1",
            "EG",
            "Mr. Karim Nassar, director of the Nile Centre for Legal Studies, was arrested in 2019.",
        )
    )
    assert [v.display for v in candidate.victims] == ["Karim Nassar"]


def test_relatives_named_through_the_person_are_victims_the_person_only_a_reference():
    candidate = one(("annex_1", "CN", "Family members of Mr. Liu Wei were threatened by police in 2018."))
    assert [v.display for v in candidate.victims] == ["Family members of Mr. Liu Wei".replace("F", "f", 1)]
    assert candidate.victims[0].kind == "group" and candidate.victims[0].roles == ["relative"]
    assert "reprisals-against-relatives" in candidate.reprisal_types


def test_mechanism_names_never_count_as_reprisals_or_organisations():
    candidate = one(
        (
            "annex_1",
            "CN",
            "Ms. Wang Lan wrote to the Special Rapporteur on torture and other cruel, inhuman or degrading "
            "treatment or punishment, the Working Group on Enforced or Involuntary Disappearances and the Human "
            "Rights Committee. She was placed under surveillance.",
        )
    )
    assert set(candidate.mechanisms) == {"sr-torture", "wgeid", "ccpr"}
    assert set(candidate.reprisal_types) == {"surveillance"}
    assert [v.name for v in candidate.victims] == ["Wang Lan"]


@pytest.mark.parametrize(
    "text, slug",
    [
        ("She had met OHCHR staff.", "ohchr"),
        ("She spoke at the UPR pre-session.", "upr"),
        ("She met the OHCHR country office in Guatemala.", "ohchr-field"),
        ("She briefed CEDAW in Geneva.", "cedaw"),
        (
            "She testified before the Independent International Fact-Finding Mission on Myanmar.",
            "hrc-investigation",
        ),
        ("She addressed the Expert Mechanism on the Rights of Indigenous Peoples.", "emrip"),
        (
            "She cooperated with the Special Rapporteur on the situation of human rights in Belarus.",
            "sp-country",
        ),
        ("She met the Special Rapporteur on the right to food.", "sp-other"),
        ("She briefed MINUSMA human rights officers.", "peace-operation"),
    ],
)
def test_mechanisms_by_name_or_abbreviation(text, slug):
    candidate = one(("annex_1", "EG", f"Ms. Amal Sobhy was arrested in 2019. {text}"))
    assert slug in candidate.mechanisms


def test_symbols_are_not_abbreviations():
    candidate = one(("annex_1", "EG", "Ms. Amal Sobhy (A/HRC/39/41, annex I, para. 12) was arrested."))
    assert "human-rights-council" not in candidate.mechanisms


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A/HRC/39/41, annex I, paras. 12–14", [("A/HRC/39/41", "annex_1", [12, 13, 14])]),
        ("A/HRC/42/30, para. 55", [("A/HRC/42/30", "body", [55])]),
        ("A/HRC/33/19, paras. 40 and 41", [("A/HRC/33/19", "body", [40, 41])]),
        ("A/HRC/45/36 (annex II, para. 7)", [("A/HRC/45/36", "annex_2", [7])]),
        (
            "A/HRC/42/30, annex I, para. 12, and annex II, paras. 3–4; A/HRC/39/41, para. 30",
            [
                ("A/HRC/42/30", "annex_1", [12]),
                ("A/HRC/42/30", "annex_2", [3, 4]),
                ("A/HRC/39/41", "body", [30]),
            ],
        ),
        ("A/HRC/36/31", [("A/HRC/36/31", None, [])]),
    ],
)
def test_cross_references_to_earlier_reports(text, expected):
    candidate = one(
        ("annex_2", "BH", f"In follow-up to the case of Mr. Ali Hassan ({text}), he remained in prison.")
    )
    assert [(c.symbol, c.section, c.numbers) for c in candidate.citations] == expected


def test_communications_in_footnotes_are_cross_references_with_their_footnote():
    parsed = report(
        ("annex_1", "CN", "Mr. Liu Wei was detained in 2024.", [3]),
        footnotes={3: "UA CHN 3/2024; see also AL CHN 5/2023 and opinion No. 12/2024."},
    )
    candidate = extract.extract_candidates(parsed)[0]
    assert set(candidate.communications) == {"UA CHN 3/2024", "AL CHN 5/2023", "opinion 12/2024"}
    span = candidate.communications["UA CHN 3/2024"][0]
    assert span.footnote == 3 and parsed.footnotes[3][span.start : span.end] == "UA CHN 3/2024"


def test_paragraphs_about_one_case_are_grouped_and_new_victims_start_a_new_case():
    parsed = report(
        (
            "annex_1",
            "BH",
            "On 3 May 2019, Mr. Ali Hassan was arrested after attending the Human Rights Council.",
        ),
        (
            "annex_1",
            "BH",
            "In its response, the Government stated that he had been charged with illegal gathering.",
        ),
        ("annex_1", "BH", "He was released on bail in June 2019."),
        ("annex_1", "BH", "On 9 July 2019, Ms. Zainab Salman was prevented from travelling to Geneva."),
        (
            "annex_1",
            "BH",
            "In another case, a lawyer who briefed the Committee against Torture was threatened.",
        ),
        ("annex_1", "EG", "Mr. Ali Hassan, an Egyptian blogger, was detained in 2019."),
    )
    groups = [c.paragraphs for c in extract.extract_candidates(parsed)]
    assert groups == [[0, 1, 2], [3], [4], [5]]


def test_follow_ups_citing_different_cases_are_separate():
    parsed = report(
        ("annex_2", "BH", "Mr. Ali Hassan (A/HRC/39/41, annex I, para. 4) remained in detention."),
        (
            "annex_2",
            "BH",
            "Regarding the case described in A/HRC/42/30, annex I, para. 9, the travel ban was lifted.",
        ),
    )
    candidates = extract.extract_candidates(parsed)
    assert [c.paragraphs for c in candidates] == [[0], [1]]
    assert all(c.kind == "follow_up" for c in candidates)


def test_a_body_paragraph_citing_an_earlier_report_is_a_follow_up():
    candidate = one(
        ("body", "BH", "In follow-up to the case of Mr. Ali Hassan (A/HRC/21/18, para. 14), he was released.")
    )
    assert candidate.kind == "follow_up"


def test_paragraphs_without_country_heading_are_not_cases():
    parsed = report(
        ("body", None, "Reprisals were reported in Bahrain and Egypt, where defenders were arrested.")
    )
    assert extract.extract_candidates(parsed) == []


def test_name_keys_ignore_particles_hyphens_and_accents():
    assert extract.name_tokens("Abdulhadi Al-Khawaja") == ["abdulhadi", "alkhawaja"]
    assert extract.name_tokens("Abdulhadi al Khawaja") == ["abdulhadi", "alkhawaja"]
    assert extract.name_tokens("Mehmet Yıldırım") == ["mehmet", "yildirim"]
