"""Bulk import of cases from CSV, in the columns of the case download (cases.tabular).

    result = import_cases_csv(uploaded_file, user=request.user)
    if not result.ok:
        for line, message in result.errors: ...
    result.created, result.updated, result.unchanged

The file is all or nothing: every row is checked first, every problem is reported with its line,
and nothing is written unless the whole file is correct.

The file
    UTF-8 (a byte-order mark is allowed), at most settings.IMPORT_MAX_BYTES, comma-separated with
    a header line. Column names are those of tabular.CASE_COLUMNS; unknown columns are ignored,
    so a download can be edited and uploaded as it is. `title` and `country_iso2` are required.
    Line numbers count records as a spreadsheet shows rows: the header is line 1 and the first
    case line 2 (they match the file's text lines unless a cell holds line breaks). Line 0 is
    the file as a whole.

Rows
    `public_id` names an existing case (one the user can see) to update; an empty public_id
    creates a new case. For an update, a column left out of the file leaves that field as it
    is; a column present with an empty cell empties the field (choice fields take their default:
    status "unknown", visibility "confidential", perpetrator "unknown", precision "day").
    Blank lines are skipped. A row whose values already match the case is "unchanged" and not
    saved at all.

Never creates reference data
    Countries, mechanisms, reprisal types and victim roles must already exist: an unknown code
    is an error, never a new record.

Victims
    When the `victims` column is present it replaces the case's victims: entries are matched to
    the current victims by display name (keeping each one's record, kind and anonymisation);
    victims not listed are deleted and new entries are created as named individuals (add an
    anonymised victim in the admin). `victim_genders` and `victim_roles`, if present, give one
    value per victim in the same order (roles of one victim separated by ","); they need the
    `victims` column.

Read-only columns
    `url`, `country`, `region`, `report_years`, `sources` and `updated_at` are derived and never
    imported: sources (mentions in reports) are recorded in the admin. `report_years` must still
    name years that have reports. When a read-only value differs from the case's, the row gets a
    warning (result.warnings) and the value is ignored.

Publication
    Imported cases are never published by the import: new cases are drafts, and existing cases
    keep their publication state. Changes are recorded in the history with `user`.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import tabular
from .models import Case, Country, Mechanism, Report, ReprisalType, Victim, VictimRole
from .search.index import refresh_cases
from .visibility import Visibility

REQUIRED_COLUMNS = ("title", "country_iso2")
CHANGE_REASON = "CSV import"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}
_LOAD_BATCH = 500

# Columns whose value the import sets, with the model field each fills.
_SCALARS = {
    "title": "title",
    "country_iso2": "country_id",
    "status": "status",
    "visibility": "visibility",
    "perpetrator_kind": "perpetrator_kind",
    "incident_date": "incident_date",
    "incident_date_precision": "incident_date_precision",
    "summary": "summary",
    "is_demo": "is_demo",
}
_CHOICES = {
    "status": Case.Status.values,
    "visibility": Visibility.values,
    "perpetrator_kind": Case.Perpetrator.values,
    "incident_date_precision": Case.DatePrecision.values,
}
_READ_ONLY_COMPARED = ("country", "region", "report_years", "sources")


class RowError(NamedTuple):
    line: int
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    case_ids: list[int] = field(default_factory=list)  # cases created or updated

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, line: int, message: str) -> None:
        self.errors.append(RowError(line, message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(RowError(line, message))


class _Invalid(Exception):
    """One problem with one cell; collected per row."""


@dataclass
class _Row:
    line: int
    case: Case | None  # None: a new case
    values: dict  # column -> parsed value, only for the importable columns present


# Reading ---------------------------------------------------------------------------------------


def _read_text(fileobj, result: ImportResult) -> str | None:
    limit = settings.IMPORT_MAX_BYTES
    size = getattr(fileobj, "size", None)
    data = fileobj.read(limit + 1) if size is None or size <= limit else b""
    if (size is not None and size > limit) or len(data) > limit:
        result.error(
            0, _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)}
        )
        return None
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        result.error(
            line,
            _("The file is not UTF-8 text (invalid byte near text line %(line)d); save it as CSV UTF-8.")
            % {"line": line},
        )
        return None


def _records(text: str, result: ImportResult):
    """(line, cells) for each record; line 1 is the header."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 0
    while True:
        line += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            result.error(line, _("The CSV cannot be read here: %(error)s") % {"error": exc})
            return
        yield line, cells


# Parsing cells ---------------------------------------------------------------------------------


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(tabular.LIST_SEPARATOR)] if text.strip() else []


