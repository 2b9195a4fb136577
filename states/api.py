"""/states, /sessions, /resolutions, /statements, /missions: the States side of API v1.

Mounted by api/main.py with `api.add_router("", "states.api.router")`. Lists use the common
envelope and pagination; errors the common shape. Cases appear (and are counted) only when the
caller may see them: every case read goes through the services, which use the visibility gate.
"""

from datetime import date

from django.db.models import Count, Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from api.common import Pagination, absolute, bad_request, choice_list, paginate
from api.schemas import ErrorOut, PageBase
from audit.services import record_access
from cases.models import Country

from . import services
from .models import PermanentMission, Resolution, Session, Sponsorship, Statement

router = Router(tags=["states"])


# --- Schemas ----------------------------------------------------------------------------------


class StateRef(Schema):
    iso2: str
    name: str


class CaseRef(Schema):
    id: str
    title: str
    country: StateRef
    url: str


class StateOut(Schema):
    iso2: str
    name: str
    short_name: str | None
    region: str
    status: str
    on_council: bool
    council_years: list[int]
    sponsorship_count: int
    raised_case_count: int
    url: str


class StatePage(PageBase):
    results: list[StateOut]


class MissionOut(Schema):
    state: StateRef
    city: str
    name: str
    email: str | None
    phone: str | None
    website: str | None
    time_zone: str | None
    office_hours: str | None
    notes: str | None


class MissionPage(PageBase):
    results: list[MissionOut]


class CouncilTermOut(Schema):
    regional_group: str
    election_year: int | None
    start_date: date
    end_date: date
    source_url: str | None
    source: str | None
    note: str | None


class SponsorshipOut(Schema):
    resolution: str
    role: str


class RaisedOut(Schema):
    case: CaseRef
    session: str
    date: date | None
    role: str


class JointStatementOut(Schema):
    session: str
    title: str | None
    date: date | None
    role: str


class YearCountOut(Schema):
    year: int | None
    count: int


class StateDetailOut(StateOut):
    missions: list[MissionOut]
    council_terms: list[CouncilTermOut]
    sponsorships: list[SponsorshipOut]
    raised: list[RaisedOut]
    situations_raised: list[str]
    joint_statements: list[JointStatementOut]
    cases_concerned_by_year: list[YearCountOut]


class SessionOut(Schema):
    key: str
    body: str
    number: int
    title: str
    start_date: date | None
    end_date: date | None
    part_of: str | None
    reported_states_raising_cases: int | None
    statement_count: int
    source_url: str | None
    note: str | None
    url: str


class SessionPage(PageBase):
    results: list[SessionOut]


class SponsorOut(Schema):
    iso2: str
    name: str
    role: str


class ResolutionOut(Schema):
    symbol: str
    title: str
    session: str | None
    adoption_date: date | None
    adopted_by: str
    votes_in_favour: int | None
    votes_against: int | None
    abstentions: int | None
    on_reprisals: bool
    sponsors: list[SponsorOut]
    source_url: str | None
    note: str | None


class ResolutionPage(PageBase):
    results: list[ResolutionOut]


class StatementOut(Schema):
    session: str
    kind: str
    speaker: StateRef | None
    leads: list[StateRef]
    joined_by: list[StateRef]
    joined_count_reported: int | None
    date: date | None
    title: str | None
    summary: str | None
    cases: list[CaseRef]
    situations: list[str]
    source_url: str | None
    note: str | None


class StatementPage(PageBase):
    results: list[StatementOut]


# --- Serialisers ------------------------------------------------------------------------------


def _none(value):
    return value or None


def _ref(country) -> dict:
    return {"iso2": country.iso2, "name": country.name}


def _case(case) -> dict:
    return {
        "id": case.public_id,
        "title": case.title,
        "country": _ref(case.country),
        "url": absolute(case.get_absolute_url()),
    }


def _mission(m: PermanentMission) -> dict:
    return {
        "state": _ref(m.country),
        "city": m.city,
        "name": m.name,
        "email": _none(m.email),  # null when not known: never guessed
        "phone": _none(m.phone),
        "website": _none(m.website),
        "time_zone": _none(m.time_zone),
        "office_hours": _none(m.office_hours),
        "notes": _none(m.notes),
    }


def _state(country, raised: dict, current: set, years: dict) -> dict:
    return {
        "iso2": country.iso2,
        "name": country.name,
        "short_name": _none(country.short_name),
        "region": country.region,
        "status": country.status,
        "on_council": country.pk in current,
        "council_years": sorted(years.get(country.pk, ())),
        "sponsorship_count": country.sponsorship_count,
        "raised_case_count": raised.get(country.pk, 0),
        "url": absolute(reverse("states:detail", args=[country.iso2.lower()])),
    }


