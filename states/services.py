"""Business rules of the States side. Views, the API, the PDF and the commands call these.

Every function that touches cases takes the user who will see the result and reads cases only
through `Case.objects.visible_to(user)`: a case the user may not see is never listed, named or
counted, and a statement that raised only such cases does not count as having raised one.
"""

import csv
import datetime
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Count, Max, Min, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models import Case, Country
from cases.visibility import Visibility

from .models import CouncilMembership, PermanentMission, Resolution, Session, Sponsorship, Statement

ALIASES_CSV = Path(__file__).with_name("reference") / "country_aliases.csv"

# Case statuses that make a case "open" for briefing packs.
OPEN_STATUSES = (Case.Status.ONGOING, Case.Status.UNKNOWN)
BRIEFING_MAX_OPEN_CASES = 200


# --- Countries --------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().replace(".", " ").split())


class CountryResolver:
    """Finds the `cases.Country` a name designates: its ISO alpha-2 or alpha-3 code, its UN name
    or short name (ignoring case and accents), or a documented alias from
    reference/country_aliases.csv (former names such as "Czech Republic"). Never creates one."""

    def __init__(self):
        self.by_key: dict[str, Country] = {}
        self.aliases_used: dict[str, Country] = {}
        countries = list(Country.objects.all())
        by_iso2 = {c.iso2: c for c in countries}
        for country in countries:
            for key in (country.name, country.short_name):
                if key:
                    self.by_key[_normalise(key)] = country
        self.alias_keys: set[str] = set()
        with ALIASES_CSV.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                country = by_iso2.get(row["iso2"])
                key = _normalise(row["alias"])
                if country is not None and key not in self.by_key:
                    self.by_key[key] = country
                    self.alias_keys.add(key)
        self.by_code = {c.iso2: c for c in countries} | {c.iso3: c for c in countries if c.iso3}

    def resolve(self, text: str) -> Country | None:
        text = (text or "").strip()
        if not text:
            return None
        if len(text) in (2, 3) and text.isalpha() and text.upper() in self.by_code and text.isupper():
            return self.by_code[text.upper()]
        key = _normalise(text)
        country = self.by_key.get(key)
        if country is not None and key in self.alias_keys:
            self.aliases_used[text] = country
        return country


def states_queryset():
    """UN member and observer States (territories are not States)."""
    return Country.objects.filter(status__in=[Country.Status.MEMBER, Country.Status.OBSERVER])


# --- Human Rights Council membership ---------------------------------------------------------


def terms_in_year(year: int):
    """Terms that cover at least one day of `year`."""
    return CouncilMembership.objects.filter(start_date__year__lte=year, end_date__year__gte=year)


def members_in_year(year: int):
    """States that sat on the Council at some point in `year`."""
    return Country.objects.filter(pk__in=terms_in_year(year).values("country_id"))


def members_on(day: datetime.date):
    return Country.objects.filter(
        pk__in=CouncilMembership.objects.filter(start_date__lte=day, end_date__gte=day).values("country_id")
    )


def is_member(country: Country, day: datetime.date | None = None) -> bool:
    day = day or timezone.localdate()
    return CouncilMembership.objects.filter(country=country, start_date__lte=day, end_date__gte=day).exists()


def council_years(country: Country) -> list[int]:
    """Every calendar year in which the State sat on the Council for at least one day."""
    years: set[int] = set()
    for start, end in CouncilMembership.objects.filter(country=country).values_list("start_date", "end_date"):
        years.update(range(start.year, end.year + 1))
    return sorted(years)