def _choice(column: str, text: str):
    values = _CHOICES[column]
    if not text:
        return Case._meta.get_field(_SCALARS[column]).get_default()
    if text not in values:
        raise _Invalid(
            _("%(column)s: unknown value “%(value)s”; expected one of: %(choices)s")
            % {"column": column, "value": text, "choices": ", ".join(values)}
        )
    return text


def _slugs(column: str, text: str, known: dict) -> list:
    slugs = list(dict.fromkeys(_split(text)))
    unknown = [s for s in slugs if s not in known]
    if unknown:
        raise _Invalid(
            _("%(column)s: unknown identifier(s) %(values)s (they are not created by an import)")
            % {"column": column, "values": ", ".join(f"“{s}”" for s in unknown)}
        )
    return slugs


class _Vocabulary:
    def __init__(self):
        self.countries = {c.iso2: c for c in Country.objects.all()}
        self.mechanisms = dict(Mechanism.objects.values_list("slug", "pk"))
        self.types = dict(ReprisalType.objects.values_list("slug", "pk"))
        self.roles = dict(VictimRole.objects.values_list("slug", "pk"))
        self.report_years = set(Report.objects.values_list("year", flat=True))


def _parse_cell(column: str, text: str, vocab: _Vocabulary):
    """The value of one importable or compared column, or raise _Invalid."""
    if column == "title":
        if not text.strip():
            raise _Invalid(_("title: required"))
        limit = Case._meta.get_field("title").max_length
        if len(text.strip()) > limit:
            raise _Invalid(_("title: longer than %(n)d characters") % {"n": limit})
        return text.strip()
    if column == "country_iso2":
        code = text.strip().upper()
        if not code:
            raise _Invalid(_("country_iso2: required"))
        if code not in vocab.countries:
            raise _Invalid(_("country_iso2: unknown country code “%(code)s”") % {"code": code})
        return vocab.countries[code].pk
    if column in _CHOICES:
        return _choice(column, text.strip())
    if column == "incident_date":
        text = text.strip()
        if not text:
            return None
        try:
            if not _DATE.match(text):
                raise ValueError
            return date.fromisoformat(text)
        except ValueError:
            raise _Invalid(
                _("incident_date: “%(value)s” is not a date in the form YYYY-MM-DD") % {"value": text}
            ) from None
    if column == "summary":
        return text
    if column == "is_demo":
        flag = text.strip().lower()
        if flag not in _TRUE | _FALSE:
            raise _Invalid(_("is_demo: expected true or false, not “%(value)s”") % {"value": text})
        return flag in _TRUE
    if column == "mechanisms":
        return set(_slugs(column, text, vocab.mechanisms))
    if column == "reprisal_types":
        return set(_slugs(column, text, vocab.types))
    if column == "report_years":
        years = []
        for part in _split(text):
            if not part.isdigit() or int(part) not in vocab.report_years:
                raise _Invalid(
                    _("report_years: there is no report of the year “%(value)s”") % {"value": part}
                )
            years.append(int(part))
        return sorted(set(years))
    if column == "sources":
        return list(dict.fromkeys(_split(text)))
    if column in ("country", "region"):
        return text.strip()
    raise AssertionError(column)


def _parse_victims(cells: dict, vocab: _Vocabulary) -> list[tuple[str, str, frozenset]]:
    """(display name, gender, role slugs) per victim, from the victims/genders/roles columns."""
    names = _split(cells["victims"])
    if any(not name for name in names):
        raise _Invalid(_("victims: an entry is empty (two “;” in a row?)"))
    for name in names:
        if len(name) > Victim._meta.get_field("name").max_length:
            raise _Invalid(_("victims: “%(name)s…” is too long") % {"name": name[:40]})
    genders = _split(cells.get("victim_genders", ""))
    if "victim_genders" in cells and genders and len(genders) != len(names):
        raise _Invalid(
            _("victim_genders: %(g)d values for %(v)d victims; give one per victim, in the same order")
            % {"g": len(genders), "v": len(names)}
        )
    genders = [g or Victim.Gender.UNKNOWN for g in genders] or [Victim.Gender.UNKNOWN] * len(names)
    bad = [g for g in genders if g not in Victim.Gender.values]
    if bad:
        raise _Invalid(
            _("victim_genders: unknown value “%(value)s”; expected one of: %(choices)s")
            % {"value": bad[0], "choices": ", ".join(Victim.Gender.values)}
        )
    raw_roles = cells.get("victim_roles", "")
    groups = [g.strip() for g in raw_roles.split(tabular.LIST_SEPARATOR)] if raw_roles.strip() else []
    if groups and len(groups) != len(names):
        raise _Invalid(
            _("victim_roles: %(g)d groups for %(v)d victims; give one group per victim, in the same order")
            % {"g": len(groups), "v": len(names)}
        )
    roles = []
    for group in groups or [""] * len(names):
        slugs = [s.strip() for s in group.split(tabular.ROLE_SEPARATOR) if s.strip()]
        roles.append(frozenset(_slugs("victim_roles", tabular.LIST_SEPARATOR.join(slugs), vocab.roles)))
    return list(zip(names, genders, roles, strict=True))


