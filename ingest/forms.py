from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Country, Mechanism, ReprisalType, Victim, VictimRole
from cases.visibility import Visibility
from endreprisals.edit_versions import VersionedFormMixin, lock_row, record_state

from .services.jobs import max_bytes


class UploadForm(forms.Form):
    file = forms.FileField(
        required=False,
        label=_("Report file"),
        help_text=_(
            "PDF, Word (.docx), HTML or plain text, as published in the UN Official Document System."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.html,.htm,.txt"}),
    )

    symbol = forms.RegexField(
        required=False,
        regex=r"^A/HRC/\d{1,2}/\d{1,3}(?:/(?:Corr|Add|Rev)\.\d{1,2})?$",
        label=_("… or fetch by symbol"),
        help_text=_("Such as A/HRC/45/36: the English PDF is fetched from the UN Official Document System."),
        error_messages={"invalid": _("A symbol of the Human Rights Council, such as A/HRC/45/36.")},
    )

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("symbol") and not self.errors:
            raise forms.ValidationError(_("Choose a file, or give a symbol to fetch."))
        return data

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload:
            return upload
        limit = max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is %(limit).0f MB.")
                % {"size": upload.size / 1048576, "limit": limit / 1048576}
            )
        return upload


class CandidateForm(VersionedFormMixin, forms.Form):
    """Carries the version of the candidate it was rendered from: a save from a page opened
    before someone else edited or decided the candidate is refused with their change shown."""

    title = forms.CharField(label=_("Title"), max_length=300)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all(), to_field_name="iso2")
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    mechanisms = forms.MultipleChoiceField(label=_("UN mechanisms"), required=False)
    reprisal_types = forms.MultipleChoiceField(label=_("Reprisal types"), required=False)
    perpetrator_kind = forms.ChoiceField(label=_("Perpetrator"), choices=Case.Perpetrator.choices)
    incident_date = forms.DateField(
        label=_("First incident"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    incident_date_precision = forms.ChoiceField(label=_("Precision"), choices=Case.DatePrecision.choices)

    def __init__(self, *args, candidate=None, user=None, **kwargs):
        self.candidate, self.edit_user = candidate, user
        super().__init__(*args, **kwargs)
        self.fields["mechanisms"].choices = [(m.slug, m.label) for m in Mechanism.objects.all()]
        self.fields["reprisal_types"].choices = [(t.slug, t.label) for t in ReprisalType.objects.all()]

    def read_edit_state(self, lock):
        if self.candidate is None:
            return None
        saved = lock_row(type(self.candidate), self.candidate.pk) if lock else self.candidate
        if saved is None:
            return {}
        return record_state(saved, [*self.base_fields, "victims", "status"], user=self.edit_user)


class VictimForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Victim.Kind.choices, initial=Victim.Kind.PERSON)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Victim.Gender.choices, initial=Victim.Gender.UNKNOWN
    )
    roles = forms.MultipleChoiceField(label=_("Roles"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(r.slug, r.label) for r in VictimRole.objects.all()]


VictimFormSet = forms.formset_factory(VictimForm, extra=1, can_delete=True)


class AcceptForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Visibility of the new case"),
        choices=Visibility.choices,
        initial=Visibility.CONFIDENTIAL,
        help_text=_("The case is created unpublished whatever you choose; publishing is a separate step."),
    )


class MergeForm(forms.Form):
    target = forms.CharField(
        label=_("Public id of the existing case"), max_length=12, help_text=_("For example 3kq8z2mvbt.")
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BulkReviewForm(forms.Form):
    """Accept or reject the candidates ticked on the review queue, in one go."""

    ACCEPT, REJECT = "accept", "reject"

    candidates = forms.TypedMultipleChoiceField(coerce=int, choices=[])  # set per request
    action = forms.ChoiceField(choices=[(ACCEPT, _("accept")), (REJECT, _("reject"))])
    visibility = forms.ChoiceField(
        label=_("Visibility of the new cases"), choices=Visibility.choices, required=False
    )
    note = forms.CharField(label=_("Reason for rejecting (optional)"), required=False, max_length=1000)

    def __init__(self, *args, pending_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = [(pk, pk) for pk in pending_ids]
        self.fields["candidates"].error_messages["required"] = _("Tick at least one candidate.")

    def clean_visibility(self):
        # New cases are confidential unless the curator chose otherwise (as on a candidate's page).
        return self.cleaned_data.get("visibility") or Visibility.CONFIDENTIAL
