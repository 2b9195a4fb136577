"""Tabular form of cases, countries and reports: the one definition of a download row.

The CSV and JSON downloads (cases.views.exports) and the CSV import (cases.importer) all use
these columns, so a case exported, edited in a spreadsheet and imported again round-trips.

Case columns (`CASE_COLUMNS`, stable; new columns are only ever appended):

    public_id                the case's permanent identifier
    url                      absolute address of the case page
    title
    country_iso2             ISO 3166-1 alpha-2 code
    country                  the UN name of the country (read-only on import)
    region                   UN region (read-only on import)
    status                   ongoing, resolved, unknown
    visibility               public, restricted, confidential
    perpetrator_kind         state, non_state, both, unknown
    incident_date            YYYY-MM-DD, or empty
    incident_date_precision  day, month, year (how much of incident_date is known)
    summary
    victims                  display names (name, or description if anonymised)
    victim_genders           one gender per victim, in the same order
    victim_roles             one group of role identifiers per victim, in the same order;
                             within a group identifiers are separated by ","
    mechanisms               UN mechanism identifiers
    reprisal_types           reprisal type identifiers
    report_years             years of the reports that mention the case (read-only on import)
    sources                  paragraph references ("A/HRC/45/36 annex I ¶12"), or the report
                             symbol where the paragraph is not identified (read-only on import)
    is_demo                  true or false
    updated_at               ISO 8601 date and time, UTC (read-only on import)

In JSON, list columns are arrays (victim_roles an array of arrays), is_demo is a boolean and
empty dates are null. In CSV, list values are separated by ";" (LIST_SEPARATOR), booleans are
"true"/"false" and empty values are empty cells.
"""

from collections.abc import Iterable, Iterator
from datetime import UTC

from django.conf import settings
from django.db.models import Prefetch

from .models import Case, Country, Mention, Report, Victim

LIST_SEPARATOR = ";"
ROLE_SEPARATOR = ","
CHUNK_SIZE = 1000

CASE_COLUMNS = (
    "public_id",
    "url",
    "title",
    "country_iso2",
    "country",
    "region",
    "status",
    "visibility",
    "perpetrator_kind",
    "incident_date",
    "incident_date_precision",
    "summary",
    "victims",
    "victim_genders",
    "victim_roles",
    "mechanisms",
    "reprisal_types",
    "report_years",
    "sources",
    "is_demo",
    "updated_at",
)

COUNTRY_COLUMNS = ("iso2", "iso3", "name", "short_name", "status", "region", "case_count", "url")

REPORT_COLUMNS = ("symbol", "year", "session", "title", "published_on", "case_count", "url")

# Characters that make a spreadsheet treat a cell as a formula (CSV injection). Exported cells
# starting with one of them get a leading apostrophe, which the importer removes again.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def with_case_relations(queryset):
    """Everything `case_row` reads, fetched in a fixed number of queries per chunk."""
    return queryset.select_related("country").prefetch_related(
        Prefetch("victims", queryset=Victim.objects.order_by("id").prefetch_related("roles")),
        "mechanisms",
        "reprisal_types",
        Prefetch(
            "mentions",
            queryset=Mention.objects.select_related("report", "paragraph__report").order_by(
                "report__year", "report__symbol", "paragraph__section", "paragraph__number", "id"
            ),
        ),
    )


def iter_cases(queryset, chunk_size: int = CHUNK_SIZE) -> Iterator[Case]:
    """Cases of `queryset` (keeping its order) with their relations, fetched `chunk_size` at a
    time so memory stays flat for any number of rows."""
    return with_case_relations(queryset).iterator(chunk_size=chunk_size)


def _sources(case: Case) -> list[str]:
    refs = [m.paragraph.reference if m.paragraph_id else m.report.symbol for m in case.mentions.all()]
    return list(dict.fromkeys(refs))


def case_row(case: Case) -> dict:
    """One case as a dict keyed by CASE_COLUMNS, with JSON-ready values (str, int, bool, list,
    None). Expects the relations of `with_case_relations`."""
    victims = list(case.victims.all())
    return {
        "public_id": case.public_id,
        "url": absolute_url(case.get_absolute_url()),
        "title": case.title,
        "country_iso2": case.country.iso2,
        "country": case.country.name,
        "region": case.country.region,
        "status": case.status,
        "visibility": case.visibility,
        "perpetrator_kind": case.perpetrator_kind,
        "incident_date": case.incident_date.isoformat() if case.incident_date else None,
        "incident_date_precision": case.incident_date_precision,
        "summary": case.summary,
        "victims": [v.display_name for v in victims],
        "victim_genders": [v.gender for v in victims],
        "victim_roles": [[r.slug for r in v.roles.all()] for v in victims],
        "mechanisms": [m.slug for m in case.mechanisms.all()],
        "reprisal_types": [t.slug for t in case.reprisal_types.all()],
        "report_years": sorted({m.report.year for m in case.mentions.all()}),
        "sources": _sources(case),
        "is_demo": case.is_demo,
        "updated_at": case.updated_at.astimezone(UTC).isoformat(timespec="seconds")
        if case.updated_at
        else None,
    }


def case_rows(queryset, chunk_size: int = CHUNK_SIZE) -> Iterator[dict]:
    for case in iter_cases(queryset, chunk_size):
        yield case_row(case)


def country_row(country: Country, case_count: int) -> dict:
    return {
        "iso2": country.iso2,
        "iso3": country.iso3,
        "name": country.name,
        "short_name": country.short_name,
        "status": country.status,
        "region": country.region,
        "case_count": case_count,
        "url": absolute_url(country.get_absolute_url()),
    }


def report_row(report: Report, case_count: int) -> dict:
    return {
        "symbol": report.symbol,
        "year": report.year,
        "session": report.session,
        "title": report.title,
        "published_on": report.published_on.isoformat() if report.published_on else None,
        "case_count": case_count,
        "url": absolute_url(report.get_absolute_url()),
    }


def country_rows(visible_cases) -> Iterator[dict]:
    """Every country, with the number of cases of `visible_cases` (already visibility-gated)."""
    from .statistics import countries_with_counts

    for country in countries_with_counts(visible_cases).order_by("name"):
        yield country_row(country, country.case_count)


def report_rows(visible_cases) -> Iterator[dict]:
    """Every report, with the number of cases of `visible_cases` it mentions."""
    from .statistics import reports_with_counts

    for report in reports_with_counts(visible_cases).order_by("-year", "symbol"):
        yield report_row(report, report.case_count)


# CSV cells ------------------------------------------------------------------------------------


def csv_cell(value) -> str:
    """A row value as CSV cell text (see the module docstring)."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list | tuple):
        text = LIST_SEPARATOR.join(
            ROLE_SEPARATOR.join(v) if isinstance(v, list | tuple) else str(v) for v in value
        )
    else:
        text = str(value)
    if text.lstrip("'").startswith(FORMULA_PREFIXES):
        text = "'" + text
    return text


def csv_cells(row: dict, columns: Iterable[str]) -> list[str]:
    return [csv_cell(row[c]) for c in columns]


def uncsv_cell(text: str) -> str:
    """Undo `csv_cell`'s formula protection (exact: "'=x" was exported as "''=x")."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_PREFIXES):
        return text[1:]
    return text
