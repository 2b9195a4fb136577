"""Staff pages: delivery counts per State and failures, signature exports, mailings.

Only staff reach them (others are sent to the sign-in page). Supporters' names and addresses
appear only on the export and mailing pages, which need the "view supporter data" permission.
"""

import csv

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from endreprisals.csv_cells import formula_safe

from . import mailings, services
from .bounces import resume, sync_mission_deliveries
from .forms import StaffReplyForm
from .models import Campaign, EmailAction, Mailing, MissionAddress, MissionReply, Petition, Signature
from .roles import can_see_supporters, can_send_mailings


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def _audit_export(user, petition, rows: int, fmt: str) -> None:
    """Record the export of supporters' names in the audit log (when the audit app is there)."""
    try:
        from audit.models import AuditEvent
        from audit.services import record
    except ImportError:  # pragma: no cover - the audit app is optional for this app
        return
    record(
        AuditEvent.Action.EXPORT,
        user=user,
        object_type="campaigns.petition",
        object_id=str(petition.pk),
        summary=f"confirmed signatures of “{petition.title}” ({rows} rows, {fmt})"[:500],
        via=f"campaigns.signatures.{fmt}",
    )


@staff_member_required
@require_GET
def index(request):
    _require(request.user, "campaigns.view_campaign")
    campaigns = Campaign.objects.prefetch_related("email_actions", "petitions")
    return render(
        request,
        "campaigns/staff/index.html",
        {
            "campaigns": campaigns,
            "mailings": Mailing.objects.select_related("mailing_list")[:20],
            "can_see_supporters": can_see_supporters(request.user),
        },
    )


@staff_member_required
@require_http_methods(["GET", "POST"])
def action_deliveries(request, pk):
    _require(request.user, "campaigns.view_missionmessage")
    action = get_object_or_404(EmailAction.objects.select_related("campaign"), pk=pk)
    reply_form = StaffReplyForm(initial={"action": action})
    if request.method == "POST":
        if "resume" in request.POST:
            _require(request.user, "campaigns.change_missionaddress")
            count = resume(request.POST.get("resume", ""))
            messages.success(request, f"Address resumed; {count} held message(s) queued again.")
            return redirect("campaigns:staff-action", pk=action.pk)
        _require(request.user, "campaigns.add_missionreply")
        reply_form = StaffReplyForm(request.POST)
        if reply_form.is_valid():
            reply = reply_form.save(commit=False)
            reply.source = MissionReply.Source.STAFF
            reply.logged_by = request.user
            reply.save()
            messages.success(request, "Reply logged.")
            return redirect("campaigns:staff-action", pk=action.pk)
    sync_mission_deliveries(action.messages.all())
    return render(
        request,
        "campaigns/staff/action.html",
        {
            "action": action,
            "rows": services.counts_per_state(action),
            "failures": services.delivery_failures(action)[:200],
            "paused": MissionAddress.objects.filter(paused_at__isnull=False),
            "bouncing": MissionAddress.objects.filter(bounce_count__gt=0),
            "counts": services.action_counts(action),
            "replies": action.replies.select_related("country").order_by("verified", "-created_at")[:100],
            "reply_form": reply_form,
        },
    )


def _confirmed_signatures(petition):
    return (
        Signature.objects.filter(petition=petition, status=Signature.Status.CONFIRMED)
        .select_related("country")
        .order_by("confirmed_at", "pk")
    )


@staff_member_required
@require_GET
def signatures_csv(request, pk):
    if not can_see_supporters(request.user):
        raise PermissionDenied
    petition = get_object_or_404(Petition, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="signatures-{petition.campaign.slug}-{petition.slug}.csv"'
    )
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(["number", "name", "country", "confirmed_at"])
    number = 0
    for number, signature in enumerate(_confirmed_signatures(petition).iterator(), 1):
        writer.writerow(
            [
                number,
                formula_safe(signature.name),
                formula_safe(signature.country.name if signature.country_id else ""),
                signature.confirmed_at.isoformat() if signature.confirmed_at else "",
            ]
        )
    _audit_export(request.user, petition, number, "csv")
    return response


@staff_member_required
@require_GET
def signatures_print(request, pk):
    if not can_see_supporters(request.user):
        raise PermissionDenied
    petition = get_object_or_404(Petition.objects.select_related("campaign"), pk=pk)
    signatures = list(_confirmed_signatures(petition))
    _audit_export(request.user, petition, len(signatures), "html")
    response = render(
        request,
        "campaigns/staff/signatures_print.html",
        {"petition": petition, "signatures": signatures, "generated": timezone.now()},
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_member_required
@require_http_methods(["GET", "POST"])
def mailing(request, pk):
    if not can_see_supporters(request.user):
        raise PermissionDenied
    mailing = get_object_or_404(Mailing.objects.select_related("mailing_list"), pk=pk)
    if request.method == "POST":
        if not can_send_mailings(request.user):
            raise PermissionDenied
        step = request.POST.get("step")
        if step == "dry_run":
            count = mailings.dry_run(mailing)
            messages.info(
                request, f"Dry run: this mailing would go to {count} recipient(s). Nothing was sent."
            )
        elif step == "send":
            try:
                expected = int(request.POST.get("expected", "-1"))
                mailings.start(mailing, expected)
                messages.success(request, "Sending has started; the worker queues the messages.")
            except (ValueError, mailings.MailingError) as exc:
                messages.error(request, str(exc))
        return redirect("campaigns:staff-mailing", pk=mailing.pk)
    return render(
        request,
        "campaigns/staff/mailing.html",
        {
            "mailing": mailing,
            "progress": mailings.progress(mailing),
            "deliveries": mailings.deliveries(mailing)[:1000],
            "current": mailings.recipients(mailing).count(),
            "can_send": can_send_mailings(request.user),
        },
    )
