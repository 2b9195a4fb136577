"""CSV import of missions, Council terms, resolution sponsors and statements (docs/states.md).

One rule for every kind: the whole file is checked first and every problem is reported with its
line number (the header is line 1); if there is any, nothing is written. Otherwise all rows are
written in one transaction, so a failure while writing also leaves the database unchanged.
Countries are looked up (code, UN name, short name or documented alias) and never created: an
unknown country is an error.
"""

import csv
import datetime
import io
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from cases.models import Case
from cases.visibility import SYSTEM

from .models import CouncilMembership, PermanentMission, Resolution, Session, Sponsorship, Statement
from .services import CountryResolver

LIST_SEPARATOR = ";"
MAX_ROWS = 20_000


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        where = _("line %(line)d") % {"line": self.line}
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    aliases_used: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.created + self.updated


class _Row:
    """Helpers to read one CSV row, collecting errors instead of raising."""

    def __init__(self, line: int, data: dict, errors: list[RowError], resolver: CountryResolver):
        self.line, self.data, self.errors, self.resolver = line, data, errors, resolver

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def text(self, column: str, *, required: bool = False) -> str:
        value = (self.data.get(column) or "").strip()
        if required and not value:
            self.error(column, _("required"))
        return value

    def items(self, column: str) -> list[str]:
        return [v.strip() for v in self.text(column).split(LIST_SEPARATOR) if v.strip()]

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.error(column, _("not a date in the form YYYY-MM-DD: %(value)s") % {"value": value})
            return None

    def integer(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if not value.isdigit():
            self.error(column, _("not a whole number: %(value)s") % {"value": value})
            return None
        return int(value)

    def country(self, column: str, value: str | None = None, *, required: bool = True):
        value = self.text(column, required=required) if value is None else value
        if not value:
            return None
        country = self.resolver.resolve(value)
        if country is None:
            self.error(column, _("unknown country: %(value)s") % {"value": value})
        return country

    def choice(self, column: str, aliases: dict[str, str], *, default: str | None = None) -> str | None:
        value = self.text(column, required=default is None)
        if not value:
            return default
        key = re.sub(r"[\s_-]+", " ", value.casefold()).strip()
        if key in aliases:
            return aliases[key]
        self.error(
            column,
            _("unknown value %(value)s; expected one of: %(choices)s")
            % {"value": value, "choices": ", ".join(sorted(set(aliases.values())))},
        )
        return None

    def check(self, instance, columns: dict[str, str]) -> None:
        """Run the model's field validation; report errors under the CSV column names."""
        try:
            instance.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(columns.get(field_name, field_name), message)


# --- Kinds --------------------------------------------------------------------------------------
# Each kind: required header columns, and a `parse(row)` returning a writer (a callable that saves
# the row and returns True when it created a record) or None when the row had errors.


class MissionsKind:
    columns = ("country", "city", "name", "email", "phone", "website", "time_zone", "office_hours", "notes")
    required = ("country", "city", "name")
    cities = {
        "new york": PermanentMission.City.NEW_YORK,
        "geneva": PermanentMission.City.GENEVA,
    }

    def __init__(self):
        self.seen: dict[tuple, int] = {}

    def parse(self, row: _Row):
        country = row.country("country")
        city = row.choice("city", self.cities)
        fields = {c: row.text(c) for c in ("name", "email", "phone", "website", "time_zone", "office_hours")}
        fields["notes"] = row.text("notes")
        if not fields["name"]:
            row.error("name", _("required"))
        if fields["time_zone"] and fields["time_zone"] not in zoneinfo.available_timezones():
            row.error(
                "time_zone",
                _("unknown time zone %(value)s; e.g. America/New_York") % {"value": fields["time_zone"]},
            )
        if country is None or city is None:
            return None
        key = (country.pk, city)
        if key in self.seen:
            row.error("city", _("this mission is already on line %(line)d") % {"line": self.seen[key]})
            return None
        self.seen[key] = row.line
        fields["time_zone"] = fields["time_zone"] or PermanentMission.DEFAULT_TIME_ZONES[city]
        errors_before = len(row.errors)
        row.check(PermanentMission(country=country, city=city, **fields), {})
        if len(row.errors) > errors_before:
            return None

        def write():
            return upsert(PermanentMission, {"country": country, "city": city}, fields)[1]

        return write


class MembershipsKind:
    columns = ("country", "regional_group", "election_year", "term_start", "term_end", "source", "note")
    required = ("country", "regional_group", "term_start", "term_end")
    groups = {v.casefold(): v for v in CouncilMembership.RegionalGroup.values} | {
        "africa": "African",
        "asia pacific": "Asia-Pacific",
        "eastern europe": "Eastern European",
        "grulac": "Latin American and Caribbean",
        "weog": "Western European and other",
        "western european and others": "Western European and other",
    }
    column_names = {"start_date": "term_start", "end_date": "term_end", "source_url": "source"}

    def __init__(self):
        self.seen: dict[tuple, int] = {}

    def parse(self, row: _Row):
        country = row.country("country")
        group = row.choice("regional_group", {k.replace("-", " "): v for k, v in self.groups.items()})
        start, end = row.date("term_start", required=True), row.date("term_end", required=True)
        election_year = row.integer("election_year")
        source, note = row.text("source"), row.text("note")
        if start and end and end < start:
            row.error("term_end", _("the term ends before it starts"))
            return None
        if None in (country, group, start, end):
            return None
        key = (country.pk, start)
        if key in self.seen:
            row.error("term_start", _("this term is already on line %(line)d") % {"line": self.seen[key]})
            return None
        self.seen[key] = row.line
        url_match = re.search(r"https?://\S+", source)
        fields = {
            "regional_group": group,
            "election_year": election_year,
            "end_date": end,
            "source": source[:500],
            "source_url": url_match.group(0).rstrip(",;)") if url_match else "",
            "note": note,
        }
        errors_before = len(row.errors)
        row.check(CouncilMembership(country=country, start_date=start, **fields), self.column_names)
        if len(row.errors) > errors_before:
            return None

        def write():
            return upsert(CouncilMembership, {"country": country, "start_date": start}, fields)[1]

        return write


class SponsorsKind:
    columns = ("resolution", "country", "role", "note")
    required = ("resolution", "country")
    roles = {
        "sponsor": Sponsorship.Role.SPONSOR,
        "main sponsor": Sponsorship.Role.SPONSOR,
        "co sponsor": Sponsorship.Role.CO_SPONSOR,
        "cosponsor": Sponsorship.Role.CO_SPONSOR,
    }

    def __init__(self):
        self.seen: dict[tuple, int] = {}
        self.resolutions = {r.symbol: r for r in Resolution.objects.all()}

    def parse(self, row: _Row):
        symbol = row.text("resolution", required=True)
        resolution = self.resolutions.get(symbol)
        if symbol and resolution is None:
            row.error(
                "resolution",
                _("unknown resolution %(symbol)s: add it in the administration first") % {"symbol": symbol},
            )
        country = row.country("country")
        role = row.choice("role", self.roles, default=Sponsorship.Role.CO_SPONSOR)
        note = row.text("note")
        if resolution is None or country is None or role is None:
            return None
        key = (resolution.pk, country.pk)
        if key in self.seen:
            row.error(
                "country",
                _("this State is already listed for this resolution on line %(line)d")
                % {"line": self.seen[key]},
            )
            return None
        self.seen[key] = row.line

        def write():
            values = {"role": role, "note": note[:300]}
            return upsert(Sponsorship, {"resolution": resolution, "country": country}, values)[1]

        return write


class StatementsKind:
    columns = (
        "session",
        "date",
        "kind",
        "speaker",
        "leads",
        "joined_by",
        "joined_count_reported",
        "title",
        "summary",
        "cases",
        "situations",
        "source_url",
        "note",
    )
    required = ("session",)
    kinds = {"national": Statement.Kind.NATIONAL, "joint": Statement.Kind.JOINT}
    session_pattern = re.compile(r"^\s*([a-z0-9_]+)\s*[: ]\s*(\d+)\s*$", re.IGNORECASE)

    def __init__(self):
        self.sessions = {(s.body, s.number): s for s in Session.objects.all()}
        self.seen: dict[tuple, int] = {}

    def _session(self, row: _Row):
        value = row.text("session", required=True)
        if not value:
            return None
        match = self.session_pattern.match(value)
        session = None
        if match and match.group(1).lower() in Session.Body.values:
            session = self.sessions.get((match.group(1).lower(), int(match.group(2))))
        if session is None:
            row.error(
                "session",
                _(
                    "unknown session %(value)s; write body:number (e.g. hrc:54, hrc_id:54, ga3:78) of a "
                    "session that exists"
                )
                % {"value": value},
            )
        return session

    def parse(self, row: _Row):
        session = self._session(row)
        inferred = "national" if row.text("speaker") else ("joint" if row.text("leads") else None)
        kind = row.choice("kind", self.kinds, default=inferred)
        speaker = row.country("speaker", required=False)
        leads = [row.country("leads", v) for v in row.items("leads")]
        joined_by = [row.country("joined_by", v) for v in row.items("joined_by")]
        public_ids = row.items("cases")
        cases = {c.public_id: c for c in Case.objects.visible_to(SYSTEM).filter(public_id__in=public_ids)}
        for public_id in public_ids:
            if public_id not in cases:
                row.error("cases", _("unknown case id: %(value)s") % {"value": public_id})
        fields = {
            "date": row.date("date"),
            "joined_count_reported": row.integer("joined_count_reported"),
            "title": row.text("title"),
            "summary": row.text("summary"),
            "situations": "\n".join(row.items("situations")),
            "source_url": row.text("source_url"),
            "note": row.text("note"),
        }
        if kind == Statement.Kind.NATIONAL and not row.text("speaker"):
            row.error("speaker", _("a national statement needs its speaking State"))
        if kind == Statement.Kind.JOINT and row.text("speaker"):
            row.error("speaker", _("a joint statement has lead States, not a speaker"))
        if kind == Statement.Kind.JOINT and not row.items("leads"):
            row.error("leads", _("a joint statement needs at least one lead State"))
        if kind == Statement.Kind.NATIONAL and row.items("leads"):
            row.error("leads", _("only joint statements have lead States"))
        errors_before = len(row.errors)
        if session is not None and kind is not None:
            row.check(Statement(session=session, kind=kind, speaker=speaker, **fields), {})
        if len(row.errors) > errors_before or session is None or kind is None or None in leads + joined_by:
            return None
        if kind == Statement.Kind.NATIONAL and speaker is None:
            return None
        key = (
            session.pk,
            kind,
            speaker.pk if speaker else None,
            tuple(sorted(c.pk for c in leads)),
            fields["date"],
            fields["title"],
        )
        if key in self.seen:
            row.error(
                "session", _("the same statement is already on line %(line)d") % {"line": self.seen[key]}
            )
            return None
        self.seen[key] = row.line

        def write():
            return save_statement(session, kind, speaker, leads, joined_by, list(cases.values()), fields)[1]

        return write


def upsert(model, lookup: dict, values: dict):
    """Create the record, or update it only where a value differs (so that loading the same data
    again writes nothing and adds no history). Returns (record, created, changed)."""
    record = model.objects.filter(**lookup).first()
    if record is None:
        return model.objects.create(**lookup, **values), True, True
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, values[name])
    if changed:
        record.save()
    return record, False, bool(changed)


