"""What every public form that collects an address shares."""

from django import forms
from django.utils.translation import gettext_lazy as _


class HoneypotForm(forms.Form):
    """A field people never see (hidden by CSS, skipped by keyboard and screen readers) that
    form-filling bots do fill in. A filled-in honeypot gets the normal "check your inbox" page
    and nothing is stored or sent. Render it with `{% include "mailer/_honeypot.html" %}`."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool((self.data.get(self.add_prefix("website")) or "").strip())
