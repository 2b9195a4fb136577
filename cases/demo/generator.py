"""The synthetic demonstration set: invented cases, reports and report paragraphs.

Everything here is deterministic (one `random.Random` with a fixed seed, public ids derived from
a stable key), so every run — and every developer's database — gets the same records. Nothing
describes a real person or event: named victims are "Demo Person N" / "Demo Organisation N",
titles start with "[Demo] ", paragraph texts with "[Demo]", and the reports are "DEMO/<year>".
The countries are real so that the country pages, maps and facets have something to show.
"""

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..models.case import _PUBLIC_ID_ALPHABET
from ..reference.vocabularies import MECHANISMS, REPRISAL_TYPES

SEED = 20100614
CASE_COUNT = 160
FIRST_REPORT_YEAR, LAST_REPORT_YEAR = 2010, 2023
FIRST_INCIDENT_YEAR = 2009
# The Secretary-General's reports put new cases in annex I and follow-ups in annex II from 2017.
ANNEX_FROM_YEAR = 2017
# Main-body paragraphs before the cases (introduction, activities, trends) are not generated.
FIRST_BODY_PARAGRAPH = 15
# Share of cases first reported before 2023 that the later reports follow up (about 30% of all
# cases, since those first reported in 2023 have no later report to appear in).
FOLLOW_UP_SHARE = 0.38

TITLE_PREFIX = "[Demo] "
TEXT_PREFIX = "[Demo] "


# -- Specifications, shared with seed_cases.py and turned into rows by cases.demo.load_demo ------


@dataclass
class VictimSpec:
    kind: str  # Victim.Kind value
    gender: str  # Victim.Gender value
    roles: list[str]
    name: str = ""
    description: str = ""

    @property
    def display_name(self) -> str:
        return self.name or self.description


@dataclass
class ParagraphSpec:
    report_symbol: str
    section: str  # Paragraph.Section value
    number: int
    country_iso2: str
    country_heading: str
    text: str = ""

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.report_symbol, self.section, self.number)


@dataclass
class MentionSpec:
    report_symbol: str
    kind: str  # Mention.Kind value
    paragraph: ParagraphSpec | None = None


@dataclass
class CaseSpec:
    public_id: str
    title: str
    country_iso2: str
    summary: str
    perpetrator: str  # Case.Perpetrator value
    status: str  # Case.Status value
    visibility: str  # Visibility value
    published: bool
    is_demo: bool
    incident_date: date | None = None
    incident_date_precision: str = "day"
    mechanisms: list[str] = field(default_factory=list)
    reprisal_types: list[str] = field(default_factory=list)
    victims: list[VictimSpec] = field(default_factory=list)
    mentions: list[MentionSpec] = field(default_factory=list)


def stable_public_id(key: str) -> str:
    """A public id in the same alphabet and length as `new_public_id`, derived from `key`, so a
    record loaded again is recognised instead of duplicated."""
    number = int.from_bytes(hashlib.sha256(key.encode()).digest(), "big")
    chars = []
    for _ in range(10):
        number, digit = divmod(number, len(_PUBLIC_ID_ALPHABET))
        chars.append(_PUBLIC_ID_ALPHABET[digit])
    return "".join(chars)


# -- Demo reports ------------------------------------------------------------------------------


@dataclass
class ReportSpec:
    symbol: str
    year: int
    title: str
    period_start: date
    period_end: date


def demo_report_symbol(year: int) -> str:
    return f"DEMO/{year}"


def demo_reports() -> list[ReportSpec]:
    return [
        ReportSpec(
            symbol=demo_report_symbol(year),
            year=year,
            title=f"[Demo] Invented demonstration report, {year} (not a United Nations document)",
            period_start=date(year - 1, 5, 1),
            period_end=date(year, 4, 30),
        )
        for year in range(FIRST_REPORT_YEAR, LAST_REPORT_YEAR + 1)
    ]


# -- Weighted vocabularies ---------------------------------------------------------------------

