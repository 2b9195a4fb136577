"""Load the Human Rights Council terms (reference data) and the campaign page's facts (demo data).
Idempotent: running it again changes nothing and adds no history."""

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from cases.models import Case

from ..imports import find_statement, import_rows, save_statement, upsert
from ..models import Resolution, Session, Sponsorship, Statement
from ..services import CountryResolver
from . import demo

MEMBERSHIP_CSV = Path(__file__).with_name("hrc_membership_terms.csv")
RESOLUTIONS_CSV = Path(__file__).with_name("hrc_reprisals_resolutions.csv")
COSPONSORS_CSV = Path(__file__).with_name("hrc_reprisals_cosponsors.csv")
JOINT_CSV = Path(__file__).with_name("joint_statements_reprisals.csv")
JOINT_STATES_CSV = Path(__file__).with_name("joint_statement_states.csv")
RAISING_CSV = Path(__file__).with_name("hrc_states_raising_reprisal_cases.csv")
_FORUM = re.compile(r"^(?:(HRC)(\d+)|UNGA(\d+))-\d{4}(-ID)?")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_VOTE = re.compile(r"^(\d+)-(\d+)-(\d+)")


@dataclass
class LoadReport:
    memberships_created: int = 0
    memberships_updated: int = 0
    memberships_total: int = 0
    unmapped: dict[str, list[int]] = field(default_factory=dict)  # name → CSV lines
    aliases: dict[str, str] = field(default_factory=dict)  # name as written → UN name
    sessions: int = 0
    sponsors: int = 0
    unmapped_sponsors: list[str] = field(default_factory=list)
    statements: int = 0
    linked_cases: list[str] = field(default_factory=list)
    missing_cases: list[str] = field(default_factory=list)
    resolutions: int = 0
    real_cosponsors: int = 0
    source_statements: int = 0


def _first_source(text: str) -> str:
    for token in re.split(r"[\s;]+", text or ""):
        if token.startswith("http") and len(token) <= 500:
            return token
    return ""


def load_resolutions(report: LoadReport, resolver: CountryResolver) -> None:
    """The Council's resolutions on cooperation with the UN, as the sources give them: dates and
    votes where seen; what was not seen (a day, a vote, the sponsor list) is said in the note,
    which the pages show. Co-sponsors are loaded where a list was found (36/21)."""
    with RESOLUTIONS_CSV.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        vote = row["vote"].strip()
        counts = _VOTE.match(vote)
        adoption = (
            Resolution.Adoption.VOTE
            if counts
            else Resolution.Adoption.WITHOUT_VOTE
            if vote.startswith("without a vote")
            else Resolution.Adoption.UNKNOWN
        )
        notes = [f"Sponsor list: {row['sponsor_list_status'] or 'not found'}."]
        if row["lead_or_main_sponsors"] and row["lead_or_main_sponsors"] != "not seen":
            notes.append(f"Sponsors: {row['lead_or_main_sponsors']}.")
        if not _DAY.match(row["adoption_date"].strip()):
            notes.append(f"Adoption date as the sources give it: {row['adoption_date'] or 'not seen'}.")
        if adoption == Resolution.Adoption.UNKNOWN:
            notes.append(f"Vote: {vote or 'not seen'}.")
        if row["notes"]:
            notes.append(row["notes"])
        session = Session.objects.filter(body=Session.Body.HRC, number=int(row["hrc_session"])).first()
        upsert(
            Resolution,
            {"symbol": row["resolution"]},
            {
                "title": row["title"],
                "session": session,
                "adoption_date": date.fromisoformat(row["adoption_date"])
                if _DAY.match(row["adoption_date"])
                else None,
                "adopted_by": adoption,
                "votes_in_favour": int(counts.group(1)) if counts else None,
                "votes_against": int(counts.group(2)) if counts else None,
                "abstentions": int(counts.group(3)) if counts else None,
                "source_url": _first_source(row["sources"]),
                "note": " ".join(notes),
            },
        )
    report.resolutions = len(rows)
    with COSPONSORS_CSV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            country = resolver.resolve(row["state_as_written"])
            if country is None:
                report.unmapped_sponsors.append(row["state_as_written"])
                continue
            resolution = Resolution.objects.get(symbol=row["resolution"])
            role = Sponsorship.Role.SPONSOR if row["role"].startswith("main") else Sponsorship.Role.CO_SPONSOR
            _sponsorship, created, _changed = upsert(
                Sponsorship,
                {"resolution": resolution, "country": country},
                {"role": role, "note": (row["note"] or "")[:300]},
            )
            report.real_cosponsors += 1