def find_statement(session, kind, speaker, leads, date, title) -> Statement | None:
    """The existing statement an imported or loaded row describes (same session, kind, speaker or
    lead States, date and title), so that importing the same file twice changes nothing."""
    lead_ids = sorted(c.pk for c in leads)
    candidates = Statement.objects.filter(session=session, kind=kind, speaker=speaker, date=date, title=title)
    for statement in candidates.prefetch_related("leads"):
        if sorted(c.pk for c in statement.leads.all()) == lead_ids:
            return statement
    return None


def save_statement(session, kind, speaker, leads, joined_by, cases, fields, *, merge=False):
    """Create or update (see find_statement) one statement with its States and cases. With
    `merge`, States that joined and cases already linked are kept and the given ones added;
    otherwise they are replaced. Returns (statement, created)."""
    statement = find_statement(session, kind, speaker, leads, fields.get("date"), fields.get("title", ""))
    created = statement is None
    if created:
        statement = Statement.objects.create(session=session, kind=kind, speaker=speaker, **fields)
    else:
        changed = [name for name, value in fields.items() if getattr(statement, name) != value]
        for name in changed:
            setattr(statement, name, fields[name])
        if changed:
            statement.save()
    statement.leads.set(leads)
    if merge:
        statement.joined_by.add(*joined_by)
        statement.raised_cases.add(*cases)
    else:
        statement.joined_by.set(joined_by)
        statement.raised_cases.set(cases)
    return statement, created