def _state_context(request) -> tuple[dict, set, dict]:
    return (
        services.raised_case_counts(request.user),
        set(services.members_on(timezone.localdate()).values_list("pk", flat=True)),
        services.council_years_by_country(),
    )


# --- States -----------------------------------------------------------------------------------


class StateFilters(Schema):
    region: list[str] = Field([], description="UN region: Africa, Americas, Asia, Europe, Oceania.")
    council: int | None = Field(
        None, ge=2006, le=2100, description="On the Human Rights Council in this year."
    )
    cosponsor: str = Field("", description='A resolution symbol, or "any" for any resolution on reprisals.')


@router.get(
    "/states",
    response={200: StatePage, 400: ErrorOut},
    url_name="states_list",
    operation_id="states_list",
    summary="List States",
)
def list_states(request, filters: Query[StateFilters], page: Query[Pagination]):
    """UN member and observer States, with Council years, co-sponsorships and `raised_case_count`:
    distinct cases the caller may see that the State raised (spoke, led or joined)."""
    states = services.states_queryset()
    region = choice_list(request, "region", Country.Region.values)
    if region:
        states = states.filter(region__in=region)
    if filters.council:
        states = states.filter(pk__in=services.terms_in_year(filters.council).values("country_id"))
    if filters.cosponsor:
        sponsorships = Sponsorship.objects.filter(resolution__on_reprisals=True)
        if filters.cosponsor != "any":
            if not Resolution.objects.filter(symbol=filters.cosponsor).exists():
                raise bad_request({"cosponsor": _("unknown resolution")})
            sponsorships = Sponsorship.objects.filter(resolution__symbol=filters.cosponsor)
        states = states.filter(pk__in=sponsorships.values("country_id"))
    states = states.annotate(sponsorship_count=Count("sponsorships", distinct=True)).order_by("name", "iso2")
    raised, current, years = _state_context(request)
    return paginate(request, states, page, lambda c: _state(c, raised, current, years))


@router.get(
    "/states/{iso2}",
    response={200: StateDetailOut, 404: ErrorOut},
    url_name="states_detail",
    operation_id="states_detail",
    summary="One State",
)
def get_state(request, iso2: str):
    """A State by ISO 3166-1 alpha-2 code (case-insensitive): missions, Council terms,
    co-sponsorships, the visible cases it raised and the visible cases concerning it by year."""
    country = (
        services.states_queryset()
        .annotate(sponsorship_count=Count("sponsorships", distinct=True))
        .filter(iso2=iso2.upper())
        .first()
    )
    if country is None:
        raise Http404
    raised, current, years = _state_context(request)
    profile = services.state_profile(country, request.user)
    record_access(request.user, [r.case for r in profile["raised"]], "view", via=request.path)
    data = _state(country, raised, current, years)
    data.update(
        missions=[
            _mission(m) for m in PermanentMission.objects.filter(country=country).select_related("country")
        ],
        council_terms=[
            {
                "regional_group": t.regional_group,
                "election_year": t.election_year,
                "start_date": t.start_date,
                "end_date": t.end_date,
                "source_url": _none(t.source_url),
                "source": _none(t.source),
                "note": _none(t.note),
            }
            for t in profile["council_terms"]
        ],
        sponsorships=[{"resolution": s.resolution.symbol, "role": s.role} for s in profile["sponsorships"]],
        raised=[
            {
                "case": _case(r.case),
                "session": r.statement.session.key,
                "date": r.statement.date,
                "role": r.role,
            }
            for r in profile["raised"]
        ],
        situations_raised=[situation for _statement, situation in profile["situations"]],
        joint_statements=[
            {"session": s.session.key, "title": _none(s.title), "date": s.date, "role": role}
            for s, role in profile["joint_statements"]
        ],
        cases_concerned_by_year=profile["concerned_by_year"],
    )
    return data


# --- Sessions, resolutions, statements, missions --------------------------------------------


class SessionFilters(Schema):
    body: list[str] = Field([], description="hrc, hrc_id (interactive dialogue on reprisals), ga3.")


def _session(s: Session) -> dict:
    return {
        "key": s.key,
        "body": s.body,
        "number": s.number,
        "title": s.title,
        "start_date": s.start_date,
        "end_date": s.end_date,
        "part_of": s.part_of.key if s.part_of_id else None,
        "reported_states_raising_cases": s.reported_states_raising_cases,
        "statement_count": s.statement_count,
        "source_url": _none(s.source_url),
        "note": _none(s.note),
        "url": absolute(s.get_absolute_url()),
    }


