from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Country, Mechanism, ReprisalType, Victim, VictimRole
from cases.visibility import Visibility

from .services.jobs import max_bytes


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Report file"),
        help_text=_(
            "PDF, Word (.docx), HTML or plain text, as published in the UN Official Document System."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.html,.htm,.txt"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is %(limit).0f MB.")
                % {"size": upload.size / 1048576, "limit": limit / 1048576}
            )
        return upload


class CandidateForm(forms.Form):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mechanisms"].choices = [(m.slug, m.label) for m in Mechanism.objects.all()]
        self.fields["reprisal_types"].choices = [(t.slug, t.label) for t in ReprisalType.objects.all()]


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
