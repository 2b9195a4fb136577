"""The staff workspace: what is waiting for each role, each figure a link to the tool that deals
with it.

A panel is built only for a user who may open its tool (the tool's own permission), and every
figure about cases is counted through the visibility rule (`Case.objects.visible_to(user)`), so the
dashboard never reveals that a case exists to someone who may not see it. Each panel is one small
function returning a `Panel` or None; `panels_for` keeps those that apply.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case

RECENT_AUDIT_EVENTS = 8


@dataclass
class Figure:
    label: str
    count: int
    url: str
    urgent: bool = False


@dataclass
class Panel:
    key: str
    title: str
    url: str
    link_text: str
    figures: list[Figure] = field(default_factory=list)
    rows: list = field(default_factory=list)  # recent items, for the audit panel
    note: str = ""


def _ingest(user) -> Panel | None:
    if not user.has_perms(["ingest.view_ingestjob", "ingest.add_ingestjob"]):
        return None
    from ingest.models import CandidateCase, IngestJob

    upload = reverse("ingest:upload")
    queue = reverse("ingest:queue")
    jobs = IngestJob.objects.aggregate(
        waiting=Count("pk", filter=Q(status__in=[IngestJob.Status.QUEUED, IngestJob.Status.RUNNING])),
        failed=Count("pk", filter=Q(status=IngestJob.Status.FAILED)),
    )
    pending = dict(
        CandidateCase.objects.filter(status=CandidateCase.Status.PENDING)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    figures = [
        Figure(_("reports being read"), jobs["waiting"], upload),
        Figure(_("reports that could not be read"), jobs["failed"], upload, urgent=bool(jobs["failed"])),
    ]
    for kind, label in CandidateCase.Kind.choices:
        figures.append(
            Figure(
                _("candidates to review: %(kind)s") % {"kind": label},
                pending.get(kind, 0),
                f"{queue}?kind={kind}",
            )
        )
    return Panel("ingest", _("Reports and review"), upload, _("Upload or fetch a report"), figures)


def _intake(user) -> Panel | None:
    if not user.has_perm("intake.view_submission"):
        return None
    from intake.models import Submission

    url = reverse("intake:staff-list")
    counts = dict(Submission.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    figures = [
        Figure(label, counts.get(status, 0), f"{url}?status={status}", urgent=status == Submission.Status.NEW)
        for status, label in Submission.Status.choices
        if status in (Submission.Status.NEW, Submission.Status.UNDER_REVIEW)
    ]
    return Panel("intake", _("Intake submissions to triage"), url, _("Open the submissions"), figures)


def _publication(user) -> Panel | None:
    from cases.publishing import can_publish

    if not can_publish(user):
        return None
    url = reverse("admin:cases_case_changelist")
    waiting = Case.objects.visible_to(user).filter(published_at__isnull=True).count()
    figures = [Figure(_("cases waiting to be published"), waiting, f"{url}?published=no")]
    return Panel("publication", _("Publication"), url, _("Open the cases"), figures)


def _consent(user) -> Panel | None:
    """Unpublished cases whose publication would be refused for their victims' consent
    (cases/consent.py), so that a curator hears of them before pressing Publish."""
    from cases import publishing

    if not publishing.can_publish(user):
        return None
    refused = publishing.cases_refused_publication
    url = reverse("admin:cases_case_changelist")
    count = refused(Case.objects.visible_to(user).filter(published_at__isnull=True)).count()
    figures = [
        Figure(_("unpublished cases whose consent forbids publication"), count, url, urgent=bool(count))
    ]
    return Panel("consent", _("Consent warnings"), url, _("Open the cases"), figures)


def _campaigns(user) -> Panel | None:
    if not user.has_perm("campaigns.view_missionmessage"):
        return None
    from campaigns.models import MailingDelivery, MissionAddress, MissionMessage

    url = reverse("campaigns:staff")
    messages = dict(
        MissionMessage.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    failed = messages.get(MissionMessage.State.FAILED, 0)
    figures = [
        Figure(_("letters sent to missions"), messages.get(MissionMessage.State.SENT, 0), url),
        Figure(_("letters waiting to be sent"), messages.get(MissionMessage.State.QUEUED, 0), url),
        Figure(_("letters that failed"), failed, url, urgent=bool(failed)),
        Figure(
            _("mission addresses paused after bounces"),
            MissionAddress.objects.filter(paused_at__isnull=False).count(),
            url,
        ),
        Figure(
            _("newsletter deliveries that failed"),
            MailingDelivery.objects.filter(state="failed").count(),
            url,
        ),
    ]
    return Panel("campaigns", _("Campaign deliveries"), url, _("Open the campaigns"), figures)


def _annual(user) -> Panel | None:
    if not user.has_perm("intake.prepare_annual_submission"):
        return None
    from intake import annual

    url = reverse("intake:staff-annual")
    start = datetime.date(timezone.localdate().year, 1, 1)
    count = annual.selectable_cases(user, date_from=start).count()
    figures = [Figure(_("cases since 1 January that can be submitted"), count, f"{url}?date_from={start}")]
    return Panel("annual", _("Annual submission to the UN"), url, _("Prepare the submission"), figures)


def _audit(user) -> Panel | None:
    if not (user.is_staff and user.has_perm("audit.view_auditevent")):
        return None
    from audit.models import AuditEvent

    events = AuditEvent.objects.all()
    if not user.is_superuser:  # the same rule as the audit log's admin page
        events = events.filter(
            Q(case_pk__isnull=True) | Q(case_pk__in=Case.objects.visible_to(user).values("pk"))
        )
    url = reverse("admin:audit_auditevent_changelist")
    return Panel(
        "audit",
        _("Recent audit events"),
        url,
        _("Open the audit log"),
        rows=list(events[:RECENT_AUDIT_EVENTS]),
    )


PANELS = [_ingest, _intake, _publication, _consent, _campaigns, _annual, _audit]


def panels_for(user) -> list[Panel]:
    """The panels `user`'s roles give them, in the order of the day's work."""
    if not (user.is_active and user.is_staff):
        return []
    return [panel for build in PANELS if (panel := build(user)) is not None]
