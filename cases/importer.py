"""Bulk import of cases from CSV, in the columns of the case download (cases.tabular).

    result = import_cases_csv(uploaded_file, user=request.user)
    if not result.ok:
        for line, message in result.errors: ...
    result.created, result.updated, result.unchanged

The file is all or nothing: every row is checked first, every problem is reported with its line,
and nothing is written unless the whole file is correct.

The file
    UTF-8 (a byte-order mark is allowed), at most settings.IMPORT_MAX_BYTES, comma-separated
    (or semicolon-separated, as some spreadsheets save it) with a header line. Column names are
    those of tabular.CASE_COLUMNS; unknown columns are ignored, so a download can be edited and
    uploaded as it is. `title` and `country_iso2` are required. Cells a download protected
    against spreadsheet formulas (a leading apostrophe) are read back as they were.
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
    imported (`updated_at` serves the check below): sources (mentions in reports) are recorded in the admin. `report_years` must still
    name years that have reports. When a read-only value differs from the case's, the row gets a
    warning (result.warnings) and the value is ignored.

Concurrent edits
    When a row would change a case that was modified after the file's `updated_at`, the row is
    an error: importing an old download would silently undo someone else's edit.

Publication
    Imported cases are never published by the import: new cases are drafts, and existing cases
    keep their publication state. Changes are recorded in the history with `user`.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import consent, tabular
from .models import Case, Country, Mechanism, Report, ReprisalType, Victim, VictimRole
from .planner import refresh_statistics
from .search.index import batched_refresh
from .visibility import SYSTEM, Visibility

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
    current: dict  # the case's download row as it is ({} for a new case)
    diff: "_Diff | None" = None


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
    """(line, cells) for each record; line 1 is the header. Spreadsheets set to a language that
    writes decimal commas save CSV with ";" between cells: a header with ";" and no "," is
    read that way (list cells holding ";" are then quoted, so they still read right)."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if "," not in first_line and ";" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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


def _parse_victims(cells: dict, vocab: _Vocabulary) -> list[tuple[str, str | None, frozenset | None]]:
    """(display name, gender, role slugs) per victim. Gender or roles are None when their column
    is not in the file: matched victims keep theirs, new ones get "unknown" and no roles."""
    names = _split(cells["victims"])
    if any(not name for name in names):
        raise _Invalid(_("victims: an entry is empty (two “;” in a row?)"))
    genders: list = [None] * len(names)
    if "victim_genders" in cells:
        given = _split(cells["victim_genders"])
        if given and len(given) != len(names):
            raise _Invalid(
                _("victim_genders: %(g)d values for %(v)d victims; give one per victim, in the same order")
                % {"g": len(given), "v": len(names)}
            )
        genders = [g or Victim.Gender.UNKNOWN for g in given] or [Victim.Gender.UNKNOWN] * len(names)
        bad = [g for g in genders if g not in Victim.Gender.values]
        if bad:
            raise _Invalid(
                _("victim_genders: unknown value “%(value)s”; expected one of: %(choices)s")
                % {"value": bad[0], "choices": ", ".join(Victim.Gender.values)}
            )
    roles: list = [None] * len(names)
    if "victim_roles" in cells:
        raw = cells["victim_roles"]
        groups = [g.strip() for g in raw.split(tabular.LIST_SEPARATOR)] if raw.strip() else []
        if groups and len(groups) != len(names):
            raise _Invalid(
                _("victim_roles: %(g)d groups for %(v)d victims; give one per victim, in the same order")
                % {"g": len(groups), "v": len(names)}
            )
        roles = [
            frozenset(
                _slugs(
                    "victim_roles", group.replace(tabular.ROLE_SEPARATOR, tabular.LIST_SEPARATOR), vocab.roles
                )
            )
            for group in groups or [""] * len(names)
        ]
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