# (ISO 3166-1 alpha-2, weight): roughly where the Secretary-General's reports find most cases.
COUNTRY_WEIGHTS = [
    ("CN", 12),
    ("EG", 9),
    ("VE", 8),
    ("BH", 7),
    ("BI", 6),
    ("CU", 6),
    ("SA", 6),
    ("RU", 6),
    ("VN", 6),
    ("MM", 6),
    ("NI", 6),
    ("IR", 5),
    ("BY", 4),
    ("IN", 4),
    ("CO", 4),
    ("PH", 4),
    ("AE", 3),
    ("MX", 3),
    ("GT", 3),
    ("HN", 3),
    ("TH", 3),
    ("LK", 3),
    ("BD", 3),
    ("DZ", 3),
    ("MA", 3),
    ("SD", 3),
    ("CM", 3),
    ("CD", 3),
    ("TR", 3),
    ("IL", 3),
    ("RW", 2),
    ("KG", 2),
    ("TM", 2),
    ("UZ", 2),
    ("YE", 2),
]

MECHANISM_WEIGHTS = {
    "upr": 14,
    "sr-defenders": 12,
    "human-rights-council": 10,
    "wgad": 9,
    "cat": 6,
    "ohchr": 6,
    "ccpr": 5,
    "cedaw": 5,
    "ohchr-field": 5,
    "sr-expression": 5,
    "sr-assembly": 4,
    "sr-torture": 4,
    "crc": 3,
    "cerd": 3,
    "wgeid": 3,
    "hrc-investigation": 3,
    "cescr": 2,
    "spt": 2,
    "ced": 2,
    "sr-judges-lawyers": 2,
    "sr-indigenous": 2,
    "sr-violence-women": 2,
    "sr-religion": 2,
    "sr-counter-terrorism": 2,
    "emrip": 2,
    "peace-operation": 2,
    "ecosoc-ngo-committee": 2,
    "unpfii": 1,
    "sr-environment": 1,
    "asg-reprisals": 1,
    "forum-business-human-rights": 1,
}

REPRISAL_WEIGHTS = {
    "threats": 16,
    "arbitrary-detention": 14,
    "travel-ban": 10,
    "criminal-charges": 10,
    "surveillance": 8,
    "smear-campaign": 8,
    "torture": 6,
    "raid-confiscation": 5,
    "online-harassment": 5,
    "reprisals-against-relatives": 4,
    "administrative-reprisal": 4,
    "denial-of-access": 4,
    "closure-of-organisation": 3,
    "dismissal": 3,
    "enforced-disappearance": 3,
    "restrictive-legislation": 2,
    "sexual-violence": 2,
    "killing": 1,
}

# How the reports' prose names each reprisal.
REPRISAL_PHRASES = {
    "killing": "a fatal attack",
    "torture": "ill-treatment in custody",
    "arbitrary-detention": "arbitrary arrest and detention",
    "enforced-disappearance": "enforced disappearance",
    "sexual-violence": "threats of sexual violence",
    "threats": "intimidation",
    "surveillance": "surveillance",
    "smear-campaign": "a smear campaign in pro-government media",
    "travel-ban": "a travel ban",
    "criminal-charges": "criminal charges",
    "restrictive-legislation": "prosecution under restrictive legislation",
    "dismissal": "dismissal from employment",
    "closure-of-organisation": "the forced closure of an organisation",
    "reprisals-against-relatives": "harassment of family members",
    "online-harassment": "online harassment",
    "raid-confiscation": "a raid and the confiscation of documents and equipment",
    "administrative-reprisal": "administrative harassment, including repeated tax inspections",
    "denial-of-access": "obstacles preventing further contact with the United Nations",
}

MECHANISM_GROUPS = {slug: group for slug, _name, _abbr, group in MECHANISMS}
MECHANISM_NAMES = {slug: name for slug, name, _abbr, _group in MECHANISMS}
REPRISAL_NAMES = {slug: name for slug, name, _description in REPRISAL_TYPES}