# Checking the file -----------------------------------------------------------------------------


def _header(cells: list[str], result: ImportResult) -> list[str] | None:
    header = [c.strip().lower() for c in cells]
    known = [c for c in header if c in tabular.CASE_COLUMNS]
    duplicates = sorted({c for c in known if known.count(c) > 1})
    if duplicates:
        result.error(1, _("Columns appear twice: %(columns)s") % {"columns": ", ".join(duplicates)})
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        result.error(1, _("Required columns are missing: %(columns)s") % {"columns": ", ".join(missing)})
    if ("victim_genders" in header or "victim_roles" in header) and "victims" not in header:
        result.error(1, _("victim_genders and victim_roles can only be imported with the victims column"))
    return None if result.errors else header


def _existing_cases(public_ids: list[str], user) -> dict[str, Case]:
    cases = Case.objects.all() if user is None else Case.objects.visible_to(user)
    found = {}
    for start in range(0, len(public_ids), _LOAD_BATCH):
        batch = public_ids[start : start + _LOAD_BATCH]
        for case in tabular.iter_cases(cases.filter(public_id__in=batch).order_by("pk")):
            found[case.public_id] = case
    return found


def _check_rows(text: str, user, result: ImportResult) -> list[_Row]:
    records = _records(text, result)
    first = next(records, None)
    if first is None:
        result.error(1, _("The file is empty; it needs a header line naming the columns."))
        return []
    header = _header(first[1], result)
    if header is None:
        return []
    raw = []
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            result.error(
                line,
                _("%(found)d cells where the header has %(expected)d columns")
                % {"found": len(cells), "expected": len(header)},
            )
            continue
        raw.append(
            (
                line,
                {
                    name: tabular.uncsv_cell(value)
                    for name, value in zip(header, cells, strict=True)
                    if name in tabular.CASE_COLUMNS
                },
            )
        )
    ids = [cells["public_id"].strip() for _line, cells in raw if cells.get("public_id", "").strip()]
    existing = _existing_cases(list(dict.fromkeys(ids)), user)
    vocab = _Vocabulary()
    can_add = user is None or user.has_perm("cases.add_case")
    can_change = user is None or user.has_perm("cases.change_case")
    seen: dict[str, int] = {}
    rows = []
    for line, cells in raw:
        problems = []
        public_id = cells.get("public_id", "").strip()
        case = None
        if public_id:
            case = existing.get(public_id)
            if public_id in seen:
                problems.append(
                    _("public_id: “%(id)s” is already on line %(line)d") % {"id": public_id, "line": seen[public_id]}
                )
            elif case is None:
                problems.append(_("public_id: there is no case “%(id)s”") % {"id": public_id})
            elif not can_change:
                problems.append(_("You may not change cases."))
            seen.setdefault(public_id, line)
        elif not can_add:
            problems.append(_("You may not create cases."))
        values = {}
        for column in [*_SCALARS, "mechanisms", "reprisal_types", *_READ_ONLY_COMPARED]:
            if column in cells:
                try:
                    values[column] = _parse_cell(column, cells[column], vocab)
                except _Invalid as exc:
                    problems.append(str(exc))
        if "victims" in cells:
            try:
                values["victims"] = _parse_victims(cells, vocab)
            except _Invalid as exc:
                problems.append(str(exc))
        for problem in problems:
            result.error(line, problem)
        if not problems:
            rows.append(_Row(line, case, values))
    return rows


# Writing ---------------------------------------------------------------------------------------


def _mark(instance, user):
    instance._history_user = user
    instance._change_reason = CHANGE_REASON
    return instance


def _victim_key(entry) -> tuple:
    name, gender, roles = entry
    return (name, gender, tuple(sorted(roles)))


def _current_victims(case: Case) -> list[tuple[Victim, tuple]]:
    return [
        (v, (v.display_name.strip(), v.gender, tuple(sorted(r.slug for r in v.roles.all()))))
        for v in case.victims.all()
    ]