def _existing_cases(public_ids: list[str], user) -> tuple[dict[str, Case], dict[str, dict]]:
    """The cases named in the file that `user` may see, and their current download rows."""
    cases = Case.objects.visible_to(user)
    found, rows = {}, {}
    victims = Prefetch("victims", queryset=Victim.objects.order_by("id").prefetch_related("roles"))
    for start in range(0, len(public_ids), _LOAD_BATCH):
        batch = cases.filter(public_id__in=public_ids[start : start + _LOAD_BATCH]).order_by("pk")
        for case in batch.prefetch_related(victims):
            found[case.public_id] = case
        for row in tabular.case_rows(batch):
            rows[row["public_id"]] = row
    return found, rows


def _check_rows(text: str, user, vocab: _Vocabulary, result: ImportResult) -> list[_Row]:
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
    existing, current_rows = _existing_cases(list(dict.fromkeys(ids)), user)
    can_add = user.has_perm("cases.add_case")
    can_change = user.has_perm("cases.change_case")
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
                    _("public_id: “%(id)s” is already on line %(line)d")
                    % {"id": public_id, "line": seen[public_id]}
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
                values["victims"] = _plan_victims(case, _parse_victims(cells, vocab))
            except _Invalid as exc:
                problems.append(str(exc))
        if not problems:
            row = _Row(line, case, values, current_rows.get(public_id, {}))
            row.diff = _diff(row)
            stale = _stale(row, cells.get("updated_at", ""))
            if stale:
                problems.append(stale)
            else:
                rows.append(row)
        for problem in problems:
            result.error(line, problem)
    return rows


# Writing ---------------------------------------------------------------------------------------


def _mark(instance, user):
    instance._history_user = user
    instance._change_reason = CHANGE_REASON
    return instance


@dataclass
class _VictimPlan:
    create: list  # (name, gender, roles)
    change: list  # (victim, gender, roles or None)
    delete: list  # victims

    def __bool__(self):
        return bool(self.create or self.change or self.delete)


def _plan_victims(case: Case | None, wanted) -> _VictimPlan:
    """Match wanted entries to current victims by display name (order does not matter)."""
    unused = list(case.victims.all()) if case is not None else []
    plan = _VictimPlan([], [], [])
    limit = Victim._meta.get_field("name").max_length
    for name, gender, roles in wanted:
        victim = next((v for v in unused if v.display_name.strip() == name), None)
        if victim is None:
            if len(name) > limit:
                raise _Invalid(
                    _("victims: the name “%(name)s…” is longer than %(n)d characters")
                    % {"name": name[:40], "n": limit}
                )
            plan.create.append((name, gender or Victim.Gender.UNKNOWN, roles or frozenset()))
            continue
        unused.remove(victim)
        new_gender = victim.gender if gender is None else gender
        roles_changed = roles is not None and roles != {r.slug for r in victim.roles.all()}
        if new_gender != victim.gender or roles_changed:
            plan.change.append((victim, new_gender, roles if roles_changed else None))
    plan.delete = unused
    return plan


def _apply_victims(case: Case, plan: _VictimPlan, vocab: _Vocabulary, user) -> None:
    for name, gender, roles in plan.create:
        victim = _mark(Victim(case=case, name=name, gender=gender), user)
        victim.save()
        if roles:
            victim.roles.set([vocab.roles[s] for s in roles])
    for victim, gender, roles in plan.change:
        _mark(victim, user)
        if victim.gender != gender:
            victim.gender = gender
            victim.save()
        if roles is not None:
            victim.roles.set([vocab.roles[s] for s in roles])
    for victim in plan.delete:
        _mark(victim, user).delete()


def _warn_read_only(row: _Row, current: dict, vocab: _Vocabulary, result: ImportResult) -> None:
    countries = {row.case.country_id} if row.case is not None else set()
    countries.add(row.values.get("country_iso2", row.case.country_id if row.case else None))
    accepted = {
        "country": {c.name for c in vocab.countries.values() if c.pk in countries},
        "region": {c.region for c in vocab.countries.values() if c.pk in countries},
        "report_years": [current.get("report_years", [])],
        "sources": [current.get("sources", [])],
    }
    for column in _READ_ONLY_COMPARED:
        value = row.values.get(column)
        if value and value not in accepted[column]:
            result.warn(
                row.line,
                _("%(column)s is read-only and was not imported (it is derived from other data)")
                % {"column": column},
            )