# How the prose refers to a mechanism, where "the <name>" reads badly.
MECHANISM_OBJECTS = {
    "hrc-investigation": "a commission of inquiry of the Human Rights Council",
    "peace-operation": "the human rights component of a United Nations peace operation",
    "ohchr": "the Office of the High Commissioner for Human Rights (OHCHR)",
    "ohchr-field": "the OHCHR field presence",
    "upr": "the Universal Periodic Review",
}

ENGAGEMENT_VERBS = {
    "council": "taken part in a session of",
    "upr": "contributed information to",
    "treaty_body": "submitted information to",
    "special_procedure": "communicated with",
    "ohchr": "cooperated with",
    "peace_operation": "provided information to",
    "other": "engaged with",
}

# Roles of named individuals, and the noun phrase the prose uses for each.
PERSON_ROLE_WEIGHTS = {
    "human-rights-defender": 20,
    "woman-human-rights-defender": 12,
    "journalist": 9,
    "lawyer": 8,
    "victim-or-witness": 6,
    "relative": 5,
    "political-opponent": 4,
    "indigenous-leader": 4,
    "environmental-defender": 4,
    "trade-unionist": 3,
    "academic": 3,
    "student": 3,
    "religious-leader": 2,
    "lgbti-defender": 2,
}
ROLE_NOUNS = {
    "human-rights-defender": "a human rights defender",
    "woman-human-rights-defender": "a woman human rights defender",
    "lawyer": "a lawyer",
    "journalist": "a journalist",
    "relative": "a relative of a detained defender",
    "civil-society-organisation": "a civil society organisation",
    "indigenous-leader": "an Indigenous leader",
    "trade-unionist": "a trade unionist",
    "academic": "an academic",
    "student": "a student",
    "religious-leader": "a religious leader",
    "political-opponent": "a member of the political opposition",
    "environmental-defender": "an environmental defender",
    "lgbti-defender": "an LGBTI rights defender",
    "victim-or-witness": "a victim of human rights violations",
}

# Anonymised individuals: (description, gender, roles).
ANONYMISED_PEOPLE = [
    ("a woman human rights defender", "female", ["woman-human-rights-defender"]),
    ("a human rights defender", "unknown", ["human-rights-defender"]),
    ("a human rights lawyer", "unknown", ["lawyer", "human-rights-defender"]),
    ("a woman lawyer", "female", ["lawyer", "woman-human-rights-defender"]),
    ("an independent journalist", "unknown", ["journalist"]),
    ("a woman journalist", "female", ["journalist"]),
    ("the mother of a detained defender", "female", ["relative"]),
    ("the brother of a disappeared person", "male", ["relative"]),
    ("an Indigenous leader", "unknown", ["indigenous-leader"]),
    ("an Indigenous woman leader", "female", ["indigenous-leader", "woman-human-rights-defender"]),
    ("a trade union leader", "unknown", ["trade-unionist"]),
    ("a university lecturer", "unknown", ["academic"]),
    ("a student activist", "unknown", ["student"]),
    ("a religious leader", "male", ["religious-leader"]),
    ("a member of the political opposition", "unknown", ["political-opponent"]),
    ("a land rights defender", "unknown", ["environmental-defender"]),
    ("an LGBTI rights activist", "unknown", ["lgbti-defender"]),
    ("a torture survivor who gave testimony", "unknown", ["victim-or-witness"]),
]
ORGANISATION_DESCRIPTIONS = [
    "a human rights non-governmental organisation",
    "a women's rights organisation",
    "a legal aid centre",
    "an independent media outlet",
    "an association of Indigenous peoples",
]
# Groups: (description, roles).
GROUPS = [
    ("members of a local human rights organisation", ["human-rights-defender"]),
    ("relatives of victims of enforced disappearance", ["relative"]),
    ("community leaders from an Indigenous territory", ["indigenous-leader"]),
    ("journalists from an independent outlet", ["journalist"]),
    ("lawyers representing detained defenders", ["lawyer"]),
    ("students who attended a side event at the United Nations", ["student"]),
]

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

