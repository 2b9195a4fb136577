"""A case's timeline: its stored events plus entries derived from other records, never typed
twice —

- each mention in a Secretary-General report (`cases.Mention`), dated by the report's
  distribution date, or by its year when that is not recorded;
- the case's first incident (`Case.incident_date`), unless an incident event on that date exists;
- statements in which a State raised the case (the states app, when installed).

"Last heard of" is the latest entry of the timeline, whatever its kind (see docs/tracking.md).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.translation import gettext as _

from cases.models import Mention

from ..models import TimelineEvent
from . import council
from .status import Status, derive_status

REPORT = "report"  # the kind of entries derived from report mentions
KIND_ORDER = ["incident", "communication", "state_reply", "raised", REPORT, "outcome"]


@dataclass
class Entry:
    date: datetime.date
    precision: str  # day, month, year
    kind: str  # a TimelineEvent.Kind value, or REPORT
    title: str
    detail: str = ""
    note: str = ""
    source_url: str = ""
    source_label: str = ""
    anchor: str = ""
    derived: bool = False
    code: str = ""  # the coded State response or outcome, if any
    event: TimelineEvent | None = None
    recorded_at: datetime.datetime | None = None  # when the database last changed it (feeds)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def date_text(self) -> str:
        """ISO 8601 cut to the known precision: 2021, 2021-03 or 2021-03-05."""
        return self.date.isoformat()[: {"year": 4, "month": 7}.get(self.precision, 10)]

    @property
    def period_end(self) -> datetime.date:
        """The last day the date may stand for: 31 December for a year, the month's last day."""
        if self.precision == "year":
            return datetime.date(self.date.year, 12, 31)
        if self.precision == "month":
            following = (self.date.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            return following - datetime.timedelta(days=1)
        return self.date

    @property
    def sort_key(self):
        """Chronological; an imprecise date sorts at the end of its year or month (a report
        known only by its year comes after the dated events of that year it reports on)."""
        return (self.period_end, KIND_ORDER.index(self.kind) if self.kind in KIND_ORDER else 99, self.anchor)


@dataclass
class FollowUp:
    entries: list[Entry]
    status: Status
    last_heard: Entry | None
    report_years: list[int] = field(default_factory=list)

    @property
    def last_heard_year(self) -> int | None:
        return self.last_heard.year if self.last_heard else None


def mention_date(report) -> tuple[datetime.date, str]:
    if report.published_on:
        return report.published_on, "day"
    return datetime.date(report.year, 1, 1), "year"


def _event_entry(event: TimelineEvent) -> Entry:
    title = event.get_kind_display()
    detail, code = "", ""
    if event.kind == TimelineEvent.Kind.STATE_REPLY:
        code, detail = event.response, event.get_response_display()
    elif event.kind == TimelineEvent.Kind.OUTCOME:
        code, detail = event.outcome, event.get_outcome_display()
    elif event.kind == TimelineEvent.Kind.COMMUNICATION and event.mechanism_id:
        detail = event.mechanism.label
    elif event.kind == TimelineEvent.Kind.RAISED and event.state_id:
        detail = event.state.display_name
    return Entry(
        date=event.date,
        precision=event.date_precision,
        kind=event.kind,
        title=str(title),
        detail=str(detail),
        note=event.note,
        source_url=event.source_url,
        source_label=event.source_citation,
        anchor=f"event-{event.pk}",
        code=code,
        event=event,
    )


def _report_entries(mentions: list[Mention]) -> list[Entry]:
    """One entry per report: a case drawn from two paragraphs of one report was reported once,
    in that report (its paragraphs are listed together as the source)."""
    by_report: dict[int, list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: (m.kind != Mention.Kind.FIRST, m.pk)):
        by_report.setdefault(mention.report_id, []).append(mention)
    recorded = dict(
        Mention.history.filter(id__in=[m.pk for m in mentions])
        .values("id")
        .annotate(last=Max("history_date"))
        .values_list("id", "last")
    )
    entries = []
    for group in by_report.values():
        entry = _mention_entry(group[0], group)
        moments = [recorded[m.pk] for m in group if m.pk in recorded]
        entry.recorded_at = max(moments) if moments else None
        entries.append(entry)
    return entries


def _mention_entry(mention: Mention, group: list[Mention]) -> Entry:
    day, precision = mention_date(mention.report)
    refs = [m.paragraph.reference for m in group if m.paragraph_id] or [mention.report.symbol]
    ref = "; ".join(dict.fromkeys(refs))
    placed = next((m for m in group if m.paragraph_id), None)
    url = placed.paragraph.get_absolute_url() if placed else mention.report.get_absolute_url()
    return Entry(
        date=day,
        precision=precision,
        kind=REPORT,
        title=_("Secretary-General's report: %(kind)s") % {"kind": mention.get_kind_display()},
        detail=mention.report.symbol,
        source_url=url,
        source_label=ref,
        anchor=f"mention-{mention.pk}",
        derived=True,
    )


def build_timeline(case) -> tuple[list[Entry], list[TimelineEvent], list[int]]:
    """(entries oldest first, stored events, years of the reports that mention the case)."""
    events = list(TimelineEvent.objects.filter(case=case).select_related("mechanism", "state"))
    mentions = list(Mention.objects.filter(case=case).select_related("report", "paragraph__report"))
    entries = [_event_entry(e) for e in events] + _report_entries(mentions)
    incident_days = {e.date for e in events if e.kind == TimelineEvent.Kind.INCIDENT}
    if case.incident_date and case.incident_date not in incident_days:
        entries.append(
            Entry(
                date=case.incident_date,
                precision=case.incident_date_precision,
                kind=TimelineEvent.Kind.INCIDENT,
                title=_("First incident"),
                detail=_("as recorded on the case"),
                anchor="first-incident",
                derived=True,
                recorded_at=case.updated_at,
            )
        )
    for st in council.statements_raising(case.pk):
        entries.append(
            Entry(
                date=st["date"],
                precision=st["precision"],
                kind=TimelineEvent.Kind.RAISED,
                title=str(TimelineEvent.Kind.RAISED.label),
                detail=f"{st['state']} — {st['session']}",
                source_url=st["source_url"],
                anchor=f"statement-{st['pk']}",
                derived=True,
            )
        )
    entries.sort(key=lambda e: e.sort_key)
    years = sorted({m.report.year for m in mentions})
    return entries, events, years


def last_heard_of(entries: list[Entry]) -> Entry | None:
    """The latest entry; between entries of the same date, the last in timeline order."""
    return max(entries, key=lambda e: e.sort_key) if entries else None


def follow_up(case) -> FollowUp:
    entries, events, years = build_timeline(case)
    return FollowUp(
        entries=entries,
        status=derive_status(case, events),
        last_heard=last_heard_of(entries),
        report_years=years,
    )
