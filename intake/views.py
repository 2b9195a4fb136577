"""Public intake pages: the form, the one-time receipt, and the status check.

None of these views keeps anything about the person asking: the address is stripped before the
request reaches them (intake.middleware), they open no session, send no messages, and mark all
POST data sensitive so that an error report would leave it out. Uploads stay in memory
(intake.uploads.IntakeUploadHandler).
"""

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from . import budget, services
from .forms import ReceiptForm, SubmissionForm
from .middleware import no_client_address
from .uploads import DiscardUploadHandler, IntakeUploadHandler


def _private(response):
    # Not "no-referrer": browsers then send "Origin: null" with the form, which fails Django's
    # CSRF origin check. The site-wide "same-origin" policy already keeps the address of these
    # pages from other sites.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@sensitive_post_parameters()
@csrf_exempt  # the CSRF check runs in _submit, after the upload handlers are replaced
@no_client_address
@require_http_methods(["GET", "POST"])
def submit(request):
    if request.method == "POST":
        incoming = _declared_length(request)
        if budget.over_budget(incoming):
            # Read the text, not the files, and give it back with the reason.
            request.upload_handlers = [DiscardUploadHandler(request)]
            return _busy(request)
        budget.count_received(incoming)
        # Before anything reads the body: keep files in memory, within the limits.
        handler = IntakeUploadHandler(request)
        request.upload_handlers = [handler]
        return _submit(request, handler)
    return _private(render(request, "intake/submit.html", {"form": SubmissionForm()}))


def _declared_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


@csrf_protect
@sensitive_variables()
def _busy(request):
    """Over this hour's budget (intake/budget.py): 503, with everything typed shown back."""
    typed = {name: values if len(values) > 1 else values[0] for name, values in request.POST.lists()}
    typed.pop("csrfmiddlewaretoken", None)
    wait = budget.seconds_to_next_hour()
    context = {"form": SubmissionForm(initial=typed), "busy": True, "busy_minutes": max(1, -(-wait // 60))}
    response = render(request, "intake/submit.html", context, status=503)
    response["Retry-After"] = str(wait)
    return _private(response)


@csrf_protect
@sensitive_variables()
def _submit(request, handler):
    form = SubmissionForm(request.POST, request.FILES, upload_errors=handler.errors)
    if not form.is_valid():
        return _private(render(request, "intake/submit.html", {"form": form}, status=400))
    submission, code = services.submit(form.payload(get_language() or "en"), form.cleaned_data["attachments"])
    # The receipt code is shown this once; only its hash is stored.
    return _private(render(request, "intake/receipt.html", {"code": code}))


@never_cache
@sensitive_post_parameters()
@no_client_address
@require_http_methods(["GET", "POST"])
def status(request):
    form = ReceiptForm(request.POST or None)
    context = {"form": form, "checked": False}
    if request.method == "POST" and form.is_valid():
        context.update(checked=True, status=services.status_for_receipt(form.cleaned_data["code"]))
        # Do not echo the code back into the page.
        context["form"] = ReceiptForm()
    return _private(render(request, "intake/status.html", context))