SECTION_LABELS = {"annex_1": "annex I", "annex_2": "annex II"}


def _section(year: int, kind: str) -> str:
    if year < ANNEX_FROM_YEAR:
        return "body"
    return "annex_1" if kind == "first" else "annex_2"


def _pick(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    """`k` distinct keys, drawn by weight."""
    pool = dict(weights)
    chosen = []
    for _ in range(min(k, len(pool))):
        key = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(key)
        del pool[key]
    return chosen


def _weighted(rng: random.Random, options: dict):
    return rng.choices(list(options), weights=list(options.values()))[0]


def _long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _when(day: date | None, precision: str) -> str:
    if day is None:
        return "During the reporting period"
    if precision == "year":
        return f"In {day.year}"
    if precision == "month":
        return f"In {MONTHS[day.month - 1]} {day.year}"
    return f"On {_long_date(day)}"


def _mechanism_object(slug: str) -> str:
    return MECHANISM_OBJECTS.get(slug, f"the {MECHANISM_NAMES[slug]}")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


class _Generator:
    def __init__(self, country_names: dict[str, str]):
        self.rng = random.Random(SEED)
        self.country_names = country_names
        self.person_counter = 0
        self.organisation_counter = 0

    # -- victims -----------------------------------------------------------------------------

    def victim(self) -> VictimSpec:
        rng = self.rng
        kind = _weighted(rng, {"person": 78, "organisation": 12, "group": 10})
        if kind == "organisation":
            self.organisation_counter += 1
            return VictimSpec(
                kind="organisation",
                gender="unknown",
                roles=["civil-society-organisation"],
                name=f"Demo Organisation {self.organisation_counter}",
                description=rng.choice(ORGANISATION_DESCRIPTIONS),
            )
        if kind == "group":
            description, roles = rng.choice(GROUPS)
            return VictimSpec(kind="group", gender="unknown", roles=list(roles), description=description)
        if rng.random() < 0.55:
            self.person_counter += 1
            gender = _weighted(rng, {"female": 45, "male": 45, "other": 3, "unknown": 7})
            weights = dict(PERSON_ROLE_WEIGHTS)
            if gender != "female":
                del weights["woman-human-rights-defender"]
            roles = _pick(rng, weights, rng.choice([1, 1, 2]))
            if gender == "female" and "human-rights-defender" in roles:
                roles[roles.index("human-rights-defender")] = "woman-human-rights-defender"
                roles = list(dict.fromkeys(roles))
            return VictimSpec(
                kind="person", gender=gender, roles=roles, name=f"Demo Person {self.person_counter}"
            )
        description, gender, roles = rng.choice(ANONYMISED_PEOPLE)
        return VictimSpec(kind="person", gender=gender, roles=list(roles), description=description)

    @staticmethod
    def victim_phrase(victim: VictimSpec) -> str:
        """How the prose names a victim; an apposition ends with its closing comma."""
        if victim.kind == "organisation":
            return f"{victim.name}, {victim.description},"
        if victim.name:
            return f"{victim.name}, {ROLE_NOUNS[victim.roles[0]]},"
        return victim.description

    def victims_text(self, spec: CaseSpec) -> str:
        return _join([self.victim_phrase(v) for v in spec.victims]).replace(",,", ",")

    # -- dates -------------------------------------------------------------------------------

    def incident(self) -> tuple[date | None, str, int]:
        """(incident date, precision, year of the first report)."""
        rng = self.rng
        years = list(range(FIRST_INCIDENT_YEAR, LAST_REPORT_YEAR + 1))
        year = rng.choices(years, weights=[4 + i for i in range(len(years))])[0]
        same_year = year == LAST_REPORT_YEAR or (year >= FIRST_REPORT_YEAR and rng.random() < 0.25)
        report_year = year if same_year else max(year + 1, FIRST_REPORT_YEAR)
        # A report covers roughly May of the previous year to April of its own year.
        month = rng.randint(1, 4) if same_year else rng.randint(1, 12)
        precision = _weighted(rng, {"day": 50, "month": 35, "year": 12, "none": 3})
        if precision == "none":
            return None, "year", report_year
        if precision == "year":
            return date(year, 1, 1), precision, report_year
        if precision == "month":
            return date(year, month, 1), precision, report_year
        return date(year, month, rng.randint(1, 28)), precision, report_year

    # -- one case ----------------------------------------------------------------------------

    def case(self, index: int, iso2: str) -> tuple[CaseSpec, list[dict]]:
        """One case, and the random choices for the prose of each of its paragraphs (drawn now,
        so the random sequence does not depend on paragraph numbering)."""
        rng = self.rng
        victims = [self.victim() for _ in range(rng.choices([1, 2, 3], weights=[70, 20, 10])[0])]
        mechanisms = _pick(rng, MECHANISM_WEIGHTS, rng.choices([1, 2, 3], weights=[65, 27, 8])[0])
        reprisals = _pick(rng, REPRISAL_WEIGHTS, rng.choices([1, 2, 3], weights=[45, 38, 17])[0])
        incident_date, precision, first_year = self.incident()
        perpetrator = _weighted(rng, {"state": 76, "both": 8, "non_state": 6, "unknown": 10})
        status = _weighted(rng, {"ongoing": 50, "unknown": 32, "resolved": 18})

        mention_years = [first_year]
        if first_year < LAST_REPORT_YEAR and rng.random() < FOLLOW_UP_SHARE:
            later = list(range(first_year + 1, LAST_REPORT_YEAR + 1))
            count = min(rng.choice([1, 1, 1, 2, 2, 3, 4]), len(later))
            mention_years += sorted(rng.sample(later, count))
        mentions = []
        for position, year in enumerate(mention_years):
            kind = "first" if position == 0 else "follow_up"
            section = _section(year, kind)
            paragraph = ParagraphSpec(
                report_symbol=demo_report_symbol(year),
                section=section,
                number=0,  # numbered once every case is drawn; see number_paragraphs()
                country_iso2=iso2,
                country_heading=self.country_names[iso2],
            )
            mentions.append(
                MentionSpec(report_symbol=paragraph.report_symbol, kind=kind, paragraph=paragraph)
            )

        names = [v.display_name for v in victims]
        if len(names) > 2:
            names = [names[0], names[1], "others"]
        victims_title = _join(names)
        title = TITLE_PREFIX + victims_title[0].upper() + victims_title[1:]

        spec = CaseSpec(
            public_id=stable_public_id(f"endreprisals-demo-case-{index}"),
            title=title[:300],
            country_iso2=iso2,
            summary="",
            perpetrator=perpetrator,
            status=status,
            visibility="public",
            published=True,
            is_demo=True,
            incident_date=incident_date,
            incident_date_precision=precision,
            mechanisms=mechanisms,
            reprisal_types=reprisals,
            victims=victims,
            mentions=mentions,
        )
        spec.summary = self.summary(spec)
        return spec, [self.prose_choices() for _ in mentions]

    # -- prose -------------------------------------------------------------------------------

    @staticmethod
    def _plural(spec: CaseSpec) -> bool:
        return len(spec.victims) > 1 or spec.victims[0].kind == "group"

    @staticmethod
    def _possessive(spec: CaseSpec) -> str:
        if len(spec.victims) == 1 and spec.victims[0].kind == "person":
            return {"female": "her", "male": "his"}.get(spec.victims[0].gender, "their")
        return "its" if spec.victims[0].kind == "organisation" and len(spec.victims) == 1 else "their"

    @staticmethod
    def _perpetrator_phrase(spec: CaseSpec) -> str:
        return {
            "state": " by the authorities",
            "non_state": " by unidentified individuals",
            "both": " by police officers and unidentified individuals",
        }.get(spec.perpetrator, "")

    def summary(self, spec: CaseSpec) -> str:
        victims = self.victims_text(spec)
        engagement = ENGAGEMENT_VERBS[MECHANISM_GROUPS[spec.mechanisms[0]]]
        mechanisms = _join([_mechanism_object(m) for m in spec.mechanisms])
        reprisals = _join([REPRISAL_PHRASES[r] for r in spec.reprisal_types])
        verb = "were" if self._plural(spec) else "was"
        have = "have" if self._plural(spec) else "has"
        outcome = {
            "ongoing": "According to the latest information, the reprisals are continuing.",
            "resolved": "Later information indicated that the situation had been resolved.",
            "unknown": "No further information on the situation has been received.",
        }[spec.status]
        lead = victims[0].upper() + victims[1:]
        return (
            "Invented demonstration record: no real person, organisation or event is described. "
            f"{lead} {have} {engagement} {mechanisms} and {verb} then subjected to "
            f"{reprisals}{self._perpetrator_phrase(spec)}. {outcome}"
        )

    def prose_choices(self) -> dict:
        """The random parts of one paragraph's text."""
        rng = self.rng
        return {
            "link": rng.randrange(3),
            "communication": rng.random() < 0.6,
            "delay": rng.randint(20, 120),
            "response": rng.randrange(5) if rng.random() < 0.5 else None,
            "update": rng.randrange(3),
            "closing": rng.randrange(3),
        }

    def paragraph_text(self, spec: CaseSpec, mention: MentionSpec, choices: dict, first_ref: str) -> str:
        victims = self.victims_text(spec).rstrip(",")
        possessive = self._possessive(spec)
        reprisals = _join([REPRISAL_PHRASES[r] for r in spec.reprisal_types])
        year = int(mention.report_symbol.split("/")[1])
        if mention.kind == "follow_up":
            update = [
                f"information received during the reporting period indicated that {reprisals} continued",
                f"OHCHR continued to receive allegations of {reprisals}",
                f"sources reported no improvement in the situation, and concerns about {reprisals} remain",
            ][choices["update"]]
            if spec.status == "resolved" and mention is spec.mentions[-1]:
                update = f"it was reported in {year} that the measures had been lifted"
            closing = [
                "The Government has not responded to requests for information.",
                "OHCHR continues to follow the case.",
                "The Secretary-General reiterates his call for an investigation.",
            ][choices["closing"]]
            return f"{TEXT_PREFIX}In follow-up to the case of {victims} ({first_ref}), {update}. {closing}"

        verb = "were" if self._plural(spec) else "was"
        engagement = ENGAGEMENT_VERBS[MECHANISM_GROUPS[spec.mechanisms[0]]]
        mechanism = _mechanism_object(spec.mechanisms[0])
        sentences = [
            f"{TEXT_PREFIX}{_when(spec.incident_date, spec.incident_date_precision)}, {victims}, "
            f"who had {engagement} {mechanism}, {verb} reportedly subjected to "
            f"{reprisals}{self._perpetrator_phrase(spec)}.",
            [
                f"Sources indicated that the acts were linked to {possessive} cooperation with the "
                "United Nations.",
                f"It was alleged that the acts were carried out in reprisal for {possessive} engagement "
                "with the United Nations.",
                "The incidents reportedly took place shortly after this engagement.",
            ][choices["link"]],
        ]
        if choices["communication"]:
            special = [m for m in spec.mechanisms if MECHANISM_GROUPS[m] == "special_procedure"]
            sender = _mechanism_object(special[0]) if special else "OHCHR"
            start = spec.incident_date or date(year - 1, 5, 1)
            sent = min(start + timedelta(days=choices["delay"]), date(year, 4, 30))
            sentences.append(f"On {_long_date(sent)}, {sender} raised these allegations with the Government.")
        if choices["response"] is not None:
            sentences.append(
                [
                    "The Government responded that the measures were unrelated to cooperation with "
                    "the United Nations.",
                    "The Government rejected the allegations, stating that the measures were taken "
                    "under ordinary law.",
                    "At the time of writing, no response had been received.",
                    "The Government has not provided information on steps taken to investigate the "
                    "allegations.",
                    "The Government stated that an investigation had been opened.",
                ][choices["response"]]
            )
        return " ".join(sentences[:4])


def _assign_countries(rng: random.Random, count: int) -> list[str]:
    """Countries in proportion to their weights (largest remainder), in a shuffled order."""
    total = sum(weight for _iso2, weight in COUNTRY_WEIGHTS)
    quotas = [(iso2, weight * count / total) for iso2, weight in COUNTRY_WEIGHTS]
    shares = {iso2: int(quota) for iso2, quota in quotas}
    by_remainder = sorted(quotas, key=lambda q: q[1] - int(q[1]), reverse=True)
    for iso2, _quota in by_remainder[: count - sum(shares.values())]:
        shares[iso2] += 1
    assigned = [iso2 for iso2, share in shares.items() for _ in range(share)]
    rng.shuffle(assigned)
    return assigned


def _assign_visibility(rng: random.Random, specs: list[CaseSpec]) -> None:
    """Exactly ~85% public and published, ~8% restricted, ~5% confidential, ~2% drafts."""
    count = len(specs)
    restricted, confidential = round(count * 0.08), round(count * 0.05)
    drafts = max(1, round(count * 0.02))
    order = list(range(count))
    rng.shuffle(order)
    for position, index in enumerate(order):
        spec = specs[index]
        if position < restricted:
            spec.visibility = "restricted"
        elif position < restricted + confidential:
            spec.visibility = "confidential"
        elif position < restricted + confidential + drafts:
            spec.published = False


def _number_paragraphs(specs: list[CaseSpec], country_names: dict[str, str]) -> None:
    """Number each report section's paragraphs in report order: new cases before follow-ups in
    the main body, and by country within each part, as the reports do."""
    by_section: dict[tuple[str, str], list[tuple[tuple, ParagraphSpec]]] = {}
    for index, spec in enumerate(specs):
        for mention in spec.mentions:
            p = mention.paragraph
            order = (mention.kind != "first", country_names[p.country_iso2], index)
            by_section.setdefault((p.report_symbol, p.section), []).append((order, p))
    for (_symbol, section), paragraphs in by_section.items():
        start = FIRST_BODY_PARAGRAPH if section == "body" else 1
        for number, (_order, paragraph) in enumerate(sorted(paragraphs, key=lambda x: x[0]), start):
            paragraph.number = number


def _reference(paragraph: ParagraphSpec) -> str:
    if paragraph.section == "body":
        return f"{paragraph.report_symbol}, para. {paragraph.number}"
    return f"{paragraph.report_symbol}, {SECTION_LABELS[paragraph.section]}, para. {paragraph.number}"


def generate(country_names: dict[str, str], count: int = CASE_COUNT) -> list[CaseSpec]:
    """The synthetic cases, identical on every call. `country_names` maps ISO alpha-2 codes to
    the names used as report country headings (it must hold every code in COUNTRY_WEIGHTS)."""
    generator = _Generator(country_names)
    countries = _assign_countries(generator.rng, count)
    drawn = [generator.case(index, iso2) for index, iso2 in enumerate(countries, start=1)]
    specs = [spec for spec, _prose in drawn]
    _assign_visibility(generator.rng, specs)
    _number_paragraphs(specs, country_names)
    for spec, prose in drawn:
        first_ref = _reference(spec.mentions[0].paragraph)
        for mention, choices in zip(spec.mentions, prose, strict=True):
            mention.paragraph.text = generator.paragraph_text(spec, mention, choices, first_ref)
    return specs