@dataclass
class _Diff:
    scalars: dict  # model attribute -> new value
    mechanisms: set | None  # new slugs, None when unchanged
    types: set | None
    victims: _VictimPlan | None

    def __bool__(self):
        return bool(self.scalars or self.mechanisms is not None or self.types is not None or self.victims)


def _diff(row: _Row) -> _Diff:
    values, case, current = row.values, row.case, row.current
    mechanisms = values.get("mechanisms")
    types = values.get("reprisal_types")
    return _Diff(
        scalars={
            attr: values[column]
            for column, attr in _SCALARS.items()
            if column in values and (case is None or getattr(case, attr) != values[column])
        },
        mechanisms=mechanisms if mechanisms != set(current.get("mechanisms", [])) else None,
        types=types if types != set(current.get("reprisal_types", [])) else None,
        victims=values.get("victims") or None,
    )


def _stale(row: _Row, exported_at: str) -> str | None:
    """Why the row may not be applied because the case changed after the download, if so."""
    if row.case is None or not exported_at.strip() or not row.diff:
        return None
    try:
        exported = datetime.fromisoformat(exported_at.strip())
    except ValueError:
        return _("updated_at: “%(value)s” is not a date and time as downloaded") % {"value": exported_at}
    if exported.tzinfo is None:
        exported = exported.replace(tzinfo=UTC)
    if exported < row.case.updated_at.replace(microsecond=0):
        return _(
            "The case was changed on %(date)s, after this file was downloaded: download it again "
            "and redo the change, so the other edit is not lost."
        ) % {"date": row.current["updated_at"]}
    return None


def _apply(row: _Row, vocab: _Vocabulary, user, result: ImportResult) -> None:
    case, diff = row.case, row.diff
    _warn_read_only(row, row.current, vocab, result)
    if case is not None and not diff:
        result.unchanged += 1
        return
    old_visibility = None
    if case is None:
        case = Case()
        result.created += 1
    else:
        old_visibility = case.visibility
        result.updated += 1
    _mark(case, user)
    for attr, value in diff.scalars.items():
        setattr(case, attr, value)
    case.save()  # also when only related rows change, so updated_at and the history move
    if diff.mechanisms is not None:
        case.mechanisms.set([vocab.mechanisms[s] for s in diff.mechanisms])
    if diff.types is not None:
        case.reprisal_types.set([vocab.types[s] for s in diff.types])
    if diff.victims:
        _apply_victims(case, diff.victims, vocab, user)
    # Making a case public or restricted, or changing a published one, keeps its victims'
    # consent here as in the admin (cases/consent.py); a breach refuses the whole file.
    for step in consent.steps_of_change(old_visibility, case):
        for violation in consent.violations(case, step):
            result.error(row.line, str(violation))
    result.case_ids.append(case.pk)


def import_cases_csv(fileobj, *, user, dry_run: bool = False, history_user=None) -> ImportResult:
    """Check and import a CSV of cases (see the module docstring). `fileobj` is a binary file
    (an upload, or a file opened "rb"). Only cases `user` can see may be updated, and creating
    or changing needs the add/change permission: the admin upload passes the person, the
    management command `cases.visibility.SYSTEM` (every case, every permission). With
    `dry_run` everything is checked and counted, then rolled back. The history records
    `history_user` if given, else `user` (nobody for SYSTEM)."""
    result = ImportResult(dry_run=dry_run)
    text = _read_text(fileobj, result)
    if text is None:
        return result
    vocab = _Vocabulary()
    rows = _check_rows(text, user, vocab, result)
    if not result.ok:
        result.errors.sort(key=lambda error: error.line)
        return result
    author = history_user if history_user is not None else (None if user is SYSTEM else user)
    with transaction.atomic():
        if dry_run:
            for row in rows:
                _apply(row, vocab, author, result)
            transaction.set_rollback(True)
        else:
            with batched_refresh():
                for row in rows:
                    _apply(row, vocab, author, result)
            if not result.ok:
                transaction.set_rollback(True)
    if not result.ok:
        result.errors.sort(key=lambda error: error.line)
        return result
    if not dry_run:
        refresh_statistics()
    return result
