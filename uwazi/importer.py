"""Import the CSV an Uwazi library exports (ISHR's #EndReprisals case template in particular).

    report = import_uwazi(data, "export.csv", user=request.user, dry_run=False)
    report.ok, report.errors, report.created, report.merged, report.updated, report.unchanged
    report.fields  # field -> value -> (what it became, count); None: left unmapped

What a record becomes
    One Uwazi record is one victim in one report (see ../shared/data/ishr-case-template.md).
    Its locator "YYYY-PPP-NNN" names the report (by year, through the catalogue of reports) and
    the paragraph (annex I from 2017, the main body before); the record becomes a mention of
    that report, pinned to the paragraph when the report's paragraphs are ingested. Records of
    the same person in several reports (same country, same kind, names that agree after
    transliteration — the ingestion pipeline's name matching — and never two records of the same
    report) become one case with one mention per report. Unnamed victims and general situations
    are never merged.

Mapping
    Columns and values go through uwazi.mapping (the shipped ISHR mapping completed by the
    curator's file). A value the mapping does not know is counted, kept in the record's
    provenance, and written (as null) to the curator's file; an unknown country, or a report
    year the catalogue lacks, is an error, since a case cannot exist without them.

All or nothing, idempotent, with provenance
    Every row is checked first; any error and nothing is written. Each record is kept as a
    SourceRecord (the file's checksum through its ImportRun, the line, the original cells and
    what the mapping made of them). A record whose cells and mapping are unchanged leaves its
    case alone — re-importing an export changes nothing, and a curator's later edits stay —
    while a changed or new record updates its case from all of the case's records.

New cases are drafts (never published by an import) at the visibility the caller chooses,
confidential by default.
"""

import csv
import hashlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cases.models import (
    Case,
    Country,
    Mechanism,
    Mention,
    Paragraph,
    Report,
    ReprisalType,
    Victim,
    VictimRole,
)
from cases.planner import refresh_statistics
from cases.search.index import batched_refresh
from cases.visibility import Visibility
from ingest.services.link import NAME_THRESHOLD, name_similarity
from ingest.services.rules import get_rules
from states.models import Session, Statement

from . import dates
from .mapping import Mapping
from .models import ImportRun, SourceRecord

CHANGE_REASON = "Uwazi import"
_LOCATOR = re.compile(r"^\s*(\d{4})-(\d{1,4})-(\d{1,4})\s*$")
# Annex I holds the case narratives from the 2017 report on; the main body before.
ANNEX_FROM_YEAR = 2017
_SESSION = re.compile(
    r"\b(?:HRC|session|sesi[oó]n)\s*(\d{1,3})\b|\b(\d{1,3})(?:st|nd|rd|th|ª|a)?\s+(?:session|sesi[oó]n)\b",
    re.I,
)
_FLAGS = {"minor": "is_minor", "foreign_national": "is_foreign_national", "civil_servant": "is_civil_servant"}
_DATE_COLUMNS = ("reprisal_dates", "prior_dates", "engagement_dates", "government_dates")


@dataclass
class ImportReport:
    filename: str = ""
    checksum: str = ""
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    merged: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    fields: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(lambda: [None, 0])))
    unknown_columns: list[str] = field(default_factory=list)
    added_to_mapping: list[tuple[str, str]] = field(default_factory=list)
    run: ImportRun | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, line: int, message: str) -> None:
        self.errors.append((line, message))

    def count(self, name: str, value: str, target) -> None:
        entry = self.fields[name][value]
        entry[0] = target
        entry[1] += 1

    @property
    def unmapped(self) -> dict[str, dict[str, int]]:
        return {
            name: {value: n for value, (target, n) in values.items() if target is None}
            for name, values in self.fields.items()
            if any(target is None for target, _n in values.values())
        }

    def lines(self) -> list[str]:
        """The summary a person reads: what was (or would be) created, merged, left unmapped."""
        out = [
            _(
                "%(rows)d records: %(created)d cases created, %(merged)d records merged into another "
                "record's case, %(updated)d cases updated, %(unchanged)d unchanged."
            )
            % vars(self)
        ]
        for name in sorted(self.fields):
            out.append(f"{name}:")
            for value, (target, n) in sorted(self.fields[name].items()):
                shown = (
                    _("UNMAPPED")
                    if target is None
                    else (", ".join(map(str, target)) if isinstance(target, list) else str(target))
                )
                out.append(f"  {value} → {shown or '—'} ({n})")
        if self.unknown_columns:
            out.append(_("Columns kept in provenance only: %(c)s") % {"c": ", ".join(self.unknown_columns)})
        for line, message in self.errors:
            out.append(_("Error, line %(line)d: %(message)s") % {"line": line, "message": message})
        for line, message in self.warnings:
            out.append(_("Warning, line %(line)d: %(message)s") % {"line": line, "message": message})
        return out


