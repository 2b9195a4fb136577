"""Fixtures for the ingestion tests: the gold reports (rendered once per session and format) and
a small sample report in both eras' layouts."""

from pathlib import Path

import pytest

from . import reportgen

GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"

SAMPLE = """\
symbol: A/HRC/39/97
distributed: 14 August 2018
session: Thirty-ninth session
session_dates: 10–28 September 2018
agenda: Agenda items 2 and 5
job: GE.18-13000(E)
layout: modern
hyphenate: yes
summary: The present report is submitted pursuant to resolution 12/2 of the Human Rights Council. It covers the period from 1 June 2017 to 31 May 2018. More information on cases is set out in annex I; follow-up to cases in previous reports is in annex II.

= I. Introduction
p: The Human Rights Council, in its resolution 12/2, expressed concern at continued reports of intimidation and reprisals against those who cooperate with the United Nations.{fn:See also General Assembly resolution 70/161.} The present report is the ninth such report.
p: The report covers the period from 1 June 2017 to 31 May 2018 and draws on information gathered by OHCHR.
= II. Trends
p: Allegations concerned many States, including Bahrain and Egypt, where defenders were labelled as traitors in State media.
@annex I | Information on alleged cases included in the present report
=== Bahrain
p[S-BH-1]: On 12 September 2017, Ms. Nadia Al-Rashidi, a woman human rights defender, was prevented from boarding a flight to Geneva, where she intended to attend the thirty-sixth session of the Human Rights Council.{fn:AL BHR 7/2017.} Her passport was confiscated by officers of the National Security Agency at Manama airport.
p[S-BH-1]: The Special Rapporteur on the situation of human rights defenders raised the case with the Government on 3 October 2017. In its response, the Government stated that the travel ban had been imposed in connection with a criminal investigation.
=== Egypt
p[S-EG-1]: In November 2017, a lawyer who had submitted information to the Committee against Torture was summoned for interrogation and threatened with detention.
@annex II | Information on follow-up to cases included in previous reports
=== Bahrain
p[S-BH-F1]: In follow-up to the case of Mr. Jassim Hadi Al-Mousawi (A/HRC/36/31, annex I, paras. 3–5), his relatives remained in detention throughout the reporting period.
"""

SAMPLE_CLASSIC = """\
symbol: A/HRC/27/98
distributed: 27 August 2014
session: Twenty-seventh session
agenda: Agenda items 2 and 5
job: GE.14-15000(E)
layout: classic
summary: The present report is submitted pursuant to Human Rights Council resolution 12/2 and covers information gathered from 1 June 2013 to 31 May 2014.

= I. Introduction
p: The present report is submitted pursuant to Human Rights Council resolution 12/2 on intimidation and reprisal against those who cooperate with the United Nations.
= II. Information received on cases of reprisal for cooperation with the United Nations, its representatives and mechanisms in the field of human rights
== A. Summary of cases
=== China
p[C-CN-1]: Ms. Chen Xiaoling, a legal activist, was detained on 14 October 2013 after she tried to travel to Geneva for the universal periodic review of China.
p[C-CN-1]: The Government replied that Ms. Chen had been placed under administrative detention.
p[C-CN-2]: In another case, a blogger who met the Independent Expert on foreign debt was visited at home by police officers, who confiscated her laptop.
== B. Follow-up to cases included in previous reports
=== Bahrain
p[C-BH-F1]: In follow-up to the case of Mr. Abdulrahman Al-Sayegh (A/HRC/24/29, para. 14), his sentence of five years’ imprisonment was upheld on appeal.
= III. Conclusions
p: The Secretary-General calls upon all States to prevent intimidation and reprisals.
"""


def build(markup: str, registry=None) -> reportgen.SourceReport:
    return reportgen.build(markup, registry or reportgen.Registry())


@pytest.fixture(scope="session")
def sample():
    return build(SAMPLE)


@pytest.fixture(scope="session")
def sample_classic():
    return build(SAMPLE_CLASSIC)


class Rendered:
    """Files rendered on demand and kept for the session."""

    def __init__(self):
        self._cache = {}

    def __call__(self, source: reportgen.SourceReport, fmt: str) -> bytes:
        key = (source.name, source.symbol, fmt)
        if key not in self._cache:
            if fmt == "pdf":
                data = reportgen.to_pdf(source)
            elif fmt == "docx":
                data = reportgen.to_docx(source)
            elif fmt == "html":
                data = reportgen.to_html(source).encode()
            elif fmt == "html-plain":
                data = reportgen.to_html(source, style="plain").encode()
            else:
                data = reportgen.to_txt(source).encode()
            self._cache[key] = data
        return self._cache[key]


@pytest.fixture(scope="session")
def render():
    return Rendered()


@pytest.fixture(scope="session")
def gold_sources():
    return reportgen.build_set(sorted(GOLD.glob("*.un")))


@pytest.fixture(scope="session")
def gold(gold_sources):
    return {source.name: source for source in gold_sources}
