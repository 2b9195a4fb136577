"""Curators' pages: upload a report, follow its reading, review the candidate cases.

Staff only. Every page that shows or chooses an existing case goes through the visibility gate
(`Case.objects.visible_to(request.user)`): a link proposal to a case the curator may not see is
shown without its details, and merging into it is refused as if it did not exist.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import record_access
from cases.models import Case
from cases.staff_gate import shown_case
from cases.visibility import Visibility

from .forms import AcceptForm, BulkReviewForm, CandidateForm, MergeForm, RejectForm, UploadForm, VictimFormSet
from .highlight import highlight
from .models import CandidateCase, CandidateLink, IngestJob
from .services import errors, fetch, jobs, review
from .services.errors import IngestError


def staff_view(*permissions):
    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not request.user.is_staff or not request.user.has_perms(permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return never_cache(login_required(checked))

    return decorate


# -- Upload and progress -----------------------------------------------------------------------


@staff_view("ingest.view_ingestjob", "ingest.add_ingestjob")
@require_http_methods(["GET", "POST"])
def upload(request):
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            try:
                if upload_file:
                    job = jobs.create_job(upload_file.read(), upload_file.name, request.user)
                else:
                    name, data = fetch.fetch(form.cleaned_data["symbol"])
                    job = jobs.create_job(data, name, request.user)
            except IngestError as exc:
                form.add_error("file" if upload_file else "symbol", str(exc))
            else:
                messages.success(request, _("The report is queued; this page shows its progress."))
                return redirect("ingest:job", pk=job.pk)
        status = 400
    context = {
        "form": form,
        "jobs": IngestJob.objects.select_related("report").defer("source")[:25],
        "max_mb": jobs.max_bytes() / 1048576,
        "pending": CandidateCase.objects.filter(status=CandidateCase.Status.PENDING).count(),
    }
    return render(request, "ingest/upload.html", context, status=status)


def _job(pk):
    return get_object_or_404(IngestJob.objects.select_related("report").defer("source"), pk=pk)


# Refusals about what the file is ("not a report", encrypted, no text, duplicate…): reading the
# same bytes again gives the same answer, so only other failures (a crash, a lost worker, a file
# the reader could not parse, which a newer reader may) offer "Try again".
FINAL_ERRORS = {
    errors.UnsupportedType.code,
    errors.FileTooLarge.code,
    errors.EncryptedPDF.code,
    errors.NoTextLayer.code,
    errors.NotAReprisalsReport.code,
    errors.DuplicateReport.code,
}


def _retryable(job) -> bool:
    return job.status == IngestJob.Status.FAILED and job.error_code not in FINAL_ERRORS


def _job_context(job):
    counts = {}
    if job.status == IngestJob.Status.DONE:
        for status, label in CandidateCase.Status.choices:
            counts[label] = job.candidates.filter(status=status).count()
    return {"job": job, "counts": counts, "retryable": _retryable(job)}


@staff_view("ingest.view_ingestjob")
@require_GET
def job_detail(request, pk):
    job = _job(pk)
    if request.headers.get("HX-Request"):
        return render(request, "ingest/_job_status.html", _job_context(job))
    return render(request, "ingest/job.html", _job_context(job))


@staff_view("ingest.view_ingestjob")
@require_GET
def job_status(request, pk):
    """The status block alone, for HTMX polling (the job page shows the same on a plain refresh)."""
    return render(request, "ingest/_job_status.html", _job_context(_job(pk)))


@staff_view("ingest.change_ingestjob")
@require_POST
def job_retry(request, pk):
    job = _job(pk)
    if job.error_code in FINAL_ERRORS:
        messages.error(request, _("Reading this file again would give the same answer: upload another file."))
    elif jobs.retry(job):
        messages.success(request, _("The report is queued again."))
    else:
        messages.error(request, _("Only a failed job, or one stuck for 15 minutes, can be retried."))
    return redirect("ingest:job", pk=job.pk)


@staff_view("ingest.change_ingestjob")
@require_POST
def job_confirm(request, pk):
    """The curator confirms the cover as read, or corrects its symbol; the job is queued again
    and stores the report."""
    job = _job(pk)
    try:
        jobs.confirm_cover(job, request.POST.get("symbol", ""))
    except IngestError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Confirmed: the report is being stored."))
    return redirect("ingest:job", pk=job.pk)


# -- Review ------------------------------------------------------------------------------------


@staff_view("ingest.change_candidatecase", "cases.add_case")
@require_POST
def queue_bulk(request):
    """Accept (as new, unpublished cases) or reject the ticked candidates. Each goes through the
    same review service as on its own page, one at a time: a candidate someone else has just
    reviewed is reported and skipped, the others are done."""
    ticked = {int(t) for t in request.POST.getlist("candidates") if t.isdigit()}
    pending = set(
        CandidateCase.objects.filter(status=CandidateCase.Status.PENDING, pk__in=ticked).values_list(
            "pk", flat=True
        )
    )
    data = request.POST.copy()
    data.setlist("candidates", [str(pk) for pk in sorted(pending)])
    form = BulkReviewForm(data, pending_ids=pending)
    if ticked - pending:
        messages.warning(request, _("Candidates already reviewed were left as they are."))
    back = request.POST.get("next", "")
    back = back if back.startswith(reverse("ingest:queue")) else reverse("ingest:queue")
    if not form.is_valid():
        for error in form.errors.get("candidates", []) or [
            _("Choose what to do with the ticked candidates.")
        ]:
            messages.error(request, error)
        return redirect(back)
    done, failed = 0, []
    for candidate in CandidateCase.objects.filter(pk__in=form.cleaned_data["candidates"]).order_by("pk"):
        try:
            if form.cleaned_data["action"] == BulkReviewForm.ACCEPT:
                review.accept(candidate, request.user, visibility=form.cleaned_data["visibility"])
            else:
                review.reject(candidate, request.user, form.cleaned_data["note"])
        except review.ReviewError as exc:
            failed.append(f"{candidate.title}: {exc}")
        else:
            done += 1
    if form.cleaned_data["action"] == BulkReviewForm.ACCEPT:
        text = ngettext(
            "%(n)d candidate accepted as a new, unpublished case.",
            "%(n)d candidates accepted as new, unpublished cases.",
            done,
        )
    else:
        text = ngettext("%(n)d candidate rejected.", "%(n)d candidates rejected.", done)
    messages.success(request, text % {"n": done})
    for problem in failed:
        messages.error(request, problem)
    return redirect(back)


@staff_view("ingest.view_candidatecase")
@require_GET
def queue(request):
    candidates = CandidateCase.objects.select_related("report", "country", "job").prefetch_related("links")
    status = request.GET.get("status", CandidateCase.Status.PENDING)
    if status in CandidateCase.Status.values:
        candidates = candidates.filter(status=status)
    job = request.GET.get("job", "")
    if job.isdigit():
        candidates = candidates.filter(job_id=int(job))
    kind = request.GET.get("kind", "")
    if kind in CandidateCase.Kind.values:
        candidates = candidates.filter(kind=kind)
    candidates = candidates.order_by("-report__year", "job_id", "position")
    page = Paginator(candidates, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "statuses": CandidateCase.Status.choices,
        "kinds": CandidateCase.Kind.choices,
        "visibilities": Visibility.choices,
        "current": {"status": status, "job": job, "kind": kind},
        "params": urlencode({"status": status, "kind": kind, "job": job}),
        "jobs": IngestJob.objects.filter(status=IngestJob.Status.DONE)
        .select_related("report")
        .defer("source")[:50],
    }
    return render(request, "ingest/queue.html", context)


def _candidate(pk):
    return get_object_or_404(
        CandidateCase.objects.select_related("report", "country", "job", "case", "reviewed_by"), pk=pk
    )


def _initial(candidate):
    return {
        "title": candidate.title,
        "country": candidate.country.iso2 if candidate.country_id else None,
        "summary": candidate.summary,
        "mechanisms": candidate.mechanisms,
        "reprisal_types": candidate.reprisal_types,
        "perpetrator_kind": candidate.perpetrator_kind,
        "incident_date": candidate.incident_date,
        "incident_date_precision": candidate.incident_date_precision,
    }


def _sources(candidate):
    """The source paragraphs, and the footnotes they cite, with the extracted words marked."""
    spans = list(candidate.spans.all())
    job = candidate.job
    out = []
    for paragraph in candidate.paragraphs.order_by("section", "number"):
        own = [
            (s.start, s.end, s.field, s.value)
            for s in spans
            if s.paragraph_id == paragraph.pk and s.footnote is None
        ]
        notes = []
        for number in job.paragraph_footnotes.get(f"{paragraph.section}:{paragraph.number}", []):
            text = job.footnotes.get(str(number), "")
            marked = [
                (s.start, s.end, s.field, s.value)
                for s in spans
                if s.paragraph_id == paragraph.pk and s.footnote == number
            ]
            notes.append({"number": number, "html": highlight(text, marked)})
        out.append({"paragraph": paragraph, "html": highlight(paragraph.text, own), "footnotes": notes})
    return out


def _links(request, candidate):
    """Link proposals; a target case the curator may not see is shown without its details."""
    rows = []
    for link in candidate.links.select_related("target_case", "target_candidate", "target_candidate__case"):
        case = link.target_case
        if case is None and link.target_candidate is not None:
            case = link.target_candidate.case
        rows.append(
            {"link": link, "case": case, "pending_candidate": link.target_candidate if case is None else None}
        )
    visible = set(
        Case.objects.visible_to(request.user)
        .filter(pk__in=[row["case"].pk for row in rows if row["case"] is not None])
        .values_list("pk", flat=True)
    )
    for row in rows:
        row["hidden"] = row["case"] is not None and row["case"].pk not in visible
        if row["hidden"]:
            row["case"] = None
    record_access(request.user, [row["case"] for row in rows], "view", via=request.path)
    return rows


def _neighbours(candidate):
    pending = CandidateCase.objects.filter(job=candidate.job, status=CandidateCase.Status.PENDING)
    previous = pending.filter(position__lt=candidate.position).order_by("-position").first()
    following = pending.filter(position__gt=candidate.position).order_by("position").first()
    return previous, following


def _detail(request, candidate, status=200, **forms):
    previous, following = _neighbours(candidate)
    links = _links(request, candidate)
    best = next((row for row in links if row["case"] is not None and row["link"].status != "rejected"), None)
    context = {
        "candidate": candidate,
        # The case made from (or merged with) the candidate, to those who may see it.
        "shown_case": shown_case(request.user, candidate.case),
        "sources": _sources(candidate),
        "links": links,
        "previous": previous,
        "next": following,
        "form": forms.get("form")
        or CandidateForm(initial=_initial(candidate), candidate=candidate, user=request.user),
        "victims": forms.get("victims") or VictimFormSet(initial=candidate.victims, prefix="victims"),
        "accept_form": forms.get("accept_form") or AcceptForm(),
        "merge_form": forms.get("merge_form")
        or MergeForm(initial={"target": best["case"].public_id if best else ""}),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "can_accept": request.user.has_perm("cases.add_case"),
        "can_merge": request.user.has_perm("cases.change_case"),
    }
    return render(request, "ingest/candidate.html", context, status=status)


@staff_view("ingest.view_candidatecase")
@require_GET
def candidate_detail(request, pk):
    return _detail(request, _candidate(pk))


def _after_review(candidate):
    _, following = _neighbours(candidate)
    if following is not None:
        return redirect("ingest:candidate", pk=following.pk)
    return redirect(f"{reverse('ingest:queue')}?job={candidate.job_id}")


@staff_view("ingest.change_candidatecase")
@require_POST
def candidate_edit(request, pk):
    with transaction.atomic():  # the version check and the save in one transaction
        return _edit(request, pk)


def _edit(request, pk):
    candidate = _candidate(pk)
    form = CandidateForm(request.POST, candidate=candidate, user=request.user)
    victims = VictimFormSet(request.POST, prefix="victims")
    if form.is_valid() and victims.is_valid():
        data = dict(form.cleaned_data)
        data["victims"] = [
            {k: v for k, v in row.items() if k != "DELETE"}
            for row in victims.cleaned_data
            if row and not row.get("DELETE") and (row.get("name") or row.get("description"))
        ]
        try:
            review.save_edits(candidate, data, request.user)
        except review.ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Changes saved."))
        return redirect("ingest:candidate", pk=candidate.pk)
    return _detail(request, candidate, status=400, form=form, victims=victims)


@staff_view("ingest.change_candidatecase", "cases.add_case")
@require_POST
def candidate_accept(request, pk):
    candidate = _candidate(pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _detail(request, candidate, status=400, accept_form=form)
    try:
        case = review.accept(candidate, request.user, visibility=form.cleaned_data["visibility"])
    except review.ReviewError as exc:
        messages.error(request, str(exc))
        return redirect("ingest:candidate", pk=candidate.pk)
    messages.success(
        request,
        _("Case %(id)s created, unpublished (%(visibility)s).")
        % {"id": case.public_id, "visibility": case.get_visibility_display()},
    )
    return _after_review(candidate)


@staff_view("ingest.change_candidatecase", "cases.change_case")
@require_POST
def candidate_merge(request, pk):
    candidate = _candidate(pk)
    try:
        if request.POST.get("link"):
            link = get_object_or_404(CandidateLink, pk=request.POST["link"], candidate=candidate)
            target = link.target_case or (link.target_candidate.case if link.target_candidate else None)
            if target is not None and not Case.objects.visible_to(request.user).filter(pk=target.pk).exists():
                raise Http404
            case = review.accept_link(link, request.user)
        else:
            form = MergeForm(request.POST)
            if not form.is_valid():
                return _detail(request, candidate, status=400, merge_form=form)
            target = (
                Case.objects.visible_to(request.user)
                .filter(public_id=form.cleaned_data["target"].strip())
                .first()
            )
            if target is None:
                form.add_error("target", _("No case with this public id that you may see."))
                return _detail(request, candidate, status=400, merge_form=form)
            case = review.merge(candidate, request.user, target)
    except review.ReviewError as exc:
        messages.error(request, str(exc))
        return redirect("ingest:candidate", pk=candidate.pk)
    messages.success(request, _("Added to case %(id)s as a follow-up.") % {"id": case.public_id})
    return _after_review(candidate)


@staff_view("ingest.change_candidatecase")
@require_POST
def candidate_reject(request, pk):
    candidate = _candidate(pk)
    form = RejectForm(request.POST)
    form.is_valid()
    try:
        review.reject(candidate, request.user, form.cleaned_data.get("note", ""))
    except review.ReviewError as exc:
        messages.error(request, str(exc))
        return redirect("ingest:candidate", pk=candidate.pk)
    messages.success(request, _("Candidate rejected."))
    return _after_review(candidate)
