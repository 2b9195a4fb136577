import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """One message, rendered when queued and delivered by the background worker.

    Requests never talk to the mail server: they queue a row and a task. The worker claims the
    row with a conditional update (queued → sending), so a retried or duplicated task can never
    send the same message twice.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    to = models.EmailField(_("recipient"))
    reply_to = models.EmailField(_("reply-to"), blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    category = models.CharField(_("category"), max_length=50, db_index=True)
    dedupe_key = models.CharField(
        _("deduplication key"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Queuing again with the same key does nothing."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self):
        return f"{self.category} → {self.to} ({self.status})"


class Suppression(models.Model):
    """An address that must never be written to again (after an erasure, or a complaint).

    Only its keyed hash is kept (`mailer.addresses.email_hash`). `queue_email` refuses to queue,
    and the worker refuses to deliver, any message to or on behalf of a suppressed address, so
    no app can forget the check."""

    email_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=20, default="erasure")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self):
        return f"{self.email_hash[:12]}… ({self.reason})"


class ConsentRecord(models.Model):
    """What someone agreed to when they gave us their address: the exact wording and its
    version, when, on which page, and when they confirmed it from their mailbox.

    Linked to the person by the e-mail hash only; erased with everything else."""

    class Purpose(models.TextChoices):
        PETITION = "petition", _("petition signature")
        ACTION = "action", _("e-mail action")
        MAILING_LIST = "mailing_list", _("mailing list")
        FOLLOW = "follow", _("following cases by e-mail")

    email_hash = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=15, choices=Purpose.choices)
    reference = models.CharField(_("what"), max_length=200, help_text=_("e.g. petition:endreprisals/anexa"))
    text = models.TextField(_("wording agreed to"))
    version = models.CharField(_("version"), max_length=20)
    page = models.CharField(_("page"), max_length=300)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed by e-mail"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        return f"{self.get_purpose_display()} {self.reference} v{self.version}"


def new_token() -> str:
    """A random, unguessable token for links sent by e-mail (256 bits)."""
    return secrets.token_urlsafe(32)


class CollectedAddress(models.Model):
    """Abstract: a row holding an e-mail address someone outside the team gave us (a petition
    signature, a letter, a mailing-list subscription, a follow by e-mail).

    One shape for all of them: the address, its keyed hash (set on save; duplicates, exports
    and erasure find rows by it), one random token for the links sent to the address (the
    confirmation link of `mailer.confirmation`, and the unsubscribe link), and when the
    address's owner confirmed from their mailbox. Each such model is also registered in
    `mailer.personal_data` and `mailer.confirmation`."""

    email = models.EmailField(_("e-mail"))
    email_hash = models.CharField(max_length=64, editable=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from .addresses import email_hash

        self.email_hash = email_hash(self.email)
        super().save(*args, **kwargs)