def load_memberships(report: LoadReport, resolver: CountryResolver) -> None:
    with MEMBERSHIP_CSV.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames
        rows = [(reader.line_num, row) for row in reader]
    mapped = []
    for line, row in rows:
        if resolver.resolve(row["country"]) is None:
            report.unmapped.setdefault(row["country"], []).append(line)
        else:
            mapped.append((line, row))
    result = import_rows("memberships", mapped, resolver=resolver, header=header)
    report.memberships_created, report.memberships_updated = result.created, result.updated
    report.memberships_total = result.total


def _case_for(title: str):
    # A loading command run by staff, not a page: it may link any case, whatever its visibility;
    # the pages and API only ever show the ones a user may see.
    matches = list(Case.objects.filter(title__icontains=title).order_by("pk")[:2])
    return matches[0] if len(matches) == 1 else None


def load_demo(report: LoadReport, resolver: CountryResolver) -> None:
    sessions = {}
    for data in demo.SESSIONS:
        values = {k: v for k, v in data.items() if k not in ("body", "number", "part_of")}
        if "part_of" in data:
            values["part_of"] = sessions[data["part_of"]]
        session, _created, _changed = upsert(
            Session, {"body": data["body"], "number": data["number"]}, values
        )
        sessions[(data["body"], data["number"])] = session
    report.sessions = len(sessions)

    values = {k: v for k, v in demo.RESOLUTION.items() if k not in ("symbol", "session")}
    values["session"] = sessions[demo.RESOLUTION["session"]]
    resolution, _created, _changed = upsert(Resolution, {"symbol": demo.RESOLUTION["symbol"]}, values)
    for name in demo.CO_SPONSORS:
        country = resolver.resolve(name)
        if country is None:
            report.unmapped_sponsors.append(name)
            continue
        upsert(
            Sponsorship,
            {"resolution": resolution, "country": country},
            {"role": Sponsorship.Role.CO_SPONSOR, "note": demo.SPONSORSHIP_NOTE},
        )
    report.sponsors = resolution.sponsorships.count()

    for data in demo.STATEMENTS:
        cases = []
        for title in data["case_titles"]:
            case = _case_for(title)
            (report.linked_cases if case else report.missing_cases).append(title)
            if case:
                cases.append(case)
        fields = {
            "date": data["date"],
            "title": data["title"],
            "summary": data["summary"],
            "situations": "\n".join(data["situations"]),
            "joined_count_reported": data.get("joined_count_reported"),
            "note": data.get("note", ""),
        }
        speaker = resolver.resolve(data["speaker"]) if data["speaker"] else None
        leads = [resolver.resolve(code) for code in data["leads"]]
        # merge: links added by staff since (e.g. the names of States that joined) are kept.
        save_statement(sessions[data["session"]], data["kind"], speaker, leads, [], cases, fields, merge=True)
    report.statements = Statement.objects.filter(session__in=sessions.values()).count()


def _session(body: str, number: int) -> Session:
    titles = {
        Session.Body.HRC: "Human Rights Council, {n}th session",
        Session.Body.HRC_REPRISALS_DIALOGUE: "Interactive dialogue on reprisals, Human Rights Council {n}th session",
        Session.Body.GA_THIRD_COMMITTEE: "General Assembly Third Committee, {n}th session",
    }
    session = Session.objects.filter(body=body, number=number).first()
    return session or Session.objects.create(body=body, number=number, title=titles[body].format(n=number))