@router.get(
    "/sessions",
    response={200: SessionPage, 400: ErrorOut},
    url_name="sessions_list",
    operation_id="sessions_list",
    summary="List sessions",
)
def list_sessions(request, filters: Query[SessionFilters], page: Query[Pagination]):
    """Council sessions, interactive dialogues on reprisals and Third Committee sessions, most
    recent first. `key` (e.g. hrc-54) is what /statements?session= takes."""
    sessions = Session.objects.select_related("part_of").annotate(statement_count=Count("statements"))
    body = choice_list(request, "body", Session.Body.values)
    if body:
        sessions = sessions.filter(body__in=body)
    return paginate(request, sessions.order_by(*Session._meta.ordering, "pk"), page, _session)


def _resolution(r: Resolution) -> dict:
    return {
        "symbol": r.symbol,
        "title": r.title,
        "session": r.session.key if r.session_id else None,
        "adoption_date": r.adoption_date,
        "adopted_by": r.adopted_by,
        "votes_in_favour": r.votes_in_favour,
        "votes_against": r.votes_against,
        "abstentions": r.abstentions,
        "on_reprisals": r.on_reprisals,
        "sponsors": [
            {"iso2": s.country.iso2, "name": s.country.name, "role": s.role} for s in r.sponsorships.all()
        ],
        "source_url": _none(r.source_url),
        "note": _none(r.note),
    }


@router.get(
    "/resolutions",
    response={200: ResolutionPage, 400: ErrorOut},
    url_name="resolutions_list",
    operation_id="resolutions_list",
    summary="List resolutions",
)
def list_resolutions(request, page: Query[Pagination]):
    """Resolutions with how they were adopted and their sponsors and co-sponsors."""
    resolutions = Resolution.objects.select_related("session").prefetch_related(
        Prefetch(
            "sponsorships",
            queryset=Sponsorship.objects.select_related("country").order_by("role", "country__name"),
        )
    )
    return paginate(request, resolutions.order_by(*Resolution._meta.ordering, "pk"), page, _resolution)


class StatementFilters(Schema):
    session: str = Field("", description="A session key, e.g. hrc-54 (see /sessions).")
    state: str = Field("", description="ISO alpha-2 code of a State that spoke, led or joined.")


def _statement(s: Statement) -> dict:
    return {
        "session": s.session.key,
        "kind": s.kind,
        "speaker": _ref(s.speaker) if s.speaker_id else None,
        "leads": [_ref(c) for c in s.leads.all()],
        "joined_by": [_ref(c) for c in s.joined_by.all()],
        "joined_count_reported": s.joined_count_reported,
        "date": s.date,
        "title": _none(s.title),
        "summary": _none(s.summary),
        "cases": [_case(c) for c in s.visible_cases],
        "situations": s.situation_list,
        "source_url": _none(s.source_url),
        "note": _none(s.note),
    }


@router.get(
    "/statements",
    response={200: StatementPage, 400: ErrorOut},
    url_name="statements_list",
    operation_id="statements_list",
    summary="List statements",
)
def list_statements(request, filters: Query[StatementFilters], page: Query[Pagination]):
    """National and joint statements with the cases they raised that the caller may see, and
    the situations they raised."""
    statements = Statement.objects.all()
    if filters.session:
        session = Session.from_key(filters.session)
        if session is None:
            raise bad_request({"session": _("unknown session")})
        statements = statements.filter(session=session)
    if filters.state:
        country = services.states_queryset().filter(iso2=filters.state.upper()).first()
        if country is None:
            raise bad_request({"state": _("unknown State")})
        statements = statements.filter(pk__in=services.statements_involving(country).values("pk"))
    statements = services.with_visible_cases(statements, request.user)
    return paginate(
        request, statements.order_by(*Statement._meta.ordering), page, _statement, fetch=_fetch(request)
    )


def _fetch(request):
    """The page's statements, with the cases they name recorded as seen."""

    def fetch(page):
        statements = list(page)
        record_access(request.user, services.cases_raised_in(statements), "view", via=request.path)
        return statements

    return fetch


class MissionFilters(Schema):
    city: list[str] = Field([], description="new_york, geneva.")
    state: str = Field("", description="ISO alpha-2 code.")


@router.get(
    "/missions",
    response={200: MissionPage, 400: ErrorOut},
    url_name="missions_list",
    operation_id="missions_list",
    summary="List permanent missions",
)
def list_missions(request, filters: Query[MissionFilters], page: Query[Pagination]):
    """Permanent missions in New York and Geneva; `email` is null when no source gives it."""
    missions = PermanentMission.objects.select_related("country")
    city = choice_list(request, "city", PermanentMission.City.values)
    if city:
        missions = missions.filter(city__in=city)
    if filters.state:
        missions = missions.filter(country__iso2=filters.state.upper())
    return paginate(request, missions.order_by("country__name", "city"), page, _mission)
