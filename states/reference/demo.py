"""Demonstration data: facts stated on the #EndReprisals campaign page (see SOURCES.md), recorded
in our own words. Nothing here is invented: where the page gives only a number (the 13 States at
the 54th session, the 80 States that joined the joint statement) the number is kept as reported
and no names are made up. Text is stored in English, as data (not translated).
"""

import datetime

CAMPAIGN_PAGE = "ISHR #EndReprisals campaign page (project seed, see states/reference/SOURCES.md)"
HRC54_PRESS_RELEASE = (
    "https://ungeneva.org/en/news-media/press-release/2023/09/le-conseil-des-droits-de-lhomme-tient-sa-"
    "cinquante-quatrieme"
)

SESSIONS = [
    {
        "body": "hrc",
        "number": 54,
        "title": "Human Rights Council, 54th regular session",
        "start_date": datetime.date(2023, 9, 11),
        "end_date": datetime.date(2023, 10, 13),
        "source_url": HRC54_PRESS_RELEASE,
        "note": "Held in Geneva. Dates from the UN Geneva press release announcing the session.",
    },
    {
        "body": "hrc_id",
        "number": 54,
        "title": "Interactive dialogue on reprisals, Human Rights Council 54th session",
        "part_of": ("hrc", 54),
        "start_date": datetime.date(2023, 9, 28),
        "end_date": datetime.date(2023, 9, 29),
        "reported_states_raising_cases": 13,
        "note": (
            "The campaign page reports that 13 States named individual cases of intimidation and "
            "reprisal, concerning ten countries and territories, in this dialogue; among them were "
            "the case of Anexa Alfred Cunningham and the situation in Hong Kong. It does not say which "
            "States took the floor, so no statement is recorded for any of them: add them when a "
            "source (e.g. the session's webcast or summary record) names them."
        ),
    },
    {
        "body": "ga3",
        "number": 78,
        "title": "General Assembly, Third Committee, 78th session",
        "note": (
            "Held in New York. On 12 October 2023 States named specific cases and situations of "
            "reprisal in the dialogue with the Assistant Secretary-General, a first in this forum "
            "according to the campaign page. Start and end dates of the session are not given by "
            "that source."
        ),
    },
]

RESOLUTION = {
    "symbol": "A/HRC/54/L.30/Rev.1",
    "title": "Cooperation with the United Nations, its representatives and mechanisms in the field of human rights",
    "session": ("hrc", 54),
    "adopted_by": "without_vote",
    "note": (
        "Draft resolution on reprisals, adopted at the Council's 54th session without a vote; it "
        "provides for focal points on intimidation and reprisals. The adoption date is not given by "
        "the campaign page. Co-sponsors: the campaign page lists 75 States as co-sponsors of the "
        "Council's resolutions on reprisals (the States whose New York missions it asked to take up "
        "its cases); they are recorded here as co-sponsors of this resolution. Check against the "
        "resolution's official list of sponsors before quoting."
    ),
}

SPONSORSHIP_NOTE = "Listed on the campaign page among co-sponsors of resolutions on reprisals."

# As printed on the campaign page (75 names). Resolved to countries by states.services.CountryResolver;
# "Netherlands, the" and "Turkey" go through reference/country_aliases.csv.
CO_SPONSORS = [
    "Albania",
    "Argentina",
    "Armenia",
    "Australia",
    "Austria",
    "Bahamas",
    "Belgium",
    "Bosnia and Herzegovina",
    "Botswana",
    "Bulgaria",
    "Canada",
    "Chile",
    "Colombia",
    "Costa Rica",
    "Croatia",
    "Cyprus",
    "Czechia",
    "Denmark",
    "Dominican Republic",
    "Ecuador",
    "El Salvador",
    "Estonia",
    "Fiji",
    "Finland",
    "France",
    "Georgia",
    "Germany",
    "Ghana",
    "Greece",
    "Guatemala",
    "Haiti",
    "Honduras",
    "Hungary",
    "Iceland",
    "Ireland",
    "Italy",
    "Japan",
    "Latvia",
    "Liechtenstein",
    "Lithuania",
    "Luxembourg",
    "Maldives",
    "Mali",
    "Malta",
    "Marshall Islands",
    "Mexico",
    "Moldova",
    "Monaco",
    "Mongolia",
    "Montenegro",
    "Netherlands, the",
    "New Zealand",
    "North Macedonia",
    "Norway",
    "Panama",
    "Paraguay",
    "Peru",
    "Poland",
    "Portugal",
    "Republic of Korea",
    "Romania",
    "Slovakia",
    "Slovenia",
    "South Africa",
    "Spain",
    "State of Palestine",
    "Sweden",
    "Switzerland",
    "Timor-Leste",
    "Turkey",
    "Ukraine",
    "United Kingdom of Great Britain and Northern Ireland",
    "United States of America",
    "Uruguay",
    "Vanuatu",
]

STATEMENTS = [
    {
        "session": ("ga3", 78),
        "kind": "national",
        "speaker": "US",
        "leads": [],
        "date": datetime.date(2023, 10, 12),
        "title": "Dialogue with the Assistant Secretary-General on reprisals",
        "summary": (
            "The United States named specific cases and situations of intimidation and reprisal, "
            "among them Anexa Alfred Cunningham (Nicaragua) and the situation in Hong Kong."
        ),
        # Linked when a case with this text in its title exists; otherwise reported and skipped.
        "case_titles": ["Anexa Alfred Cunningham"],
        "situations": ["Hong Kong"],
    },
    {
        "session": ("ga3", 78),
        "kind": "joint",
        "speaker": None,
        "leads": ["IE", "UY"],
        "date": None,
        "title": "Cross-regional joint statement on reprisals (general discussion, agenda item 71)",
        "summary": (
            "Joint statement on reprisals led by Ireland and Uruguay in the Third Committee's general "
            "discussion on the promotion and protection of human rights (item 71)."
        ),
        "joined_count_reported": 80,
        "note": (
            "The campaign page reports that 80 States joined, as many as the year before, without "
            "naming them; none are recorded as having joined. The delivery date is not given."
        ),
        "case_titles": [],
        "situations": [],
    },
]
