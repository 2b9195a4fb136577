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

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC

from django.conf import settings

from endreprisals.csv_cells import formula_safe, undo_formula_safe

from .cards import url_maker
from .models import Case, Country, Mention, Paragraph, Report, Victim

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


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


_CASE_FIELDS = (
    "pk",
    "public_id",
    "title",
    "country__iso2",
    "country__name",
    "country__region",
    "status",
    "visibility",
    "perpetrator_kind",
    "incident_date",
    "incident_date_precision",
    "summary",
    "is_demo",
    "updated_at",
)


def case_rows(queryset, chunk_size: int = CHUNK_SIZE) -> Iterator[dict]:
    """The cases of `queryset`, in its order, as dicts keyed by CASE_COLUMNS with JSON-ready
    values (str, int, bool, list, None).

    Cases are read `chunk_size` at a time; each chunk's victims, roles, mechanisms, reprisal
    types and mentions take one query each, so the number of queries grows with the number of
    chunks only and memory stays flat. (Plain value rows: building model instances through
    prefetch_related costs about ten times as much per row.)
    """
    batch = []
    for values in queryset.values(*_CASE_FIELDS).iterator(chunk_size=chunk_size):
        batch.append(values)
        if len(batch) >= chunk_size:
            yield from _rows_for(batch)
            batch = []
    if batch:
        yield from _rows_for(batch)


def _grouped(pairs) -> dict:
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


def _rows_for(batch: list[dict]) -> Iterator[dict]:
    ids = [values["pk"] for values in batch]
    victims = _grouped(
        (case_id, (pk, name or description, gender))
        for pk, case_id, name, description, gender in Victim.objects.filter(case_id__in=ids)
        .order_by("case_id", "id")
        .values_list("pk", "case_id", "name", "description", "gender")
    )
    roles = _grouped(
        Victim.roles.through.objects.filter(victim__case_id__in=ids)
        .order_by("victimrole__sort_order", "victimrole__name")
        .values_list("victim_id", "victimrole__slug")
    )
    mechanisms = _grouped(
        Case.mechanisms.through.objects.filter(case_id__in=ids)
        .order_by("mechanism__sort_order", "mechanism__name")
        .values_list("case_id", "mechanism__slug")
    )
    types = _grouped(
        Case.reprisal_types.through.objects.filter(case_id__in=ids)
        .order_by("reprisaltype__sort_order", "reprisaltype__name")
        .values_list("case_id", "reprisaltype__slug")
    )
    sections = {value: str(label) for value, label in Paragraph.Section.choices}  # translated once
    mentions = _grouped(
        (
            case_id,
            (year, symbol if section is None else Paragraph.cite(symbol, section, number, sections[section])),
        )
        for case_id, year, symbol, section, number in Mention.objects.filter(case_id__in=ids)
        .order_by("report__year", "report__symbol", "paragraph__section", "paragraph__number", "id")
        .values_list("case_id", "report__year", "report__symbol", "paragraph__section", "paragraph__number")
    )
    case_url = url_maker("cases:detail")
    for values in batch:
        pk = values["pk"]
        case_victims = victims.get(pk, [])
        case_mentions = mentions.get(pk, [])
        yield {
            "public_id": values["public_id"],
            "url": absolute_url(case_url(values["public_id"])),
            "title": values["title"],
            "country_iso2": values["country__iso2"],
            "country": values["country__name"],
            "region": values["country__region"],
            "status": values["status"],
            "visibility": values["visibility"],
            "perpetrator_kind": values["perpetrator_kind"],
            "incident_date": values["incident_date"].isoformat() if values["incident_date"] else None,
            "incident_date_precision": values["incident_date_precision"],
            "summary": values["summary"],
            "victims": [display for _pk, display, _gender in case_victims],
            "victim_genders": [gender for _pk, _display, gender in case_victims],
            "victim_roles": [roles.get(victim_pk, []) for victim_pk, _display, _gender in case_victims],
            "mechanisms": mechanisms.get(pk, []),
            "reprisal_types": types.get(pk, []),
            "report_years": sorted({year for year, _ref in case_mentions}),
            "sources": list(dict.fromkeys(ref for _year, ref in case_mentions)),
            "is_demo": values["is_demo"],
            "updated_at": values["updated_at"].astimezone(UTC).isoformat(timespec="seconds")
            if values["updated_at"]
            else None,
        }


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
    return formula_safe(text)


def csv_cells(row: dict, columns: Iterable[str]) -> list[str]:
    return [csv_cell(row[c]) for c in columns]


def uncsv_cell(text: str) -> str:
    """Undo `csv_cell`'s formula protection (exact: "'=x" was exported as "''=x")."""
    return undo_formula_safe(text)
