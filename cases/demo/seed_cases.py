"""The five real cases of ISHR's 2023 #EndReprisals campaign, summarised for this project.

These are real people and real events, so they are not demo records (`is_demo=False`). Mentions
are created only for the Secretary-General's reports the campaign page names; the paragraphs are
left empty until the reports themselves are ingested.
"""

from datetime import date

from .generator import CaseSpec, MentionSpec, VictimSpec, stable_public_id

SOURCE = "International Service for Human Rights (ISHR), #EndReprisals campaign page, 2023"

# The Secretary-General's report of each year (see cases/reference/reports.csv).
SG_REPORTS = {
    2018: "A/HRC/39/41",
    2019: "A/HRC/42/30",
    2020: "A/HRC/45/36",
    2021: "A/HRC/48/28",
    2022: "A/HRC/51/47",
}


def _mentions(years: list[int]) -> list[MentionSpec]:
    """A first mention in the first year's report and follow-ups in the later ones."""
    return [
        MentionSpec(report_symbol=SG_REPORTS[year], kind="first" if i == 0 else "follow_up")
        for i, year in enumerate(years)
    ]


def _case(key: str, **fields) -> CaseSpec:
    return CaseSpec(
        public_id=stable_public_id(f"endreprisals-seed-{key}"),
        perpetrator="state",
        status="ongoing",
        visibility="public",
        published=True,
        is_demo=False,
        **fields,
    )


SEED_CASES = [
    _case(
        "anexa-alfred-cunningham",
        title="Anexa Alfred Cunningham",
        country_iso2="NI",
        summary=(
            "Anexa Alfred Cunningham is a Miskitu lawyer and Indigenous leader who defends the land "
            "and resources of the Indigenous and Afro-descendant peoples of Nicaragua's Caribbean "
            "Coast, and a member of the UN Expert Mechanism on the Rights of Indigenous Peoples. "
            "In July 2022, on her way home from the first Expert Mechanism session she attended as "
            "a member, she was kept from boarding her flight because the Nicaraguan authorities "
            "would not admit her. She has been unable to return to her family, including her young "
            "children, since then. Repeated requests for an explanation from the President of the "
            "Human Rights Council have received no reply from the Government."
        ),
        incident_date=date(2022, 7, 1),
        incident_date_precision="month",
        mechanisms=["emrip"],
        reprisal_types=["travel-ban"],
        victims=[
            VictimSpec(
                kind="person",
                name="Anexa Alfred Cunningham",
                gender="female",
                roles=["indigenous-leader", "woman-human-rights-defender", "lawyer", "un-expert"],
            )
        ],
    ),
    _case(
        "vanessa-mendoza-cortes",
        title="Vanessa Mendoza Cortés",
        country_iso2="AD",
        summary=(
            "Vanessa Mendoza Cortés, a psychologist, chairs Associació Stop Violències, which works "
            "on gender-based violence and on sexual and reproductive rights in Andorra, a country "
            "where abortion is banned in all circumstances. The association reported to the "
            "Committee on the Elimination of Discrimination against Women in 2019, and she spoke "
            "before the Committee in Geneva that October. Within weeks she was summoned by the "
            "police, and the head of Government announced that prosecutors had been asked to "
            "examine her submission for possible offences against the reputation of the State. "
            "She was charged in 2020 and indicted in October 2022 for offences against the prestige "
            "of the institutions, on evidence that cites the report sent to the Committee."
        ),
        incident_date=date(2019, 11, 1),
        incident_date_precision="month",
        mechanisms=["cedaw"],
        reprisal_types=["threats", "criminal-charges"],
        victims=[
            VictimSpec(
                kind="person",
                name="Vanessa Mendoza Cortés",
                gender="female",
                roles=["woman-human-rights-defender"],
            )
        ],
    ),
    _case(
        "kadar-abdi-ibrahim",
        title="Kadar Abdi Ibrahim",
        country_iso2="DJ",
        summary=(
            "Kadar Abdi Ibrahim is a Djiboutian journalist, human rights defender and opposition "
            "politician, formerly a university lecturer and co-director of L'Aurore, an independent "
            "newspaper that was later banned. In April 2018, days after returning from advocacy in "
            "Geneva ahead of Djibouti's Universal Periodic Review, officers of the intelligence "
            "service searched his home and seized his passport. The passport has never been "
            "returned, which has kept him from travelling abroad, including to work with the UN. "
            "The Secretary-General reported the case every year from 2018 to 2022."
        ),
        incident_date=date(2018, 4, 1),
        incident_date_precision="month",
        mechanisms=["upr"],
        reprisal_types=["raid-confiscation", "travel-ban"],
        victims=[
            VictimSpec(
                kind="person",
                name="Kadar Abdi Ibrahim",
                gender="male",
                roles=["human-rights-defender", "journalist", "political-opponent"],
            )
        ],
        mentions=_mentions([2018, 2019, 2020, 2021, 2022]),
    ),
    _case(
        "civil-human-rights-front",
        title="Hong Kong civil society: the Civil Human Rights Front",
        country_iso2="HK",
        summary=(
            "The Civil Human Rights Front, a coalition of Hong Kong groups founded in 2002, "
            "organised some of the largest peaceful demonstrations in the city's history. After "
            "the National Security Law came into force in July 2020, the police wrote to the Front "
            "in April 2021 questioning its legal status, demanding an account of its activities "
            "and finances, and asking why it had written to the UN High Commissioner for Human "
            "Rights in December 2020 about alleged police violence. The Front disbanded on "
            "15 August 2021, and the Secretary-General included the case in his 2021 report. It "
            "shows how the broadly drawn offence of collusion under the law deters Hong Kong civil "
            "society from engaging with the UN."
        ),
        incident_date=date(2021, 4, 1),
        incident_date_precision="month",
        mechanisms=["ohchr"],
        reprisal_types=["threats", "closure-of-organisation", "restrictive-legislation"],
        victims=[
            VictimSpec(
                kind="organisation",
                name="Civil Human Rights Front",
                description="a coalition of Hong Kong civil society groups",
                gender="unknown",
                roles=["civil-society-organisation"],
            )
        ],
        mentions=_mentions([2021]),
    ),
    _case(
        "amina-al-abdouli-maryam-al-balushi",
        title="Amina al-Abdouli and Maryam al-Balushi",
        country_iso2="AE",
        summary=(
            "Amina al-Abdouli, a former teacher and mother of five, and Maryam al-Balushi, a "
            "student, were arrested in the United Arab Emirates in November 2015 and given five-year "
            "prison sentences after trials in which they had no lawyer. From prison they got "
            "accounts of their torture and ill-treatment out to UN experts, and special procedures "
            "mandate holders raised their situation with the Government in February 2019. New "
            "charges followed in July 2019, and in April 2021 a court added three years to their "
            "sentences for spreading false information. The Working Group on Arbitrary Detention "
            "described the case as reprisals for their contact with the special procedures, and "
            "the Secretary-General reported it in 2019, 2020 and 2021."
        ),
        incident_date=date(2019, 7, 1),
        incident_date_precision="month",
        mechanisms=["wgad", "sp-other"],
        reprisal_types=["criminal-charges", "arbitrary-detention", "torture"],
        victims=[
            VictimSpec(
                kind="person",
                name="Amina al-Abdouli",
                gender="female",
                roles=["woman-human-rights-defender"],
            ),
            VictimSpec(
                kind="person",
                name="Maryam al-Balushi",
                gender="female",
                roles=["woman-human-rights-defender", "student"],
            ),
        ],
        mentions=_mentions([2019, 2020, 2021]),
    ),
]
