"""Public cases in the CSV format Uwazi imports (../shared/data/uwazi-csv-format.md §2), in the
columns of ISHR's case template, so that partners who stay on Uwazi can take our data.

One row per victim per report mentioning the case (Uwazi's "one victim in one report"). Headers
are the template's labels: Uwazi turns each into its property name (safeName) on import. Values
are thesaurus labels ("Parent::Child" for grouped ones, "|" between several), dates YYYY/MM/DD
(the importer's default format). Our importer reads the file back.
"""

import csv
import io
from collections.abc import Iterable, Iterator

from cases.models import Case, Mention, Victim
from endreprisals.csv_cells import formula_safe

from .mapping import Mapping

COLUMNS = {
    "title": "Title",
    "status": "Case status",
    "locator": "Location of case in SG report",
    "relevant_report": "Relevant SG report",
    "report_year": "Year of the report",
    "country": "From Country",
    "record_type": "Type of record",
    "gender": "Gender",
    "foreign_national": "Was the victim a foreign national?",
    "minor": "Was the victim a minor?",
    "civil_servant": "Was the victim a civil servant, member of the security forces or of the judiciary?",
    "engagement": "Engagement with UN body",
    "reprisal_dates": "Dates of mentioned reprisals",
    "information": "Reprisal information",
    "reprisal_types": "Types of reprisals suffered",
    "perpetrators": "Alleged/likely perpetrators",
    "government_content": "Government response content",
    "raised_by": "Which State raised the case at the UN and when",
}
_KIND = {Victim.Kind.PERSON: "person", Victim.Kind.ORGANISATION: "organisation", Victim.Kind.GROUP: "group"}
_PERPETRATORS = {
    Case.Perpetrator.STATE: ["state"],
    Case.Perpetrator.NON_STATE: ["non_state"],
    Case.Perpetrator.BOTH: ["state", "non_state"],
    Case.Perpetrator.UNKNOWN: [],
}


def _label(mapping: Mapping, vocabulary: str, value, fallback: str = "") -> str:
    return mapping.first_label(vocabulary, value) or fallback


def _flag(mapping: Mapping, value) -> str:
    return "" if value is None else _label(mapping, "yes_no", value)


def uwazi_rows(cases: Iterable[Case]) -> Iterator[list[str]]:
    mapping = Mapping()
    yield list(COLUMNS.values())
    for case in cases:
        mechanisms = "|".join(_label(mapping, "mechanisms", m.slug, m.name) for m in case.mechanisms.all())
        types = "|".join(_label(mapping, "reprisal_types", t.slug, t.name) for t in case.reprisal_types.all())
        perpetrators = "|".join(
            _label(mapping, "perpetrators", p) for p in _PERPETRATORS[case.perpetrator_kind]
        )
        raised = "; ".join(
            f"{s.speaker.name}, HRC {s.session.number}"
            for s in case.raised_in_statements.all()
            if s.speaker_id
        )
        mentions = list(case.mentions.all()) or [None]
        for mention in mentions:
            for order, victim in enumerate(case.victims.all(), start=1):
                yield [
                    victim.display_name,
                    _label(mapping, "status", case.status),
                    _locator(mention, order),
                    mention.report.symbol if mention else "",
                    str(mention.report.year) if mention else "",
                    case.country.name,
                    _label(mapping, "record_type", _KIND[victim.kind]),
                    _label(mapping, "gender", victim.gender),
                    _flag(mapping, victim.is_foreign_national),
                    _flag(mapping, victim.is_minor),
                    _flag(mapping, victim.is_civil_servant),
                    mechanisms,
                    case.incident_date.strftime("%Y/%m/%d") if case.incident_date else "",
                    case.summary,
                    types,
                    perpetrators,
                    case.government_response,
                    raised,
                ]


def _locator(mention: Mention | None, order: int) -> str:
    if mention is None or mention.paragraph_id is None:
        return ""
    return f"{mention.report.year}-{mention.paragraph.number:03d}-{order:03d}"


def uwazi_stream(cases) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for n, row in enumerate(uwazi_rows(cases), start=1):
        # A cell opening with = + - @ would run as a formula in a spreadsheet (endreprisals/csv_cells.py).
        writer.writerow([formula_safe(value) for value in row])
        if n % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def prefetched(queryset):
    return queryset.select_related("country").prefetch_related(
        "mechanisms",
        "reprisal_types",
        "victims",
        "raised_in_statements__speaker",
        "raised_in_statements__session",
        "mentions__report",
        "mentions__paragraph",
    )


__all__ = ["COLUMNS", "prefetched", "uwazi_rows", "uwazi_stream"]
