"""Staff page: import the missions' Blue Book (JSON) or a missions CSV (same services as
`manage.py import_missions`)."""

import io

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .bluebook import BlueBookError, import_bluebook
from .imports import ImportFailed, import_csv
from .models import PermanentMission


class MissionsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Blue Book (.json) or missions CSV"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.csv,application/json,text/csv"}),
    )
    city = forms.ChoiceField(
        label=_("City of the Blue Book's missions"),
        choices=PermanentMission.City.choices,
        initial=PermanentMission.City.NEW_YORK,
        help_text=_("A CSV names its city on each line."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than the import limit."))
        return upload


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def import_missions(request):
    user = request.user
    if not user.is_staff or not user.has_perms(
        ["states.add_permanentmission", "states.change_permanentmission"]
    ):
        raise PermissionDenied
    form = MissionsUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "result": None, "csv_result": None, "errors": []}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                if upload.name.lower().endswith(".csv"):
                    context["csv_result"] = import_csv("missions", io.BytesIO(data))
                else:
                    context["result"] = import_bluebook(data, form.cleaned_data["city"])
                status = 200
            except ImportFailed as exc:
                context["errors"] = [str(error) for error in exc.errors]
            except BlueBookError as exc:
                context["errors"] = [str(exc)]
    context["without_email"] = PermanentMission.objects.filter(email="").count()
    context["missions"] = PermanentMission.objects.count()
    return render(request, "states/import_missions.html", context, status=status)
