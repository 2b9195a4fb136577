"""Public and staff forms. Each collects the minimum: a name and a country where the action
needs them (a petition is delivered with names and countries; a letter is signed), an e-mail
address for the double opt-in, and nothing else."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Country
from interface.countries import country_name
from mailer.forms import HoneypotForm

from .letters import normalise_text
from .models import MissionReply

MAX_LETTER = 6000


class CountryField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Country.objects.order_by("name"),
            empty_label=_("Choose your country…"),
            to_field_name="iso2",
            **kwargs,
        )

    def label_from_instance(self, obj):
        return country_name(obj.iso2, obj.name)  # in the reader's language (interface/countries.py)


class SupporterFields(HoneypotForm):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send a confirmation link to this address. Nothing happens until you click it."),
    )
    country = CountryField(label=_("Your country"))

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please give your name."))
        if any(ch in name for ch in "<>@") or "://" in name:
            raise forms.ValidationError(_("A name cannot contain “<”, “>”, “@” or a web address."))
        return name


class PetitionForm(SupporterFields):
    consent = forms.BooleanField(required=True, label_suffix="")

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.petition = petition
        self.fields["consent"].label = petition.consent_text
        self.fields["consent"].error_messages["required"] = _(
            "Please tick the box to agree; we cannot count your signature otherwise."
        )


class ActionForm(SupporterFields):
    """The e-mail action: filters for the target list, the States ticked, the letter, the
    supporter. The filter buttons re-display the form with everything typed kept."""

    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Country.Region.choices]
    )
    council_only = forms.BooleanField(
        label=_("Only current members of the Human Rights Council"), required=False, label_suffix=""
    )
    cosponsors_only = forms.BooleanField(
        label=_("Only co-sponsors of the resolution on reprisals"), required=False, label_suffix=""
    )
    targets = forms.ModelMultipleChoiceField(
        label=_("States to write to"),
        queryset=Country.objects.none(),
        to_field_name="iso2",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one State to write to.")},
    )
    letter_body = forms.CharField(
        label=_("Your letter"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=MAX_LETTER,
        help_text=_(
            "Write in your own words: personal letters carry more weight. {state} is replaced by each "
            "State's name; a paragraph about each case, thanking the State if it has already raised the "
            "case and asking it to do so otherwise, follows your text."
        ),
    )
    consent = forms.BooleanField(required=True, label_suffix="")

    def __init__(self, *args, action, target_states, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["targets"].queryset = Country.objects.filter(pk__in=[s.pk for s in target_states])
        self.fields["consent"].label = action.consent_text
        self.fields["consent"].error_messages["required"] = _(
            "Please tick the box to agree; we cannot send your letter otherwise."
        )

    def clean_letter_body(self):
        body = self.cleaned_data["letter_body"].strip()
        if len(normalise_text(body)) < 20:
            raise forms.ValidationError(_("Your letter is too short: write at least a sentence."))
        return body


class SubscribeForm(HoneypotForm):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    consent = forms.BooleanField(required=True, label_suffix="")

    def __init__(self, *args, mailing_list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = mailing_list.consent_text
        self.fields["consent"].error_messages["required"] = _(
            "Please tick the box to agree to receive our e-mails."
        )


class DataRequestForm(HoneypotForm):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    request = forms.ChoiceField(
        choices=[("export", _("Send me my data")), ("erase", _("Erase my data"))],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose what you would like us to do."),
            "invalid_choice": _("Choose what you would like us to do."),
        },
    )


class ReplyReportForm(forms.Form):
    country = forms.ModelChoiceField(
        label=_("Which State's mission replied?"), queryset=Country.objects.none()
    )
    received_on = forms.DateField(
        label=_("When (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Format: YYYY-MM-DD."),
    )
    summary = forms.CharField(
        label=_("What did they say? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "A short summary is enough. Please leave out personal details of the diplomat who wrote."
        ),
    )

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = submission.targets.order_by("name")
        self.fields["country"].label_from_instance = lambda c: c.name


class StaffReplyForm(forms.ModelForm):
    class Meta:
        model = MissionReply
        fields = ["action", "country", "received_on", "summary"]


class MastodonShareForm(forms.Form):
    instance = forms.RegexField(
        label=_("Your Mastodon server"),
        max_length=253,
        regex=r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
        error_messages={"invalid": _("Type your server's name only, e.g. mastodon.social.")},
        help_text=_("e.g. mastodon.social"),
    )

    def clean_instance(self):
        value = self.cleaned_data["instance"].strip().lower()
        return value.removeprefix("https://").removeprefix("http://").strip("/")

    def full_clean(self):
        if self.is_bound and "instance" in self.data:
            data = self.data.copy()
            raw = (data.get("instance") or "").strip().lower()
            data["instance"] = raw.removeprefix("https://").removeprefix("http://").strip("/").lstrip("@")
            if "@" in data["instance"]:
                data["instance"] = data["instance"].rsplit("@", 1)[-1]
            self.data = data
        super().full_clean()
