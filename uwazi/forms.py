from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cases.visibility import Visibility

from .dates import DATE_FORMATS


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Uwazi export"),
        help_text=_("The CSV file an Uwazi library exports (Library → Export CSV)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    date_format = forms.ChoiceField(
        label=_("Numeric dates"),
        required=False,
        choices=[("", _("work it out from the file"))] + [(f, f) for f in DATE_FORMATS],
        help_text=_("How the Uwazi site writes dates such as 03/04/2017, if the file cannot tell."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility of new cases"), choices=Visibility.choices, initial=Visibility.CONFIDENTIAL
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: show what would happen, store nothing"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is %(limit).0f MB.")
                % {"size": upload.size / 1048576, "limit": settings.IMPORT_MAX_BYTES / 1048576}
            )
        return upload
