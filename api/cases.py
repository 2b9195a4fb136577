"""/cases: the case list with the HTML list's query language, and one case."""

from dataclasses import dataclass
from operator import attrgetter

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import get_language
from ninja import Field, Path, Query, Router, Schema

from audit.services import record_access
from cases import facet_index
from cases.facets import facets_and_count
from cases.filters import SORTS, CaseQuery, search_cases
from cases.models import Case, Country, DataVersion, Mention, Victim
from cases.visibility import get_case_for_user

from .common import Pagination, absolute, paginate, section_order
from .schemas import CaseOut, CasePage, ErrorOut

router = Router(tags=["cases"])

MIN_YEAR, MAX_YEAR = 1, 9999


def _choices(values) -> str:
    return ", ".join(values)


class CaseFilters(Schema):
    """The case list's query language (cases/filters.py), shared with the HTML list and downloads.
    Facet parameters repeat; values of one parameter are OR-ed, different parameters AND-ed.
    Empty values are ignored."""

    q: str = Field(
        "",
        description='Full-text search: words, "quoted phrases", a OR b, -word to exclude, '
        "name:word (victims' names only), country:name (the case's country). Country, region, "
        "mechanism and reprisal type names match in all six UN languages, with acronyms (UPR, "
        "WGAD); names match across transliterations and with a typo. Title and victims weigh "
        "more than the summary and report text. A malformed query answers 400 with the reason "
        "under details.q.",
    )
    lang: str = Field(
        "",
        description="The language the words are in (en, fr, es, ar, zh-hans, ru). Optional: q "
        "matches the vocabulary of all six languages whatever this says.",
    )
    country: list[str] = Field([], description="ISO 3166-1 alpha-2 code, e.g. NI (case-insensitive).")
    region: list[str] = Field([], description=f"UN region: {_choices(Country.Region.values)}.")
    year: list[str] = Field([], description="Year of a report that mentions the case, e.g. 2020.")
    mechanism: list[str] = Field([], description="UN mechanism identifier, e.g. cedaw (see /mechanisms).")
    type: list[str] = Field(
        [], description="Reprisal type identifier, e.g. travel-ban (see /reprisal-types)."
    )
    role: list[str] = Field([], description="Victim role identifier, e.g. journalist (see /victim-roles).")
    gender: list[str] = Field([], description=f"Gender of a victim: {_choices(Victim.Gender.values)}.")
    status: list[str] = Field([], description=f"Case status: {_choices(Case.Status.values)}.")
    perpetrator: list[str] = Field([], description=f"Perpetrator: {_choices(Case.Perpetrator.values)}.")
    sort: str = Field(
        "",
        description=f"Order: {_choices(SORTS)}. Default: relevance with q, otherwise -date "
        "(most recent incident first).",
    )
    facets: bool = Field(False, description="With facets=1, add counts per facet value.")


def with_related(queryset):
    """Everything a case representation needs, in a fixed number of queries."""
    return queryset.select_related("country").prefetch_related(*_PREFETCH)


_PREFETCH = [
    Prefetch("victims", queryset=Victim.objects.order_by("id").prefetch_related("roles")),
    Prefetch(
        "mentions",
        queryset=Mention.objects.select_related("report", "paragraph__report").order_by(
            "report__year", "report__symbol", section_order("paragraph__section"), "paragraph__number", "id"
        ),
    ),
    "mechanisms",
    "reprisal_types",
]


def _mention(mention: Mention) -> dict:
    paragraph = mention.paragraph if mention.paragraph_id else None
    return {
        "report": mention.report.symbol,
        "year": mention.report.year,
        "section": paragraph.section if paragraph else None,
        "paragraph": paragraph.number if paragraph else None,
        "reference": paragraph.reference if paragraph else mention.report.symbol,
        "kind": mention.kind,
        "url": absolute(paragraph.get_absolute_url() if paragraph else mention.report.get_absolute_url()),
    }


