"""What a victim (or whoever reported for them) agreed to: data that travels with the victim.

A consent record is made when an intake submission becomes a case (source "intake"), or typed
by a curator who recorded consent some other way. A victim without a record has "consent not
recorded": the rules in cases/consent.py then ask nothing of it.

The record is never shown outside the back office: no public page, feed, export, API or index
reads this table. It keeps the name of a victim who asked to be anonymised and the details not
to be disclosed, so that the consent check can find them wherever a wider audience reads.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Consent(models.Model):
    class Source(models.TextChoices):
        INTAKE = "intake", _("the intake form (given by the submitter)")
        CURATOR = "curator", _("recorded by a curator")
        REPORT = "report", _("a UN report")
        IMPORT = "import", _("an imported file")

    class Publication(models.TextChoices):
        NOT_RECORDED = "", _("not recorded")
        CONFIDENTIAL = "confidential", _("do not publish: keep confidential")
        ANONYMISED = "anonymised", _("publish anonymised (no name)")
        NAMED = "named", _("publish with the name")

    victim = models.OneToOneField(
        "cases.Victim", on_delete=models.CASCADE, related_name="consent", verbose_name=_("victim")
    )
    source = models.CharField(_("given through"), max_length=8, choices=Source.choices)
    source_reference = models.CharField(
        _("reference of the source"),
        max_length=40,
        blank=True,
        help_text=_("For example the intake submission's reference."),
    )
    share_with_un = models.BooleanField(
        _("may be shared with the UN"), null=True, blank=True, help_text=_("Empty: not recorded.")
    )
    publication = models.CharField(
        _("publication"), max_length=12, choices=Publication.choices, blank=True, default=""
    )
    withheld_name = models.CharField(
        _("name not to publish"),
        max_length=200,
        blank=True,
        help_text=_(
            "The victim's name when they asked to be anonymised. Kept for the team and the UN; never "
            "published, and publishing is refused while it appears in anything the public reads."
        ),
    )
    withheld_details = models.TextField(
        _("details not to disclose"),
        blank=True,
        help_text=_("One per line: places, people or facts that must not appear in anything published."),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        permissions = [
            (
                "override_consent",
                _("Can override a victim's consent (administrators only, with a recorded reason)"),
            )
        ]

    def __str__(self):
        # Shown in the audit log, which staff who cannot see the victim may read: no name here.
        return f"{self._meta.verbose_name} #{self.pk}: {self.get_publication_display()}"

    @property
    def withheld(self) -> list[str]:
        """Every phrase that must not appear where a wider audience reads."""
        details = [line.strip() for line in self.withheld_details.splitlines() if line.strip()]
        return ([self.withheld_name.strip()] if self.withheld_name.strip() else []) + details