# -- reading ------------------------------------------------------------------------------------


def _decode(data: bytes, report: ImportReport) -> str | None:
    if len(data) > settings.IMPORT_MAX_BYTES:
        report.error(
            0,
            _("The file is larger than the limit of %(limit)s.")
            % {"limit": filesizeformat(settings.IMPORT_MAX_BYTES)},
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.error(
            data[: exc.start].count(b"\n") + 1,
            _("The file is not UTF-8 text; export it again or save it as CSV UTF-8."),
        )
        return None


def _rows(text: str, report: ImportReport) -> list[list[str]]:
    """Uwazi writes "," but reads "," and ";": take the delimiter that splits the header more."""
    header = next(csv.reader(io.StringIO(text)), [])
    semicolon = next(csv.reader(io.StringIO(text), delimiter=";"), [])
    delimiter = ";" if len(semicolon) > len(header) else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        report.error(0, _("The CSV cannot be read: %(error)s") % {"error": exc})
        return []


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


# -- one record ---------------------------------------------------------------------------------


@dataclass
class Record:
    line: int
    original: dict  # label -> cell
    mapped: dict
    unmapped: list
    key: str = ""


class _Context:
    def __init__(self, mapping: Mapping, order: str | None):
        self.mapping = mapping
        self.order = order
        self.countries = {c.iso2: c for c in Country.objects.all()}
        self.reports_by_year = defaultdict(list)
        for report in Report.objects.filter(is_demo=False).order_by("symbol"):
            self.reports_by_year[report.year].append(report)
        self.rules = get_rules()
        self.mechanisms = set(Mechanism.objects.values_list("slug", flat=True))
        self.types = set(ReprisalType.objects.values_list("slug", flat=True))


def _vocabulary(
    ctx: _Context, report: ImportReport, record: Record, name: str, vocabulary: str, cell: str, many: bool
):
    """Mapped values of one cell; unknown values are counted and listed in the record."""
    out = []
    for value in _split(cell) if many else ([cell.strip()] if cell.strip() else []):
        found, target = ctx.mapping.lookup(vocabulary, value)
        if vocabulary == "country" and not found:
            iso2 = ctx.rules.countries.lookup(value)
            found, target = iso2 is not None, iso2
            if found:
                ctx.mapping.unmapped.get("country", {}).pop(value, None)
        report.count(name, value, target if found else None)
        if not found:
            record.unmapped.append([name, value])
            continue
        if isinstance(target, list):
            out.extend(target)
        elif target not in ("", None) or vocabulary == "yes_no":
            out.append(target)
    return out


def _report_for(ctx: _Context, year: int, cells: dict) -> Report | None:
    reports = ctx.reports_by_year.get(year, [])
    wanted = cells.get("relevant_report", "").strip()
    for report in reports:
        if wanted and report.symbol in wanted:
            return report
    return reports[0] if reports else None


def _raised_by(ctx: _Context, report: ImportReport, record: Record, cell: str) -> list[list[str]]:
    """[iso2, session key] for each "State … session" the cell names and the database knows."""
    out = []
    for piece in re.split(r"[;|\n]", cell):
        piece = piece.strip()
        if not piece:
            continue
        states = [iso2 for iso2, _m in ctx.rules.countries.find_all(piece)]
        session = None
        if match := _SESSION.search(piece):
            number = int(match.group(1) or match.group(2))
            session = (
                Session.objects.filter(body=Session.Body.HRC_REPRISALS_DIALOGUE, number=number).first()
                or Session.objects.filter(body=Session.Body.HRC, number=number).first()
            )
        if states and session is not None:
            for iso2 in states:
                out.append([iso2, session.key])
            report.count("raised_by", piece, [f"{iso2} @ {session.key}" for iso2 in states])
        else:
            report.count("raised_by", piece, None)
            record.unmapped.append(["raised_by", piece])
    return out


def _parse(ctx: _Context, report: ImportReport, line: int, cells: dict, original: dict) -> Record | None:
    record = Record(line, original, {}, [])
    m = record.mapped
    problems = []
    title = cells.get("title", "").strip()
    if not title:
        problems.append(_("the title is empty"))
    m["title"] = title[:300]
    m["template"] = cells.get("template", "").strip()
    # Report and paragraph.
    locator = cells.get("locator", "").strip()
    year = section = number = order = None
    if locator:
        match = _LOCATOR.match(locator)
        if match is None:
            problems.append(_("“%(value)s” is not a locator of the form YYYY-PPP-NNN") % {"value": locator})
        else:
            year, number, order = (int(g) for g in match.groups())
    if year is None and cells.get("report_year", "").strip().isdigit():
        year = int(cells["report_year"].strip())
    if year is None and not problems:
        problems.append(_("neither a locator nor the year of the report says which report this is"))
    catalogue = _report_for(ctx, year, cells) if year else None
    if year and catalogue is None:
        problems.append(_("there is no report of the year %(year)d in the catalogue") % {"year": year})
        report.count("report", str(year), None)
    elif catalogue is not None:
        report.count("report", str(year), catalogue.symbol)
        section = Paragraph.Section.ANNEX_I if year >= ANNEX_FROM_YEAR else Paragraph.Section.BODY
    m.update(
        report=catalogue.symbol if catalogue else None,
        year=year,
        section=section,
        paragraph=number,
        order=order,
    )
    record.key = locator if locator and year else f"{m['template']}|{title}"
    # Country.
    countries = _vocabulary(ctx, report, record, "country", "country", cells.get("country", ""), many=True)
    if not countries:
        problems.append(
            _("the country “%(value)s” is not known: add it to the mapping file")
            % {"value": cells.get("country", "")}
        )
    elif len(set(countries)) > 1:
        problems.append(_("more than one country: %(value)s") % {"value": cells.get("country", "")})
    m["country"] = countries[0] if countries else None
    _check_geolocation(cells.get("geolocation", ""), line, report)
    # The victim.
    kinds = _vocabulary(
        ctx, report, record, "record_type", "record_type", cells.get("record_type", ""), many=False
    )
    m["record_type"] = kinds[0] if kinds else "person"
    genders = _vocabulary(ctx, report, record, "gender", "gender", cells.get("gender", ""), many=False)
    m["gender"] = genders[0] if genders else Victim.Gender.UNKNOWN
    for name in _FLAGS:
        flags = _vocabulary(ctx, report, record, name, "yes_no", cells.get(name, ""), many=False)
        m[name] = flags[0] if flags else None
    activity = cells.get("activity", "")
    m["roles"] = sorted({label for label, _match in ctx.rules.roles.finditer(activity)}) if activity else []
    # Classification.
    mechanisms = []
    for name in ("prior_bodies", "engagement"):
        mechanisms += _vocabulary(ctx, report, record, name, "mechanisms", cells.get(name, ""), many=True)
    types = _vocabulary(
        ctx, report, record, "reprisal_types", "reprisal_types", cells.get("reprisal_types", ""), many=True
    )
    if _vocabulary(
        ctx, report, record, "new_legislation", "yes_no", cells.get("new_legislation", ""), many=False
    ) == [True]:
        types.append("restrictive-legislation")
    for slug in [*mechanisms, *types]:
        if slug not in ctx.mechanisms | ctx.types:
            problems.append(_("the mapping names “%(slug)s”, which is not a term of ours") % {"slug": slug})
    m["mechanisms"], m["reprisal_types"] = sorted(set(mechanisms)), sorted(set(types))
    perpetrators = set(
        _vocabulary(
            ctx, report, record, "perpetrators", "perpetrators", cells.get("perpetrators", ""), many=True
        )
    )
    perpetrators.discard("unknown")
    m["perpetrator"] = (
        Case.Perpetrator.BOTH
        if len(perpetrators) > 1
        else (perpetrators.pop() if perpetrators else Case.Perpetrator.UNKNOWN)
    )
    statuses = _vocabulary(ctx, report, record, "status", "status", cells.get("status", ""), many=False)
    m["status"] = statuses[0] if statuses else Case.Status.UNKNOWN
    # Dates: the earliest reprisal date that parses; every text kept in `original`.
    parsed, failed = dates.parse_all(cells.get("reprisal_dates", ""), ctx.order)
    for piece in failed:
        report.warnings.append((line, _("the date “%(value)s” was kept as text only") % {"value": piece}))
    first = min(parsed, key=lambda p: p.value, default=None)
    m["incident_date"] = first.value.isoformat() if first else None
    m["incident_date_precision"] = first.precision if first else Case.DatePrecision.DAY
    # Texts.
    m["summary"] = cells.get("information", "").strip()
    m["further_development"] = cells.get("further_development", "").strip()
    response = [cells.get("government_content", "").strip()]
    if cells.get("government_dates", "").strip():
        response.insert(0, _("Dates: %(dates)s") % {"dates": cells["government_dates"].strip()})
    m["government_response"] = "\n".join(r for r in response if r)
    m["raised_by"] = _raised_by(ctx, report, record, cells.get("raised_by", ""))
    for problem in problems:
        report.error(line, problem)
    return None if problems else record


def _check_geolocation(cell: str, line: int, report: ImportReport) -> None:
    """`lat|lon`; an inherited geolocation of several entities gives `lat|lon|lat|lon`. Kept in
    provenance only (our countries have their own positions), but an odd list is flagged."""
    values = _split(cell)
    try:
        [float(v) for v in values]
    except ValueError:
        report.warnings.append((line, _("the geolocation “%(value)s” is not lat|lon") % {"value": cell}))
        return
    if len(values) % 2:
        report.warnings.append(
            (line, _("the geolocation “%(value)s” has an odd number of values") % {"value": cell})
        )


# -- grouping records into cases ----------------------------------------------------------------


@dataclass
class _Group:
    case_id: int | None
    country: str
    kind: str
    names: list[str]
    years: set
    records: list  # Record (this file) or SourceRecord (already stored)

    def takes(self, mapped: dict, variants) -> bool:
        if mapped["country"] != self.country or mapped["record_type"] != self.kind:
            return False
        if mapped["record_type"] not in ("person", "organisation") or mapped["year"] in self.years:
            return False
        return any(name_similarity(mapped["title"], name, variants) >= NAME_THRESHOLD for name in self.names)


def _group(records: list[Record], report: ImportReport) -> list[_Group]:
    from ingest.services.link import _variants

    variants = _variants()
    stored = {r.key: r for r in SourceRecord.objects.select_related("case")}
    groups: dict[int, _Group] = {}
    for source in stored.values():
        group = groups.get(source.case_id)
        if group is None:
            group = groups[source.case_id] = _Group(
                source.case_id, source.mapped["country"], source.mapped["record_type"], [], set(), []
            )
        group.names.append(source.mapped["title"])
        group.years.add(source.mapped["year"])
        group.records.append(source)
    fresh: list[_Group] = []
    for record in sorted(records, key=lambda r: (r.mapped["year"] or 0, r.key)):
        if record.key in stored:
            group = groups[stored[record.key].case_id]
            group.records = [record if getattr(r, "key", None) == record.key else r for r in group.records]
            continue
        candidates = [g for g in [*groups.values(), *fresh] if g.takes(record.mapped, variants)]
        if candidates:
            group = candidates[0]
            report.merged += 1
        else:
            group = _Group(None, record.mapped["country"], record.mapped["record_type"], [], set(), [])
            fresh.append(group)
        group.names.append(record.mapped["title"])
        group.years.add(record.mapped["year"])
        group.records.append(record)
    touched = [g for g in groups.values() if any(isinstance(r, Record) for r in g.records)]
    return touched + fresh


# -- writing ------------------------------------------------------------------------------------


def _mark(instance, user):
    instance._history_user = user
    instance._change_reason = CHANGE_REASON
    return instance


def _desired(records: list[dict]) -> dict:
    """A case's values from the mapped values of all its records (in report order)."""
    records = sorted(records, key=lambda m: (m["year"] or 0, m["paragraph"] or 0, m["order"] or 0))
    first, last = records[0], records[-1]
    perpetrators = {m["perpetrator"] for m in records} - {Case.Perpetrator.UNKNOWN}
    if Case.Perpetrator.BOTH in perpetrators or len(perpetrators) > 1:
        perpetrator = Case.Perpetrator.BOTH
    else:
        perpetrator = perpetrators.pop() if perpetrators else Case.Perpetrator.UNKNOWN

    def text(m, key):
        return m[key] if len(records) == 1 else f"{m['report'] or m['year']}: {m[key]}"

    summary = [text(m, "summary") for m in records if m["summary"]]
    summary += [
        _("Further development: %(text)s") % {"text": m["further_development"]}
        for m in records
        if m["further_development"]
    ]
    dated = [m for m in records if m["incident_date"]]
    earliest = min(dated, key=lambda m: m["incident_date"]) if dated else None
    return {
        "title": first["title"],
        "country_id": first["country"],
        "summary": "\n\n".join(summary),
        "government_response": "\n\n".join(
            text(m, "government_response") for m in records if m["government_response"]
        ),
        "status": last["status"],
        "perpetrator_kind": perpetrator,
        "incident_date": earliest["incident_date"] if earliest else None,
        "incident_date_precision": earliest["incident_date_precision"]
        if earliest
        else Case.DatePrecision.DAY,
        "mechanisms": sorted({s for m in records for s in m["mechanisms"]}),
        "reprisal_types": sorted({s for m in records for s in m["reprisal_types"]}),
    }


def _victim_values(records: list[dict]) -> dict:
    records = sorted(records, key=lambda m: m["year"] or 0)
    first = records[0]
    named = first["record_type"] in ("person", "organisation")
    kind = {"person": Victim.Kind.PERSON, "organisation": Victim.Kind.ORGANISATION}.get(
        first["record_type"], Victim.Kind.GROUP
    )
    genders = [m["gender"] for m in records if m["gender"] != Victim.Gender.UNKNOWN]
    values = {
        "kind": kind,
        "name": first["title"][:200] if named else "",
        "description": "" if named else first["title"][:300],
        "gender": genders[0] if genders else Victim.Gender.UNKNOWN,
    }
    for name, attr in _FLAGS.items():
        flags = [m[name] for m in records if m[name] is not None]
        values[attr] = flags[0] if flags else None
    values["roles"] = sorted({r for m in records for r in m["roles"]})
    return values


def _update(instance, values: dict, user) -> bool:
    """Set and save what differs (a new instance is always saved); True when something changed."""
    changed = [k for k, v in values.items() if instance.pk is None or getattr(instance, k) != v]
    if changed or instance.pk is None:
        for k in changed:
            setattr(instance, k, values[k])
        _mark(instance, user).save()
    return bool(changed)


class _Writer:
    def __init__(self, run: ImportRun, user, visibility: str):
        self.run, self.user, self.visibility = run, user, visibility
        self.mechanisms = dict(Mechanism.objects.values_list("slug", "pk"))
        self.types = dict(ReprisalType.objects.values_list("slug", "pk"))
        self.roles = dict(VictimRole.objects.values_list("slug", "pk"))
        self.reports = {r.symbol: r for r in Report.objects.filter(is_demo=False)}
        self.countries = dict(Country.objects.values_list("iso2", "pk"))

    def write(self, group: _Group, report: ImportReport) -> None:
        fresh = [r for r in group.records if isinstance(r, Record)]
        stored = {s.key: s for s in SourceRecord.objects.filter(key__in=[r.key for r in fresh])}
        if group.case_id is not None and all(
            r.key in stored and stored[r.key].original == r.original and stored[r.key].mapped == r.mapped
            for r in fresh
        ):
            report.unchanged += 1
            SourceRecord.objects.filter(key__in=stored).update(last_run=self.run)
            return
        mapped = [r.mapped for r in group.records]
        desired = _desired(mapped)
        mechanisms, types = desired.pop("mechanisms"), desired.pop("reprisal_types")
        desired["country_id"] = self.countries[desired["country_id"]]
        if group.case_id is None:
            case = Case(visibility=self.visibility, is_demo=False, language="en")
            report.created += 1
        else:
            case = Case.objects.get(pk=group.case_id)
            report.updated += 1
        if desired["incident_date"]:
            desired["incident_date"] = date.fromisoformat(desired["incident_date"])
        _update(case, desired, self.user)
        if sorted(case.mechanisms.values_list("slug", flat=True)) != mechanisms:
            case.mechanisms.set([self.mechanisms[s] for s in mechanisms])
        if sorted(case.reprisal_types.values_list("slug", flat=True)) != types:
            case.reprisal_types.set([self.types[s] for s in types])
        self._victim(case, mapped)
        self._mentions(case, group, fresh, stored)
        self._raised(case, mapped)

    def _victim(self, case: Case, mapped: list[dict]) -> None:
        values = _victim_values(mapped)
        roles = values.pop("roles")
        victim = case.victims.order_by("id").first() or Victim(case=case)
        _update(victim, values, self.user)
        if sorted(victim.roles.values_list("slug", flat=True)) != roles:
            victim.roles.set([self.roles[s] for s in roles if s in self.roles])

    def _mentions(self, case: Case, group: _Group, fresh: list[Record], stored: dict) -> None:
        ordered = sorted(group.records, key=lambda r: (r.mapped["year"] or 0, r.key))
        first_year = ordered[0].mapped["year"]
        for record in fresh:
            m = record.mapped
            report = self.reports[m["report"]]
            paragraph = Paragraph.objects.filter(
                report=report, section=m["section"], number=m["paragraph"]
            ).first()
            if (
                paragraph is not None
                and Mention.objects.filter(case=case, paragraph=paragraph)
                .exclude(uwazi_records__key=record.key)
                .exists()
            ):
                paragraph = None  # two victims of one paragraph merged: the first holds the pin
            source = stored.get(record.key)
            mention = source.mention if source is not None and source.mention_id else Mention(case=case)
            kind = Mention.Kind.FIRST if m["year"] == first_year else Mention.Kind.FOLLOW_UP
            _update(
                mention, {"case": case, "report": report, "paragraph": paragraph, "kind": kind}, self.user
            )
            values = {
                "case": case,
                "mention": mention,
                "last_run": self.run,
                "row": record.line,
                "title": m["title"][:500],
                "original": record.original,
                "mapped": m,
                "unmapped": record.unmapped,
            }
            if source is None:
                SourceRecord.objects.create(key=record.key, first_run=self.run, **values)
            else:
                for k, v in values.items():
                    setattr(source, k, v)
                source.save()

    def _raised(self, case: Case, mapped: list[dict]) -> None:
        for iso2, key in {tuple(pair) for m in mapped for pair in m["raised_by"]}:
            session = Session.from_key(key)
            speaker = Country.objects.filter(iso2=iso2).first()
            if session is None or speaker is None:
                continue
            statement = Statement.objects.filter(
                session=session, kind=Statement.Kind.NATIONAL, speaker=speaker
            ).first()
            if statement is None:
                statement = _mark(
                    Statement(
                        session=session,
                        kind=Statement.Kind.NATIONAL,
                        speaker=speaker,
                        note=_("Recorded from an Uwazi import."),
                    ),
                    self.user,
                )
                statement.save()
            if not statement.raised_cases.filter(pk=case.pk).exists():
                statement.raised_cases.add(case)


# -- entry point --------------------------------------------------------------------------------


def import_uwazi(
    data: bytes,
    filename: str = "export.csv",
    *,
    user=None,
    dry_run: bool = False,
    date_format: str | None = None,
    visibility: str = Visibility.CONFIDENTIAL,
    mapping: Mapping | None = None,
) -> ImportReport:
    report = ImportReport(filename=filename, checksum=hashlib.sha256(data).hexdigest(), dry_run=dry_run)
    if date_format and date_format.upper() not in dates.DATE_FORMATS:
        report.error(
            0,
            _("Unknown date format “%(value)s”; use one of: %(choices)s")
            % {"value": date_format, "choices": ", ".join(dates.DATE_FORMATS)},
        )
        return report
    if visibility not in Visibility.values:
        report.error(0, _("Unknown visibility “%(value)s”.") % {"value": visibility})
        return report
    text = _decode(data, report)
    if text is None:
        return report
    rows = _rows(text, report)
    if not rows or not any(c.strip() for c in rows[0]):
        report.error(1, _("The file is empty; an Uwazi export starts with a line of column labels."))
        return report
    mapping = mapping or Mapping()
    header = [cell.strip() for cell in rows[0]]
    fields = [mapping.column(label) for label in header]
    report.unknown_columns = [
        label for label, name in zip(header, fields, strict=True) if name is None and label
    ]
    if "title" not in fields:
        report.error(1, _("There is no Title column: this does not look like an Uwazi export."))
        return report
    body = [(n, cells) for n, cells in enumerate(rows[1:], start=2) if any(c.strip() for c in cells)]
    order = dates.DATE_FORMATS.get((date_format or "").upper())
    if order in ("ymd", None) and not date_format:
        try:
            order = dates.numeric_order(
                [
                    cells[i]
                    for _n, cells in body
                    for i, name in enumerate(fields)
                    if name in _DATE_COLUMNS and i < len(cells)
                ]
            )
        except ValueError:
            report.error(
                0,
                _("Dates are written both day first and month first; say which with the date format option."),
            )
            return report
    ctx = _Context(mapping, order)
    records, seen = [], {}
    for line, cells in body:
        if len(cells) != len(header):
            report.error(
                line,
                _("%(found)d cells where the header has %(expected)d columns")
                % {"found": len(cells), "expected": len(header)},
            )
            continue
        named = {name: cell for name, cell in zip(fields, cells, strict=True) if name}
        original = {
            label or f"column {i + 1}": cell
            for i, (label, cell) in enumerate(zip(header, cells, strict=True))
        }
        record = _parse(ctx, report, line, named, original)
        if record is None:
            continue
        if record.key in seen:
            report.error(
                line,
                _("the record “%(key)s” is already on line %(line)d")
                % {"key": record.key, "line": seen[record.key]},
            )
            continue
        seen[record.key] = line
        records.append(record)
    report.rows = len(body)
    if not dry_run:
        report.added_to_mapping = mapping.write_unmapped()
    if not report.ok:
        return report
    with transaction.atomic():
        run = ImportRun.objects.create(
            filename=filename[:255],
            checksum=report.checksum,
            user=user if getattr(user, "pk", None) else None,
            rows=report.rows,
        )
        writer = _Writer(run, user if getattr(user, "pk", None) else None, visibility)
        with batched_refresh():
            for group in _group(records, report):
                writer.write(group, report)
        for name in ("created", "updated", "unchanged", "merged"):
            setattr(run, name, getattr(report, name))
        run.unmapped = report.unmapped
        run.save()
        if dry_run:
            transaction.set_rollback(True)
        else:
            report.run = run
    if not dry_run:
        refresh_statistics()
    return report
