"""Staff pages: the list of submissions, triage, decryption, turning a submission into a case,
and the annual submission to the Secretary-General.

Decryption happens in memory for the one response that shows it. The private key is read from
the POST body and dropped at the end of the request: it is never put in the session, a cookie,
a message, a log line or the page (the key field is never re-rendered with its value), and every
response here is marked no-store.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import record_access
from cases import consent
from cases.models import AccessGrant, Case, Country, Mechanism
from cases.staff_gate import attach_shown_cases, shown_case

from . import annual, crypto, services
from .forms import (
    AnnualFilterForm,
    AnnualSelectionForm,
    PastedCaseForm,
    PrivateKeyForm,
    SubmissionForm,
    TriageForm,
)
from .middleware import no_client_address
from .models import Submission


def staff_view(permission):
    def decorate(view):
        view = permission_required(permission, raise_exception=True)(view)
        view = login_required(view)
        return never_cache(no_client_address(view))

    return decorate


def _key_context():
    context = {"development_key": crypto.using_development_key()}
    if context["development_key"]:
        crypto.configured_public_key()  # creates the development pair on first use
        context["development_key_path"] = crypto.dev_private_key_path()
    return context


def _case_consent(user, submission):
    """The consent carried to the case made from `submission`, if `user` may see that case."""
    if submission.case_id is None:
        return None
    case = Case.objects.visible_to(user).filter(pk=submission.case_id).first()
    return None if case is None else consent.for_case(case)


def _detail_context(request, submission, **extra):
    context = {
        "case_consent": _case_consent(request.user, submission),
        "submission": submission,
        "shown_case": shown_case(request.user, submission.case),
        "attachment_count": submission.attachments.count(),
        "pending_count": submission.pending_attachments.count(),
        "triage_form": TriageForm(submission=submission),
        "key_form": PrivateKeyForm(),
        "paste_form": PastedCaseForm(),
        "can_convert": submission.case_id is None and submission.status in services.CONVERTIBLE,
        "can_decrypt": request.user.has_perm("intake.decrypt_submission"),
        "can_triage": request.user.has_perm("intake.change_submission"),
        "can_add_case": request.user.has_perm("cases.add_case"),
        **_key_context(),
    }
    context.update(extra)
    return context


@staff_view("intake.view_submission")
@require_GET
def submission_list(request):
    submissions = Submission.objects.select_related("case")
    status = request.GET.get("status", "")
    if status in Submission.Status.values:
        submissions = submissions.filter(status=status)
    context = {
        # The case made from each submission is named only to those who may see it.
        "submissions": attach_shown_cases(request.user, submissions[:500]),
        "statuses": Submission.Status.choices,
        "current_status": status,
        **_key_context(),
    }
    return render(request, "intake/staff/list.html", context)


@staff_view("intake.view_submission")
@require_GET
def submission_detail(request, reference):
    submission = get_object_or_404(Submission.objects.select_related("case"), reference=reference)
    return render(request, "intake/staff/detail.html", _detail_context(request, submission))


@staff_view("intake.change_submission")
@require_POST
def submission_triage(request, reference):
    with transaction.atomic():  # the version check and the move in one transaction
        return _triage(request, reference)


def _triage(request, reference):
    submission = get_object_or_404(Submission, reference=reference)
    form = TriageForm(request.POST, submission=submission)
    if form.is_valid():
        try:
            services.change_status(submission, form.cleaned_data["status"])
        except services.TriageError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Submission %(reference)s is now “%(status)s”.")
                % {"reference": submission.reference, "status": submission.get_status_display()},
            )
        return redirect("intake:staff-detail", reference=submission.reference)
    context = _detail_context(request, submission, triage_form=form)
    return render(request, "intake/staff/detail.html", context, status=400)


def _grant_creator(user, case, submission):
    """Whoever made the case has read the submission; let them see the confidential case."""
    if not user.is_superuser:
        AccessGrant.objects.get_or_create(
            user=user,
            case=case,
            level=AccessGrant.Level.CONFIDENTIAL,
            defaults={"note": f"Created from intake submission {submission.reference}"},
        )


def _case_created(request, submission, case):
    _grant_creator(request.user, case, submission)
    messages.success(
        request,
        _("Case %(public_id)s created from submission %(reference)s: confidential and unpublished.")
        % {"public_id": case.public_id, "reference": submission.reference},
    )
    return redirect("intake:staff-detail", reference=submission.reference)


@sensitive_post_parameters()
@staff_view("intake.decrypt_submission")
@require_POST
@sensitive_variables()
def submission_decrypt(request, reference):
    """Show, download from, or make a case of a submission, with a private key given in this
    request only. Actions: `show` (default), `create_case`, or `attachment=<position>`."""
    submission = get_object_or_404(Submission.objects.select_related("case"), reference=reference)
    form = PrivateKeyForm(request.POST)
    action = request.POST.get("action", "show")
    if action == "create_case" and not request.user.has_perm("cases.add_case"):
        raise Http404
    error = None
    if form.is_valid():
        try:
            key = crypto.parse_private_key(form.cleaned_data["private_key"])
            if "attachment" in request.POST:
                return _download(submission, request.POST["attachment"], key)
            opened = services.decrypt(submission, key, attachments=False)
            if action == "create_case":
                case = services.create_case(submission, opened.fields)
                return _case_created(request, submission, case)
        except crypto.IntakeKeyError as exc:
            error = str(exc)
        except services.TriageError as exc:
            error = str(exc)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            context = _detail_context(
                request,
                submission,
                decrypted=_readable(opened.fields),
                decrypted_attachments=_attachment_list(submission, key),
            )
            return render(request, "intake/staff/detail.html", context)
    context = _detail_context(request, submission, key_error=error, key_form=form)
    return render(request, "intake/staff/detail.html", context, status=400)


@sensitive_variables()
def _attachment_list(submission, key):
    return [
        {"position": a.position, **_header(services.decrypt_attachment(a, key))}
        for a in submission.attachments.all()
    ]


def _header(opened):
    return {"name": opened.name, "content_type": opened.content_type, "size": opened.size}


@sensitive_variables()
def _readable(fields):
    """The decrypted fields as (label, value) rows, in the order of the public form."""
    form = SubmissionForm()
    rows = []
    for name, form_field in form.fields.items():
        if name == "attachments":
            continue
        value = fields.get(name)
        choices = dict(getattr(form_field, "choices", []) or [])
        if name == "mechanism":
            mechanism = Mechanism.objects.filter(slug=value).first() if value else None
            value = mechanism.label if mechanism else ""
        elif name == "country":
            country = Country.objects.filter(iso2=value).first()
            value = country.name if country else value
        elif name == "share_with_un":
            value = _("yes") if value is True else _("no")
        elif isinstance(value, list):
            value = ", ".join(str(choices.get(str(item), item)) for item in value)
        elif name == "incident_month" and value:
            value = MONTHS.get(int(value), value)
        elif value is not None and str(value) in choices:
            value = choices[str(value)]
        rows.append((form_field.label, "" if value is None else value))
    rows.append((_("Language of the form"), fields.get("language", "")))
    return rows


@sensitive_variables()
def _download(submission, position, key):
    attachment = submission.attachments.filter(position=position if str(position).isdigit() else -1).first()
    if attachment is None:
        raise Http404
    opened = services.decrypt_attachment(attachment, key)
    response = HttpResponse(opened.data, content_type=opened.content_type)
    # Always a download, never shown inline; the name is ASCII-safe for the header.
    extension = opened.name.rsplit(".", 1)[-1] if "." in opened.name else "bin"
    response["Content-Disposition"] = (
        f'attachment; filename="{submission.reference}-{attachment.position}.{extension}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters()
@staff_view("intake.change_submission")
@require_POST
@sensitive_variables()
def submission_paste(request, reference):
    """Make a case from the decrypted fields pasted from `manage.py intake decrypt`."""
    if not request.user.has_perm("cases.add_case"):
        raise Http404
    submission = get_object_or_404(Submission, reference=reference)
    form = PastedCaseForm(request.POST)
    if form.is_valid():
        try:
            fields = services.fields_from_pasted(form.cleaned_data["pasted"], submission)
            case = services.create_case(submission, fields)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("pasted", message)
        except services.TriageError as exc:
            form.add_error("pasted", str(exc))
        else:
            return _case_created(request, submission, case)
    # The pasted text is not echoed back.
    form.data = form.data.copy()
    form.data["pasted"] = ""
    context = _detail_context(request, submission, paste_form=form)
    return render(request, "intake/staff/detail.html", context, status=400)


@staff_view("intake.prepare_annual_submission")
@require_http_methods(["GET", "POST"])
def annual_submission(request):
    filters = AnnualFilterForm(request.GET or None)
    options = filters.cleaned_data if filters.is_valid() else {}
    cases = annual.selectable_cases(
        request.user,
        country=options.get("country"),
        date_from=options.get("date_from"),
        date_to=options.get("date_to"),
    )
    form = AnnualSelectionForm(
        request.POST or None, cases=cases, user=request.user, initial={"title": annual.default_title()}
    )
    if request.method == "POST" and form.is_valid():
        record_access(request.user, form.cleaned_data["cases"], "export", via=request.path)
        rows = annual.rows_for(form.cleaned_data["cases"])
        title = form.cleaned_data["title"]
        if form.cleaned_data["format"] == "csv":
            response = HttpResponse(annual.build_csv(rows), content_type="text/csv; charset=utf-8")
            filename = "annual-submission.csv"
        else:
            response = HttpResponse(
                annual.build_docx(rows, title),
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
            filename = "annual-submission.docx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    # The form lists these cases by title: those are the ones seen.
    record_access(request.user, annual.listed(cases), "view", via=request.path)
    context = {
        "filters": filters,
        "form": form,
        "case_count": cases.count(),
        "listed_max": annual.MAX_CASES,
        "action": f"{reverse('intake:staff-annual')}?{request.GET.urlencode()}",
    }
    return render(request, "intake/staff/annual.html", context, status=400 if form.is_bound else 200)
