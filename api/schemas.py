"""Response shapes of API v1. Keys are never renamed or removed within v1; new keys may appear.

Identifiers are the public ones (case public ids, ISO codes, report symbols, vocabulary slugs);
internal database keys never leave the server.
"""

from datetime import date, datetime

from ninja import Schema

# --- Errors -----------------------------------------------------------------------------------


class ErrorBody(Schema):
    code: str
    message: str
    details: dict


class ErrorOut(Schema):
    error: ErrorBody


# --- Pages ------------------------------------------------------------------------------------


class PageBase(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None


# --- Cases ------------------------------------------------------------------------------------


class CountryRef(Schema):
    iso2: str
    name: str


class VictimOut(Schema):
    name: str | None
    description: str | None
    kind: str
    gender: str
    roles: list[str]


class MentionOut(Schema):
    report: str
    year: int
    section: str | None
    paragraph: int | None
    reference: str
    kind: str
    url: str


class CaseOut(Schema):
    id: str
    url: str
    title: str
    country: CountryRef
    summary: str
    status: str
    visibility: str
    perpetrator_kind: str
    incident_date: date | None
    incident_date_precision: str
    victims: list[VictimOut]
    mechanisms: list[str]
    reprisal_types: list[str]
    mentions: list[MentionOut]
    is_demo: bool
    updated_at: datetime


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    title: str
    timed_out: bool
    truncated: bool
    values: list[FacetValueOut]


class CasePage(PageBase):
    results: list[CaseOut]
    facets: dict[str, FacetOut] | None = None


# --- Countries --------------------------------------------------------------------------------


class CountryOut(Schema):
    iso2: str
    iso3: str | None
    name: str
    short_name: str | None
    region: str
    status: str
    case_count: int
    url: str


class CountryPage(PageBase):
    results: list[CountryOut]


# --- Reports ----------------------------------------------------------------------------------


class ReportOut(Schema):
    symbol: str
    year: int
    session: int | None
    title: str
    period_start: date | None
    period_end: date | None
    published_on: date | None
    source_url: str | None
    is_demo: bool
    case_count: int
    url: str


class ParagraphOut(Schema):
    section: str
    number: int
    reference: str
    country_heading: str | None
    country: str | None
    text: str
    url: str
    cases: list[str]


class ReportDetailOut(ReportOut):
    cases: list[str]
    paragraphs: list[ParagraphOut]


class ReportPage(PageBase):
    results: list[ReportOut]


# --- Vocabularies -----------------------------------------------------------------------------


class MechanismOut(Schema):
    slug: str
    name: str
    abbreviation: str | None
    group: str
    case_count: int


class MechanismPage(PageBase):
    results: list[MechanismOut]


class ReprisalTypeOut(Schema):
    slug: str
    name: str
    description: str | None
    case_count: int


class ReprisalTypePage(PageBase):
    results: list[ReprisalTypeOut]


class VictimRoleOut(Schema):
    slug: str
    name: str
    case_count: int


class VictimRolePage(PageBase):
    results: list[VictimRoleOut]