def load_source_statements(report: LoadReport, resolver: CountryResolver) -> None:
    """Joint statements on reprisals with their lead States, and the States that raised cases in
    the Council's dialogues on reprisals, from the copies of the public sources. Named cases are
    kept as text (situations): the people the sources name are not invented as cases. What a
    source did not show (the full list of joining States, an excerpt cut off) is in the note."""
    members: dict[str, list[tuple[str, str]]] = {}
    with JOINT_STATES_CSV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            members.setdefault(row["statement_id"], []).append((row["state"], row["role"]))
    with JOINT_CSV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            match = _FORUM.match(row["statement_id"])
            if match is None:
                continue
            if match.group(1):
                body = Session.Body.HRC_REPRISALS_DIALOGUE if match.group(4) else Session.Body.HRC
                number = int(match.group(2))
            else:
                body, number = Session.Body.GA_THIRD_COMMITTEE, int(match.group(3))
            leads, joined = [], []
            for name, role in members.get(row["statement_id"], []):
                country = resolver.resolve(name)
                if country is None:
                    report.unmapped_sponsors.append(name)
                    continue
                (joined if role == "joined" else leads).append(country)
            total = re.match(r"\d+", row["states_total"] or "")
            day = row["date"][:10] if _DAY.match(row["date"][:10]) else None
            note = f"List of States: {row['states_list_status'] or 'not seen'}. Date as the source gives it: {row['date']}."
            session = _session(body, number)
            title = f"Joint statement on reprisals, {row['forum']}"[:300]
            when = date.fromisoformat(day) if day else None
            existing = find_statement(session, Statement.Kind.JOINT, None, leads, when, title)
            lead_ids = sorted(c.pk for c in leads)
            same = [
                st
                for st in Statement.objects.filter(session=session, kind=Statement.Kind.JOINT).exclude(
                    title=title
                )
                if sorted(st.leads.values_list("pk", flat=True)) == lead_ids
            ]
            if existing is None and same:
                continue  # already recorded (the campaign page's account of the same statement)
            if existing is not None:  # add only the new ones: re-adding writes history rows
                joined = [c for c in joined if not existing.joined_by.filter(pk=c.pk).exists()]
            save_statement(
                session,
                Statement.Kind.JOINT,
                None,
                leads,
                joined,
                [],
                {
                    "date": when,
                    "title": title,
                    "summary": f"Delivered by {row['delivered_by']} on behalf of {row['on_behalf_of']}.",
                    "joined_count_reported": int(total.group(0)) if total else None,
                    "source_url": _first_source(row["source"]),
                    "note": " ".join(filter(None, [note, row["notes"]])),
                },
                merge=True,
            )
            report.source_statements += 1
    with RAISING_CSV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            session = _session(Session.Body.HRC_REPRISALS_DIALOGUE, int(row["hrc_session"]))
            total = row["total_states_raising_cases_that_session"].strip()
            if total.isdigit() and session.reported_states_raising_cases != int(total):
                session.reported_states_raising_cases = int(total)
                session.save()
            speaker = resolver.resolve(row["state"])
            if speaker is None:
                continue  # "(names not captured)": only the number is known, kept on the session
            raised = row["cases_or_situations_raised"].strip()
            partial = "cut off" in raised
            note = (
                "The source's excerpt was cut off: the cases this State raised are not known."
                if partial
                else ""
            )
            if row["on_behalf_of"]:
                note = f"On behalf of {row['on_behalf_of']}. {note}".strip()
            save_statement(
                session,
                Statement.Kind.NATIONAL,
                speaker,
                [],
                [],
                [],
                {
                    "date": None,
                    "title": "",
                    "situations": ""
                    if partial
                    else "\n".join(p.strip() for p in raised.split(";") if p.strip()),
                    "source_url": _first_source(row["source"]),
                    "note": note,
                },
                merge=True,
            )
            report.source_statements += 1


@transaction.atomic
def load_states(*, demo_data: bool = True) -> LoadReport:
    report = LoadReport()
    resolver = CountryResolver()
    load_memberships(report, resolver)
    if demo_data:
        load_demo(report, resolver)
    load_source_statements(report, resolver)
    load_resolutions(report, resolver)  # after the demo's sessions, so a second load changes nothing
    report.aliases = {name: country.name for name, country in resolver.aliases_used.items()}
    return report