def _replace_victims(case: Case, wanted, vocab: _Vocabulary, user) -> None:
    current = _current_victims(case)
    unused = list(current)
    for name, gender, roles in wanted:
        match = next((pair for pair in unused if pair[1][0] == name), None)
        if match is None:
            victim = _mark(Victim(case=case, name=name, gender=gender), user)
            victim.save()
            if roles:
                victim.roles.set([vocab.roles[s] for s in roles])
            continue
        unused.remove(match)
        victim, (_name, old_gender, old_roles) = match
        _mark(victim, user)
        if old_gender != gender:
            victim.gender = gender
            victim.save()
        if set(old_roles) != set(roles):
            victim.roles.set([vocab.roles[s] for s in roles])
    for victim, _key in unused:
        _mark(victim, user).delete()


def _warn_read_only(row: _Row, current: dict, result: ImportResult) -> None:
    for column in _READ_ONLY_COMPARED:
        if column in row.values and row.values[column] != current[column] and row.values[column] != "":
            if column in ("report_years", "sources") and row.case is None and not row.values[column]:
                continue
            result.warn(
                row.line,
                _("%(column)s is read-only and was not imported (it is derived from other data)")
                % {"column": column},
            )


def _apply(row: _Row, vocab: _Vocabulary, user, result: ImportResult) -> None:
    values = row.values
    case = row.case
    if case is None:
        current = {
            "country": "",
            "region": "",
            "report_years": [],
            "sources": [],
        }
        country = next(c for c in vocab.countries.values() if c.pk == values["country_iso2"])
        current.update(country=country.name, region=country.region)
        _warn_read_only(row, current, result)
        case = _mark(Case(), user)
        for column, attr in _SCALARS.items():
            if column in values:
                setattr(case, attr, values[column])
        case.save()
        if values.get("mechanisms"):
            case.mechanisms.set([vocab.mechanisms[s] for s in values["mechanisms"]])
        if values.get("reprisal_types"):
            case.reprisal_types.set([vocab.types[s] for s in values["reprisal_types"]])
        if values.get("victims"):
            _replace_victims(case, values["victims"], vocab, user)
        result.created += 1
        result.case_ids.append(case.pk)
        return

    current = tabular.case_row(case)
    new_country = values.get("country_iso2", case.country_id)
    country = next(c for c in vocab.countries.values() if c.pk == new_country)
    _warn_read_only(row, {**current, "country": country.name, "region": country.region}, result)
    scalars = {
        attr: values[column]
        for column, attr in _SCALARS.items()
        if column in values and getattr(case, attr) != values[column]
    }
    mechanisms = values.get("mechanisms")
    mechanisms_changed = mechanisms is not None and mechanisms != set(current["mechanisms"])
    types = values.get("reprisal_types")
    types_changed = types is not None and types != set(current["reprisal_types"])
    victims = values.get("victims")
    victims_changed = victims is not None and sorted(map(_victim_key, victims)) != sorted(
        key for _v, key in _current_victims(case)
    )
    if not (scalars or mechanisms_changed or types_changed or victims_changed):
        result.unchanged += 1
        return
    _mark(case, user)
    for attr, value in scalars.items():
        setattr(case, attr, value)
    case.save()  # also when only related rows change, so updated_at and the history move
    if mechanisms_changed:
        case.mechanisms.set([vocab.mechanisms[s] for s in mechanisms])
    if types_changed:
        case.reprisal_types.set([vocab.types[s] for s in types])
    if victims_changed:
        _replace_victims(case, victims, vocab, user)
    result.updated += 1
    result.case_ids.append(case.pk)


def import_cases_csv(fileobj, *, user=None, dry_run: bool = False) -> ImportResult:
    """Check and import a CSV of cases (see the module docstring). `fileobj` is a binary file
    (an upload, or a file opened "rb"). With `user` (the admin upload), only cases the user can
    see may be updated, and creating or changing needs the add/change permission; without one
    (the management command) every case may be updated. With `dry_run` everything is checked
    and counted, then rolled back."""
    result = ImportResult(dry_run=dry_run)
    text = _read_text(fileobj, result)
    if text is None:
        return result
    rows = _check_rows(text, user, result)
    if not result.ok:
        return result
    vocab = _Vocabulary()
    with transaction.atomic():
        for row in rows:
            _apply(row, vocab, user, result)
        if dry_run:
            transaction.set_rollback(True)
        elif result.case_ids:
            refresh_cases(result.case_ids)
    return result
