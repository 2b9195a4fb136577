"""Staff pages: upload an Uwazi export (same service as `manage.py import_uwazi`)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import UploadForm
from .importer import import_uwazi
from .mapping import curator_file
from .models import ImportRun


def _staff(permission):
    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not request.user.is_staff or not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return never_cache(login_required(checked))

    return decorate


@_staff("uwazi.add_importrun")
@require_http_methods(["GET", "POST"])
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            report = import_uwazi(
                upload_file.read(),
                upload_file.name,
                user=request.user,
                dry_run=form.cleaned_data["dry_run"],
                date_format=form.cleaned_data["date_format"] or None,
                visibility=form.cleaned_data["visibility"],
            )
            status = 200 if report.ok else 400
        else:
            status = 400
    context = {
        "form": form,
        "report": report,
        "fields": {name: dict(values) for name, values in report.fields.items()} if report else {},
        "runs": ImportRun.objects.select_related("user")[:20],
        "mapping_file": curator_file(),
    }
    return render(request, "uwazi/upload.html", context, status=status)