def council_year_range() -> list[int]:
    """Every year covered by a recorded Council term, most recent first."""
    bounds = CouncilMembership.objects.aggregate(first=Min("start_date"), last=Max("end_date"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"].year, bounds["first"].year - 1, -1))


def council_years_by_country() -> dict[int, set[int]]:
    years: dict[int, set[int]] = defaultdict(set)
    for country_id, start, end in CouncilMembership.objects.values_list(
        "country_id", "start_date", "end_date"
    ):
        years[country_id].update(range(start.year, end.year + 1))
    return years


# --- Statements and raised cases -------------------------------------------------------------


class Role:
    SPOKE = "spoke"
    LED = "led"
    JOINED = "joined"

    @staticmethod
    def label(role: str) -> str:
        return {
            Role.SPOKE: _("spoke"),
            Role.LED: _("led a joint statement"),
            Role.JOINED: _("joined a joint statement"),
        }[role]


def statements_involving(country: Country):
    """Statements the State delivered, led or joined."""
    return Statement.objects.filter(Q(speaker=country) | Q(leads=country) | Q(joined_by=country)).distinct()


def cases_raised_in(statements) -> list[Case]:
    """The cases named by statements from `with_visible_cases`, as a page lists them."""
    return [case for statement in statements for case in statement.visible_cases]


def with_visible_cases(statements, user):
    """Prefetch, on each statement, only the raised cases `user` may see (as `visible_cases`)."""
    visible = Case.objects.visible_to(user).select_related("country").order_by("title")
    return statements.select_related("session", "speaker").prefetch_related(
        Prefetch("raised_cases", queryset=visible, to_attr="visible_cases"), "leads", "joined_by"
    )


def role_in(statement: Statement, country: Country) -> str:
    if statement.speaker_id == country.pk:
        return Role.SPOKE
    if any(c.pk == country.pk for c in statement.leads.all()):
        return Role.LED
    return Role.JOINED


@dataclass
class RaisedCase:
    case: Case
    statement: Statement
    role: str

    @property
    def role_label(self) -> str:
        return Role.label(self.role)


def raised_by_state(country: Country, user) -> list[RaisedCase]:
    """Each time the State raised a case the user may see: which case, where (session), when,
    and how (spoke, led or joined a joint statement)."""
    rows = []
    for statement in with_visible_cases(statements_involving(country), user):
        role = role_in(statement, country)
        rows.extend(RaisedCase(case, statement, role) for case in statement.visible_cases)
    return sorted(rows, key=lambda r: (r.statement.date or datetime.date.min, r.case.title), reverse=True)


def situations_raised_by_state(country: Country) -> list[tuple[Statement, str]]:
    rows = []
    for statement in statements_involving(country).select_related("session").exclude(situations=""):
        rows.extend((statement, situation) for situation in statement.situation_list)
    return rows


def states_that_raised(case: Case, user) -> list[dict]:
    """For a case page: the statements that raised `case`, each with its States and date.

    Empty when the user may not see the case, so the answer never confirms that it exists.
    """
    if case is None or not Case.objects.visible_to(user).filter(pk=case.pk).exists():
        return []
    statements = (
        Statement.objects.filter(raised_cases=case)
        .select_related("session", "speaker")
        .prefetch_related("leads", "joined_by")
    )
    rows = []
    for statement in statements:
        states = [statement.speaker] if statement.speaker_id else list(statement.leads.all())
        rows.append(
            {
                "statement": statement,
                "session": statement.session,
                "date": statement.date,
                "states": states,
                "joined_by": list(statement.joined_by.all()),
                "joined_count_reported": statement.joined_count_reported,
            }
        )
    return rows


def raised_case_counts(user) -> dict[int, int]:
    """Number of distinct visible cases each State raised (spoke, led or joined), by country id."""
    links = Statement.raised_cases.through.objects.filter(
        case_id__in=Case.objects.visible_to(user).values("pk")
    ).values_list("statement_id", "case_id")
    cases_by_statement: dict[int, set[int]] = defaultdict(set)
    for statement_id, case_id in links:
        cases_by_statement[statement_id].add(case_id)
    if not cases_by_statement:
        return {}
    ids = list(cases_by_statement)
    by_country: dict[int, set[int]] = defaultdict(set)
    pairs = [
        *Statement.objects.filter(pk__in=ids, speaker__isnull=False).values_list("pk", "speaker_id"),
        *Statement.leads.through.objects.filter(statement_id__in=ids).values_list(
            "statement_id", "country_id"
        ),
        *Statement.joined_by.through.objects.filter(statement_id__in=ids).values_list(
            "statement_id", "country_id"
        ),
    ]
    for statement_id, country_id in pairs:
        by_country[country_id] |= cases_by_statement[statement_id]
    return {country_id: len(cases) for country_id, cases in by_country.items()}


def cases_concerning_by_year(country: Country, user) -> list[dict]:
    """Visible cases in which the State is the State concerned, counted by year of the first
    incident (most recent first; cases without a known date last, with year None)."""
    rows = (
        Case.objects.visible_to(user)
        .filter(country=country)
        .annotate(year=ExtractYear("incident_date"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("year")
    )
    dated = sorted((r for r in rows if r["year"] is not None), key=lambda r: r["year"], reverse=True)
    undated = [r for r in rows if r["year"] is None]
    return [{"year": r["year"], "count": r["count"]} for r in [*dated, *undated]]


# --- The State list --------------------------------------------------------------------------


@dataclass
class StateFilters:
    region: str = ""
    council_year: int | None = None
    cosponsor: str = ""  # a resolution symbol, or "any"
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params) -> "StateFilters":
        filters = cls(
            region=(params.get("region") or "").strip(), cosponsor=(params.get("cosponsor") or "").strip()
        )
        if filters.region and filters.region not in Country.Region.values:
            filters.errors["region"] = _("unknown region")
            filters.region = ""
        year = (params.get("council") or "").strip()
        if year:
            if year.isdigit() and 2006 <= int(year) <= 2100:
                filters.council_year = int(year)
            else:
                filters.errors["council"] = _("a year from 2006 on, e.g. 2023")
        known = Resolution.objects.filter(symbol=filters.cosponsor).exists
        if filters.cosponsor and filters.cosponsor != "any" and not known():
            filters.errors["cosponsor"] = _("unknown resolution")
            filters.cosponsor = ""
        return filters


def list_states(filters: StateFilters, user):
    states = states_queryset()
    if filters.region:
        states = states.filter(region=filters.region)
    if filters.council_year:
        states = states.filter(pk__in=terms_in_year(filters.council_year).values("country_id"))
    if filters.cosponsor == "any":
        states = states.filter(
            pk__in=Sponsorship.objects.filter(resolution__on_reprisals=True).values("country_id")
        )
    elif filters.cosponsor:
        states = states.filter(
            pk__in=Sponsorship.objects.filter(resolution__symbol=filters.cosponsor).values("country_id")
        )
    states = list(states.annotate(sponsorship_count=Count("sponsorships", distinct=True)).order_by("name"))
    raised = raised_case_counts(user)
    current = set(members_on(timezone.localdate()).values_list("pk", flat=True))
    for state in states:
        state.raised_count = raised.get(state.pk, 0)
        state.on_council = state.pk in current
    return states


# --- A State's page ---------------------------------------------------------------------------


def state_profile(country: Country, user) -> dict:
    statements = statements_involving(country)
    joined = with_visible_cases(statements.filter(kind=Statement.Kind.JOINT), user)
    return {
        "state": country,
        "missions": list(country.missions.all()),
        "raised": raised_by_state(country, user),
        "situations": situations_raised_by_state(country),
        "joint_statements": [(s, role_in(s, country)) for s in joined],
        "sponsorships": list(
            Sponsorship.objects.filter(country=country).select_related("resolution__session")
        ),
        "concerned_by_year": cases_concerning_by_year(country, user),
        "council_terms": list(CouncilMembership.objects.filter(country=country).order_by("start_date")),
        "on_council": is_member(country),
    }


# --- A session's page -------------------------------------------------------------------------


def session_statements(session: Session, user) -> list[Statement]:
    """Statements at the session and at meetings held during it (e.g. its interactive dialogue)."""
    sessions = [session.pk, *session.parts.values_list("pk", flat=True)]
    return list(with_visible_cases(Statement.objects.filter(session_id__in=sessions), user))


# --- Who to ask ------------------------------------------------------------------------------


def who_to_ask_rule() -> str:
    return _(
        "States that sponsored or co-sponsored at least one resolution on reprisals but have never "
        "raised an individual case (no statement they delivered, led or joined names a case you can "
        "see), ranked by: 1. number of reprisals resolutions sponsored or co-sponsored (more first); "
        "2. sitting on the Human Rights Council today (members first); 3. years on the Council in "
        "total (more first); 4. joint statements on reprisals led or joined (more first); then by name."
    )


@dataclass
class WhoToAsk:
    rank: int
    state: Country
    resolutions: list[str]
    on_council: bool
    council_years: int
    joint_statements: int
    mission_email: str  # New York mission e-mail, "" when not known

    @property
    def sponsorship_count(self) -> int:
        return len(self.resolutions)


def who_to_ask(user, day: datetime.date | None = None) -> list[WhoToAsk]:
    day = day or timezone.localdate()
    raised = raised_case_counts(user)
    resolutions: dict[int, list[str]] = defaultdict(list)
    for country_id, symbol in (
        Sponsorship.objects.filter(resolution__on_reprisals=True)
        .order_by("resolution__symbol")
        .values_list("country_id", "resolution__symbol")
    ):
        resolutions[country_id].append(symbol)
    candidates = [pk for pk in resolutions if not raised.get(pk)]
    states = {c.pk: c for c in Country.objects.filter(pk__in=candidates)}
    current = set(members_on(day).values_list("pk", flat=True))
    years = council_years_by_country()
    joint = Counter()
    for through in (Statement.leads.through, Statement.joined_by.through):
        for country_id in through.objects.filter(country_id__in=candidates).values_list(
            "country_id", flat=True
        ):
            joint[country_id] += 1
    emails = dict(
        PermanentMission.objects.filter(country_id__in=candidates, city=PermanentMission.City.NEW_YORK)
        .exclude(email="")
        .values_list("country_id", "email")
    )
    rows = [
        WhoToAsk(
            rank=0,
            state=states[pk],
            resolutions=resolutions[pk],
            on_council=pk in current,
            council_years=len(years.get(pk, ())),
            joint_statements=joint[pk],
            mission_email=emails.get(pk, ""),
        )
        for pk in candidates
    ]
    rows.sort(
        key=lambda r: (
            -r.sponsorship_count,
            not r.on_council,
            -r.council_years,
            -r.joint_statements,
            r.state.name,
        )
    )
    for number, row in enumerate(rows, 1):
        row.rank = number
    return rows


WHO_TO_ASK_COLUMNS = (
    "rank",
    "iso2",
    "state",
    "region",
    "reprisals_resolutions",
    "resolution_symbols",
    "on_council_now",
    "council_years",
    "joint_statements",
    "new_york_mission_email",
)


def who_to_ask_row(row: WhoToAsk) -> dict:
    return {
        "rank": row.rank,
        "iso2": row.state.iso2,
        "state": row.state.name,
        "region": row.state.region,
        "reprisals_resolutions": row.sponsorship_count,
        "resolution_symbols": ";".join(row.resolutions),
        "on_council_now": "true" if row.on_council else "false",
        "council_years": row.council_years,
        "joint_statements": row.joint_statements,
        "new_york_mission_email": row.mission_email,
    }


# --- Briefing packs ---------------------------------------------------------------------------


@dataclass
class Briefing:
    state: Country
    missions: list[PermanentMission]
    session: Session | None
    open_cases: list[Case]
    open_case_total: int
    raised: list[RaisedCase]
    asks: list[str]
    sponsorships: list[Sponsorship]
    on_council: bool
    concerned_open: int
    generated_on: datetime.date

    @property
    def cases(self) -> list[Case]:
        """Every case the pack names, once."""
        named = {c.pk: c for c in self.open_cases} | {r.case.pk: r.case for r in self.raised}
        return list(named.values())

    @property
    def non_public_count(self) -> int:
        """Listed cases that are not public and published: the pack must not travel beyond
        people allowed to see them."""
        return sum(1 for c in self.cases if c.visibility != Visibility.PUBLIC or not c.is_published)


def next_session(day: datetime.date | None = None) -> Session | None:
    day = day or timezone.localdate()
    return (
        Session.objects.filter(Q(start_date__gte=day) | Q(end_date__gte=day))
        .order_by("start_date", "pk")
        .first()
    )


def briefing(
    country: Country, user, session: Session | None = None, day: datetime.date | None = None
) -> Briefing:
    """What a mission is asked before a session: the open cases in its region the user may see,
    the cases it raised before, and the asks that follow from its record."""
    day = day or timezone.localdate()
    session = session or next_session(day)
    in_region = Case.objects.visible_to(user).filter(country__region=country.region, status__in=OPEN_STATUSES)
    # The cases it is asked to raise are other States' cases: a State is never asked to raise
    # cases against itself (its own open cases get their own ask: respond and end them).
    open_cases = (
        in_region.exclude(country=country)
        .select_related("country")
        .order_by("country__name", "-incident_date", "title")
    )
    total = open_cases.count()
    open_list = list(open_cases[:BRIEFING_MAX_OPEN_CASES])
    concerned_open = in_region.filter(country=country).count()
    raised = raised_by_state(country, user)
    sponsorships = list(Sponsorship.objects.filter(country=country).select_related("resolution"))
    on_council = is_member(country, day)
    joined_joint = statements_involving(country).filter(kind=Statement.Kind.JOINT).exists()
    asks = _asks(country, total, concerned_open, raised, sponsorships, on_council, joined_joint, session)
    return Briefing(
        state=country,
        missions=list(country.missions.all()),
        session=session,
        open_cases=open_list,
        open_case_total=total,
        raised=raised,
        asks=asks,
        sponsorships=sponsorships,
        on_council=on_council,
        concerned_open=concerned_open,
        generated_on=day,
    )


def _asks(country, open_total, concerned_open, raised, sponsorships, on_council, joined_joint, session):
    asks = []
    where = session.title if session else _("the next session on reprisals")
    if raised:
        asks.append(
            _(
                "Follow up on the cases it raised before: ask the States concerned, at %(where)s, what has "
                "been done for the people named."
            )
            % {"where": where}
        )
    if open_total:
        asks.append(
            ngettext(
                "Raise by name, at %(where)s, the open case listed in this pack.",
                "Raise by name, at %(where)s, one or more of the %(count)d open cases listed in this pack.",
                open_total,
            )
            % {"where": where, "count": open_total}
        )
    if sponsorships and not raised:
        symbols = ", ".join(s.resolution.symbol for s in sponsorships)
        asks.append(
            _(
                "It sponsored or co-sponsored %(symbols)s but has never raised an individual case: match "
                "that commitment by naming victims publicly."
            )
            % {"symbols": symbols}
        )
    if not sponsorships:
        asks.append(_("Co-sponsor the next Human Rights Council resolution on reprisals."))
    if on_council:
        asks.append(
            _(
                "As a member of the Human Rights Council, speak in the interactive dialogue on reprisals "
                "and hold fellow members to account."
            )
        )
    if not joined_joint:
        asks.append(
            _(
                "Join the cross-regional joint statement on reprisals at the General Assembly's Third "
                "Committee (nothing on record shows that it has joined one)."
            )
        )
    if concerned_open:
        asks.append(
            ngettext(
                "Respond to the open case in which %(state)s is the State concerned, and end the reprisal.",
                "Respond to the %(count)d open cases in which %(state)s is the State concerned, and end the "
                "reprisals.",
                concerned_open,
            )
            % {"count": concerned_open, "state": country.display_name}
        )
    return asks
