import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from cases import consent
from cases.models import Case, Consent, Country, Mechanism, Victim
from endreprisals.edit_versions import VersionedFormMixin, lock_row, record_state
from interface.countries import country_name, sort_key

from . import annual, uploads
from .models import Submission

EARLIEST_YEAR = 1945


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def country_choices():
    # Names in the reader's language (interface/countries.py), in that language's order.
    countries = [
        (c.iso2, country_name(c.iso2, c.name)) for c in Country.objects.order_by("name").only("iso2", "name")
    ]
    if get_language() != settings.LANGUAGE_CODE:
        countries.sort(key=lambda choice: sort_key(choice[1]))
    return [("", _("Choose a country or territory"))] + countries


def mechanism_choices():
    groups: dict[str, list] = {}
    for mechanism in Mechanism.objects.order_by("sort_order", "name"):
        label = mechanism.label + (f" ({mechanism.abbreviation})" if mechanism.abbreviation else "")
        groups.setdefault(mechanism.get_group_display(), []).append((mechanism.slug, label))
    return [("", _("I don't know, or none of these"))] + list(groups.items())


class SubmissionForm(forms.Form):
    """The public intake form. Its cleaned data is sealed as it is; nothing here is stored."""

    what_happened = forms.CharField(
        label=_("What happened?"),
        help_text=_(
            "Describe the act of intimidation or reprisal, and how it is linked to cooperation with "
            "the United Nations. Write in any language."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20_000,
    )
    incident_year = forms.IntegerField(
        label=_("Year"), min_value=EARLIEST_YEAR, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    incident_month = forms.TypedChoiceField(
        label=_("Month (if known)"),
        choices=[("", _("not known"))] + [(str(k), v) for k, v in MONTHS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    incident_day = forms.IntegerField(
        label=_("Day (if known)"),
        min_value=1,
        max_value=31,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    country = forms.ChoiceField(label=_("In which country or territory?"), choices=country_choices)
    location = forms.CharField(
        label=_("Where, more precisely (optional)"),
        help_text=_("A town, a region, a place of detention…"),
        max_length=300,
        required=False,
    )
    mechanism = forms.ChoiceField(
        label=_("Which UN body had the person or group engaged with?"),
        choices=mechanism_choices,
        required=False,
    )
    perpetrator = forms.ChoiceField(
        label=_("Who did it?"),
        choices=[
            (Case.Perpetrator.STATE, _("State actors (police, army, officials…)")),
            (Case.Perpetrator.NON_STATE, _("Non-State actors (companies, armed groups, individuals…)")),
            (Case.Perpetrator.BOTH, _("Both State and non-State actors")),
            (Case.Perpetrator.UNKNOWN, _("I don't know, or prefer not to say")),
        ],
        widget=forms.RadioSelect,
        initial=Case.Perpetrator.UNKNOWN,
    )
    perpetrator_details = forms.CharField(
        label=_("More about who did it (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    victim_kind = forms.ChoiceField(
        label=_("Who was targeted?"),
        choices=Victim.Kind.choices,
        widget=forms.RadioSelect,
        initial=Victim.Kind.PERSON,
    )
    victim_name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)
    victim_description = forms.CharField(
        label=_("Description (optional)"),
        help_text=_("For example “a woman human rights defender” or “a lawyers' association”."),
        max_length=300,
        required=False,
    )
    share_with_un = forms.TypedChoiceField(
        label=_("May we share this information with the United Nations?"),
        choices=[("yes", _("Yes, you may share it with the UN")), ("no", _("No, do not share it"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    publication = forms.ChoiceField(
        label=_("May we publish it?"),
        choices=[
            (Consent.Publication.CONFIDENTIAL, _("No: keep it confidential")),
            (Consent.Publication.ANONYMISED, _("Yes, anonymised (no names)")),
            (Consent.Publication.NAMED, _("Yes, with names")),
        ],
        widget=forms.RadioSelect,
        initial=Consent.Publication.CONFIDENTIAL,
    )
    withhold = forms.MultipleChoiceField(
        label=_("Which of these must never be made public? (optional)"),
        help_text=_("We keep them for our work and, if you agree, for the UN, but never publish them."),
        choices=[
            ("location", _("The place you gave above")),
            ("perpetrator_details", _("What you wrote about who did it")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    do_not_disclose = forms.CharField(
        label=_("Anything else we must never make public (optional)"),
        help_text=_("Names, places or other details, one per line."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact = forms.CharField(
        label=_("How can we contact you safely? (optional)"),
        help_text=_(
            "Only if you want us to contact you: for example a Signal number or a secure e-mail "
            "address. Leave it empty to stay anonymous."
        ),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attachments = MultipleFileField(label=_("Documents or pictures (optional)"), required=False)

    def __init__(self, *args, upload_errors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_errors = list(upload_errors or [])
        self.fields["attachments"].help_text = _(
            "PDF, JPEG, PNG or plain text; at most %(count)d files, %(size)s each and %(total)s in all. "
            "We remove hidden information (such as the location where a photo was taken) before "
            "storing them."
        ) % {
            "count": settings.INTAKE_MAX_FILES,
            "size": filesizeformat(settings.INTAKE_MAX_FILE_BYTES),
            "total": filesizeformat(settings.INTAKE_MAX_TOTAL_BYTES),
        }
        self.fields["incident_year"].max_value = timezone.now().year
        self.fields["incident_year"].widget.attrs["max"] = timezone.now().year

    def clean_attachments(self):
        errors = list(self.upload_errors)
        cleaned = []
        for upload in self.cleaned_data.get("attachments") or []:
            try:
                cleaned.append(uploads.clean_upload(upload.name, upload.read()))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned

    def clean(self):
        data = super().clean()
        year, month, day = (data.get(k) for k in ("incident_year", "incident_month", "incident_day"))
        if day and not month:
            self.add_error("incident_month", _("Give the month too, or leave the day empty."))
        elif year and month:
            try:
                date = datetime.date(year, month, day or 1)
            except ValueError:
                self.add_error("incident_day", _("This day does not exist in that month."))
            else:
                if date > timezone.now().date():
                    self.add_error("incident_year", _("The date is in the future."))
        return data

    def payload(self, language: str) -> dict:
        """The fields to seal, without the attachments."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "attachments"}
        data["language"] = language
        return data


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


# --- Staff -------------------------------------------------------------------------------------


class PrivateKeyForm(forms.Form):
    private_key = forms.CharField(
        label=_("Private key"),
        help_text=_(
            "Paste the private key (or the INTAKE_PRIVATE_KEY=… line). It is used once and not kept."
        ),
        strip=True,
        widget=forms.PasswordInput(
            render_value=False, attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}
        ),
    )


class TriageForm(VersionedFormMixin, forms.Form):
    """Carries the version of the submission it was rendered from: a move decided on a stale
    page (someone else triaged it meanwhile) is refused with their change shown."""

    status = forms.ChoiceField(label=_("Move to"))

    def __init__(self, *args, submission: Submission, **kwargs):
        from .services import allowed_transitions

        self.submission = submission
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, Submission.Status(value).label) for value in allowed_transitions(submission)
        ]

    def read_edit_state(self, lock):
        saved = lock_row(Submission, self.submission.pk) if lock else self.submission
        return {} if saved is None else record_state(saved, ["status", "case"])

    def submitted_display(self, key):
        return None  # the form moves the status; it does not type a value over theirs


class PastedCaseForm(forms.Form):
    pasted = forms.CharField(
        label=_("Decrypted submission"),
        help_text=_("Paste what “manage.py intake decrypt” printed for this submission."),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        max_length=200_000,
    )


class AnnualFilterForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("name"), required=False, to_field_name="iso2"
    )
    date_from = forms.DateField(
        label=_("Incidents from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class _FirstCases(forms.models.ModelChoiceIterator):
    """The choices a page lists (`annual.listed`). Validation still accepts any case of the
    whole queryset (the visibility gate and the filter)."""

    def __init__(self, field):
        super().__init__(field)
        self.queryset = annual.listed(self.queryset)


class _CaseChoices(forms.ModelMultipleChoiceField):
    iterator = _FirstCases


class AnnualSelectionForm(forms.Form):
    FORMATS = [("docx", _("Word document (DOCX)")), ("csv", _("Spreadsheet (CSV)"))]

    title = forms.CharField(label=_("Title"), max_length=300)
    cases = _CaseChoices(
        label=_("Cases"),
        queryset=Case.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one case.")},
    )
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, widget=forms.RadioSelect, initial="docx")
    consent_override_reason = consent.override_reason_field()

    def __init__(self, *args, cases, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not consent.can_override(user):
            del self.fields["consent_override_reason"]
        self.fields["cases"].queryset = annual.with_consent(cases)
        self.fields["cases"].label_from_instance = lambda case: (
            f"{case.country.display_name} · {case.title}"
            + (f" · {_('confidential')}" if case.visibility == "confidential" else "")
            + f" · {annual.consent_label(case)}"
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cases") is not None:
            try:
                consent.enforce(
                    cleaned["cases"],
                    consent.Step.ANNUAL,
                    user=self.user,
                    override_reason=cleaned.get("consent_override_reason", ""),
                    via="annual submission",
                )
            except consent.ConsentRefused as refused:
                raise ValidationError(str(refused)) from None
        return cleaned

    def clean_cases(self):
        cases = self.cleaned_data["cases"]
        if cases.count() > annual.MAX_CASES:
            raise ValidationError(
                ngettext(
                    "A submission can hold at most %(limit)d case.",
                    "A submission can hold at most %(limit)d cases.",
                    annual.MAX_CASES,
                )
                % {"limit": annual.MAX_CASES}
            )
        return cases
