"""The status rule: what a case's timeline says about where it stands.

    1. An outcome "killed" anywhere in the timeline → killed.
    2. Otherwise, if the timeline has a resolving outcome (released, charges dropped, travel ban
       lifted): resolved, unless an incident or a "sentenced" outcome is dated after the latest
       resolving outcome (the case's first-incident date counts as an incident) → ongoing.
       An incident on the same day as the release does not reopen the case.
    3. Otherwise, a "sentenced" outcome → ongoing.
    4. Otherwise the timeline decides nothing: the status curators recorded on the case
       (ongoing, resolved or not known) stands.

Communications, State replies, report mentions, statements and "other" outcomes never change
the status: they are news, not outcomes.

The rule exists twice, in Python for one case's timeline (`derive_status`) and as database
expressions for lists (`annotate_status`); tests check that both agree.
"""

from dataclasses import dataclass

from django.db.models import Case as When_
from django.db.models import CharField, Exists, F, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from ..models import TimelineEvent

Outcome = TimelineEvent.Outcome
RESOLVING = (Outcome.RELEASED, Outcome.CHARGES_DROPPED, Outcome.TRAVEL_BAN_LIFTED)

ONGOING, RESOLVED, KILLED, UNKNOWN = "ongoing", "resolved", "killed", "unknown"
LABELS = {
    ONGOING: _("ongoing"),
    RESOLVED: _("resolved"),
    KILLED: _("killed"),
    UNKNOWN: _("not known"),
}
CLOSED = (RESOLVED, KILLED)


@dataclass
class Status:
    code: str
    reason: str  # which event decided, in words
    from_timeline: bool

    @property
    def label(self) -> str:
        return str(LABELS.get(self.code, self.code))

    @property
    def is_closed(self) -> bool:
        return self.code in CLOSED


def derive_status(case, events) -> Status:
    """`events`: the case's stored TimelineEvent rows (any order)."""
    outcomes = [e for e in events if e.kind == TimelineEvent.Kind.OUTCOME]
    killed = [e for e in outcomes if e.outcome == Outcome.KILLED]
    if killed:
        first = min(killed, key=lambda e: e.date)
        return Status(KILLED, _("outcome “killed” recorded on %(date)s") % {"date": first.date}, True)
    resolving = [e for e in outcomes if e.outcome in RESOLVING]
    sentenced = [e for e in outcomes if e.outcome == Outcome.SENTENCED]
    if resolving:
        last = max(resolving, key=lambda e: e.date)
        reopening = [e.date for e in sentenced if e.date > last.date]
        reopening += [e.date for e in events if e.kind == TimelineEvent.Kind.INCIDENT and e.date > last.date]
        if case.incident_date and case.incident_date > last.date:
            reopening.append(case.incident_date)
        if reopening:
            return Status(
                ONGOING,
                _("new incident or sentence on %(date)s, after “%(outcome)s” on %(last)s")
                % {"date": max(reopening), "outcome": last.get_outcome_display(), "last": last.date},
                True,
            )
        return Status(
            RESOLVED,
            _("outcome “%(outcome)s” on %(date)s")
            % {"outcome": last.get_outcome_display(), "date": last.date},
            True,
        )
    if sentenced:
        last = max(sentenced, key=lambda e: e.date)
        return Status(ONGOING, _("sentenced on %(date)s") % {"date": last.date}, True)
    code = case.status if case.status in LABELS else UNKNOWN
    return Status(code, _("as recorded by the curators; no outcome in the timeline"), False)


def _events(**filters):
    return TimelineEvent.objects.filter(case_id=OuterRef("pk"), **filters)


def _resolved_by_timeline() -> Q:
    """Rule 2's "resolved", without aggregates: a resolving outcome exists, every reopening event
    (incident, sentence) is on or before some resolving outcome, and so is the first incident."""
    resolving = {"kind": "outcome", "outcome__in": RESOLVING}
    covered = TimelineEvent.objects.filter(
        case_id=OuterRef("case_id"), date__gte=OuterRef("date"), **resolving
    )
    uncovered_reopening = (
        TimelineEvent.objects.filter(case_id=OuterRef("pk"))
        .filter(Q(kind="incident") | Q(kind="outcome", outcome=Outcome.SENTENCED))
        .filter(~Exists(covered))
    )
    incident_covered = Exists(_events(date__gte=OuterRef("incident_date"), **resolving))
    return (
        Exists(_events(**resolving))
        & ~Exists(uncovered_reopening)
        & (Q(incident_date__isnull=True) | incident_covered)
    )


def _decisive() -> Exists:
    return Exists(_events(kind="outcome", outcome__in=[*RESOLVING, Outcome.SENTENCED, Outcome.KILLED]))


def closed_q() -> Q:
    """Cases whose derived status is resolved or killed (the same rule, as a filter)."""
    return (
        Exists(_events(kind="outcome", outcome=Outcome.KILLED))
        | _resolved_by_timeline()
        | (~_decisive() & Q(status=RESOLVED))
    )


def status_expression():
    """The derived status as one CASE expression. Its branches are evaluated lazily: cases
    without a decisive outcome (most) cost one index lookup."""
    return When_(
        When(~_decisive(), then=F("status")),
        When(Exists(_events(kind="outcome", outcome=Outcome.KILLED)), then=Value(KILLED)),
        When(_resolved_by_timeline(), then=Value(RESOLVED)),
        default=Value(ONGOING),
        output_field=CharField(),
    )


def annotate_status(cases):
    """Adds `derived_status` (ongoing, resolved, killed, unknown) computed by the database."""
    return cases.annotate(derived_status=status_expression())
