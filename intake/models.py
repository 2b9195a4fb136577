"""What the server keeps of a submission: ciphertext and non-identifying triage metadata.

Everything the submitter wrote or attached is sealed to the intake public key before it reaches
these tables (see intake/services.py); the private key that opens it never sits on the server.
A submission is stamped with the day it arrived, not the time, so its row cannot be matched to
network logs kept elsewhere.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

# Staff read and type these; no vowels or look-alike characters.
_REFERENCE_ALPHABET = "bcdfghjkmnpqrstvwxz23456789"


def new_reference() -> str:
    return "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(10))


class Submission(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        UNDER_REVIEW = "under_review", _("under review")
        SENT_TO_UN = "sent_to_un", _("sent to the UN")
        INCLUDED = "included", _("included in a report")
        NOT_INCLUDED = "not_included", _("not included")

    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_reference, editable=False
    )
    received_on = models.DateField(_("received on"), editable=False)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.NEW)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True, editable=False)
    receipt_hash = models.CharField(_("receipt code hash"), max_length=64, unique=True, editable=False)
    key_fingerprint = models.CharField(
        _("encryption key"),
        max_length=16,
        editable=False,
        help_text=_("Fingerprint of the public key the submission is sealed to."),
    )
    ciphertext = models.BinaryField(_("sealed content"), editable=False)
    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="intake_submission",
        verbose_name=_("case"),
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("intake submission")
        verbose_name_plural = _("intake submissions")
        permissions = [
            ("decrypt_submission", _("Can decrypt intake submissions with the private key")),
            ("prepare_annual_submission", _("Can prepare the annual submission to the Secretary-General")),
        ]

    def __str__(self):
        return self.reference


class Attachment(models.Model):
    """One sealed file: its name, type and content are all inside the ciphertext."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField(_("position"))
    ciphertext = models.BinaryField(_("sealed content"), editable=False)

    class Meta:
        ordering = ["submission", "position"]
        verbose_name = _("sealed attachment")
        verbose_name_plural = _("sealed attachments")
        constraints = [
            models.UniqueConstraint(fields=["submission", "position"], name="attachment_unique_position")
        ]

    def __str__(self):
        return f"{self.submission.reference} #{self.position}"


class PendingAttachment(models.Model):
    """A PDF received but not yet cleaned: rewriting a PDF without its metadata takes time in
    proportion to its pages, so the worker does it, not the request (intake/pending.py). Until
    then the file is kept encrypted with a key derived from SECRET_KEY, which is not in the
    database: a copy of the database alone cannot open it. The worker cleans it, seals it to
    the intake key as an Attachment at the same position, and deletes this row."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="pending_attachments")
    position = models.PositiveSmallIntegerField(_("position"))
    ciphertext = models.BinaryField(_("encrypted content"), editable=False)

    class Meta:
        ordering = ["submission", "position"]
        verbose_name = _("attachment being cleaned")
        verbose_name_plural = _("attachments being cleaned")

    def __str__(self):
        return f"{self.submission.reference} #{self.position}"


class HourlyUsage(models.Model):
    """How much the intake received in one clock hour, for everyone together (intake/budget.py).
    Counts only: no address, no time finer than the hour, nothing about who sent what."""

    hour = models.DateTimeField(_("hour"), unique=True)
    submissions = models.PositiveIntegerField(_("submissions stored"), default=0)
    received_bytes = models.PositiveBigIntegerField(_("bytes received"), default=0)

    class Meta:
        verbose_name = _("intake usage in one hour")
        verbose_name_plural = _("intake usage per hour")

    def __str__(self):
        return f"{self.hour:%Y-%m-%d %H}h"