KINDS = {
    "missions": MissionsKind,
    "memberships": MembershipsKind,
    "sponsors": SponsorsKind,
    "statements": StatementsKind,
}


def import_rows(
    kind: str,
    rows: Iterable[tuple[int, dict]],
    *,
    resolver: CountryResolver | None = None,
    header: Iterable[str] | None = None,
) -> ImportResult:
    """Check then write `rows` (pairs of line number and column → value). All or nothing."""
    if kind not in KINDS:
        raise ImportFailed(
            [
                RowError(
                    0,
                    "",
                    _("unknown kind %(kind)s; expected one of: %(kinds)s")
                    % {"kind": kind, "kinds": ", ".join(KINDS)},
                )
            ]
        )
    handler = KINDS[kind]()
    resolver = resolver or CountryResolver()
    errors: list[RowError] = []
    if header is not None:
        missing = [c for c in handler.required if c not in header]
        unknown = [c for c in header if c and c not in handler.columns]
        if missing:
            errors.append(
                RowError(1, "", _("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
            )
        if unknown:
            errors.append(
                RowError(
                    1,
                    "",
                    _("unknown columns: %(columns)s; expected: %(expected)s")
                    % {"columns": ", ".join(unknown), "expected": ", ".join(handler.columns)},
                )
            )
        if errors:
            raise ImportFailed(errors)
    writers = []
    for line, data in rows:
        if len(writers) + len(errors) >= MAX_ROWS:
            errors.append(RowError(line, "", _("too many rows (at most %(n)d)") % {"n": MAX_ROWS}))
            break
        if None in data:  # more cells than header columns
            errors.append(RowError(line, "", _("more cells than columns in the header")))
            continue
        if not any((v or "").strip() for v in data.values()):
            continue  # blank line
        writer = handler.parse(_Row(line, data, errors, resolver))
        if writer is not None:
            writers.append((line, writer))
    if errors:
        raise ImportFailed(errors)
    result = ImportResult(kind=kind, aliases_used={k: v.name for k, v in resolver.aliases_used.items()})
    failed_at = 0
    try:
        with transaction.atomic():
            for line, writer in writers:
                failed_at = line
                if writer():
                    result.created += 1
                else:
                    result.updated += 1
    except (DatabaseError, ValidationError) as exc:
        raise ImportFailed(
            [RowError(failed_at, "", _("could not be saved: %(error)s") % {"error": exc})]
        ) from exc
    return result


def read_csv(fileobj) -> tuple[list[str], list[tuple[int, dict]]]:
    """Header and (line number, row) pairs of a CSV file given as text or bytes (UTF-8, BOM
    allowed). Line numbers count physical lines, so a cell spanning lines is reported at its end."""
    raw = fileobj.read()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFailed([RowError(0, "", _("the file is not UTF-8 text"))]) from exc
    elif raw.startswith("\ufeff"):
        raw = raw[1:]
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    header = [(h or "").strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise ImportFailed([RowError(reader.line_num, "", str(exc))]) from exc
    return header, rows


def import_csv(kind: str, fileobj) -> ImportResult:
    header, rows = read_csv(fileobj)
    if not header:
        raise ImportFailed([RowError(1, "", _("the file is empty"))])
    return import_rows(kind, rows, header=header)