def case_dict(case: Case) -> dict:
    return {
        "id": case.public_id,
        "url": absolute(case.get_absolute_url()),
        "title": case.title,
        "country": {"iso2": case.country.iso2, "name": case.country.name},
        "summary": case.summary,
        "status": case.status,
        "visibility": case.visibility,
        "perpetrator_kind": case.perpetrator_kind,
        "incident_date": case.incident_date,
        "incident_date_precision": case.incident_date_precision,
        "victims": [
            {
                "name": victim.name or None,
                "description": victim.description or None,
                "kind": victim.kind,
                "gender": victim.gender,
                "roles": [role.slug for role in victim.roles.all()],
            }
            for victim in case.victims.all()
        ],
        "mechanisms": [m.slug for m in case.mechanisms.all()],
        "reprisal_types": [t.slug for t in case.reprisal_types.all()],
        "mentions": [_mention(m) for m in case.mentions.all()],
        "is_demo": case.is_demo,
        "updated_at": case.updated_at,
    }


@dataclass(frozen=True)
class _Kept:
    """A case's representation, with what its access record needs."""

    pk: int
    public_id: str
    visibility: str
    body: dict


def kept_cases(request, sliced, token: int) -> list[_Kept]:
    """The representations of one page of cases (a sliced, ordered, visibility-gated
    queryset), and the access record of the non-public ones.

    A representation reads six tables (the case, its victims and their roles, its mentions,
    mechanisms and reprisal types); it is therefore kept per data version (which every write
    to those tables changes) and language (it holds URLs) in this process, and a warm page
    reads none of them (cases.facet_index.kept_for). Callers must not modify the bodies."""

    def build(rows) -> dict[int, _Kept]:
        return {c.pk: _Kept(c.pk, c.public_id, c.visibility, case_dict(c)) for c in with_related(rows)}

    kept = facet_index.kept_for(sliced, token, f"case_dict:{get_language()}", build)
    record_access(request.user, kept, "view", via=request.path)
    return kept


def _facets_dict(facets) -> dict:
    return {
        facet.param: {
            "title": facet.title,
            "timed_out": facet.timed_out,
            "truncated": facet.truncated,
            "values": [
                {"value": str(v.value), "label": str(v.label), "count": v.count, "selected": v.selected}
                for v in facet.values
            ],
        }
        for facet in facets
    }


@router.get(
    "",
    response={200: CasePage, 400: ErrorOut},
    url_name="cases_list",
    operation_id="cases_list",
    summary="List and search cases",
    exclude_unset=True,
)
def list_cases(request, filters: Query[CaseFilters], page: Query[Pagination]):
    """Cases visible to the caller, filtered and sorted exactly like the HTML case list."""
    # The declared parameters document the API; the query language itself parses request.GET,
    # so the API and the HTML list can never disagree on what a query means.
    query = CaseQuery.from_querydict(request.GET)
    visible = Case.objects.visible_to(request.user)
    results = search_cases(visible, query)
    token = DataVersion.current(visible.db)  # read once for the facets and the page
    facets, count = facets_and_count(visible, query, token) if filters.facets else (None, None)

    def fetch(sliced):
        return kept_cases(request, sliced, token)

    body = paginate(request, results, page, attrgetter("body"), count=count, fetch=fetch)
    if facets is not None:
        body["facets"] = _facets_dict(facets)
    return body


@router.get(
    "/{public_id}",
    response={200: CaseOut, 404: ErrorOut},
    url_name="cases_detail",
    operation_id="cases_detail",
    summary="One case",
)
def get_case(request, public_id: str = Path(..., description="The case's public id, e.g. 6xpjk9pdvd.")):
    """A case by its public id. A case the caller may not see answers 404, like a missing one."""
    case = get_case_for_user(request.user, public_id)
    record_access(request.user, case, "view", via=request.path)
    prefetch_related_objects([case], "country", *_PREFETCH)
    return case_dict(case)
