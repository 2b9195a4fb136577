"""Campaigns: pages that feature cases, e-mail actions to permanent missions, petitions, a
mailing list and the updates that report progress.

Supporter data (names, e-mail addresses, letters) lives only in `Signature`, `ActionSubmission`,
`Subscription` and `DataRequest`, each with a keyed hash of the normalised address
(`email_hash`) so that duplicates, exports and erasure find every row. None of these models has
a history table: erasing a supporter must leave nothing behind but a `mailer.Suppression` hash.
Consent records and the suppression list live in the mailer, shared with every app that
collects addresses.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mailer.models import CollectedAddress, new_token  # noqa: F401 - new_token: old migrations
from states.models import PermanentMission


class CampaignQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Campaign(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    story = models.TextField(_("story"), help_text=_("Paragraphs separated by a blank line."))
    asks = models.TextField(_("what we want"), blank=True, help_text=_("One ask per line."))
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    cases = models.ManyToManyField(
        "cases.Case",
        through="FeaturedCase",
        blank=True,
        related_name="campaigns",
        verbose_name=_("featured cases"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = [models.F("starts_on").desc(nulls_last=True), "title"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        permissions = [
            ("view_supporter_data", _("Can see supporters' names and e-mail addresses, and export them")),
            ("send_mailing", _("Can send a mailing to the mailing list")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:detail", args=[self.slug])

    @property
    def ask_list(self) -> list[str]:
        return [line.strip() for line in self.asks.splitlines() if line.strip()]

    @property
    def story_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.story.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def is_running(self) -> bool:
        today = timezone.localdate()
        return (self.starts_on is None or self.starts_on <= today) and (
            self.ends_on is None or today <= self.ends_on
        )


class FeaturedCase(models.Model):
    """A case a campaign features. Shown only to people who may see the case (the gate)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="featured")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="campaign_features")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    blurb = models.TextField(_("why we feature it"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("featured case")
        verbose_name_plural = _("featured cases")
        constraints = [models.UniqueConstraint(fields=["campaign", "case"], name="featured_case_once")]

    def __str__(self):
        return f"{self.campaign} — {self.case_id}"


class CampaignUpdate(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="updates")
    slug = models.SlugField(_("address"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    body = models.TextField(_("text"), blank=True)
    is_milestone = models.BooleanField(_("“we did it!” milestone"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, help_text=_("Empty: draft."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = [models.F("published_at").desc(nulls_first=True), "-pk"]
        verbose_name = _("campaign update")
        verbose_name_plural = _("campaign updates")
        constraints = [models.UniqueConstraint(fields=["campaign", "slug"], name="update_slug_per_campaign")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:update", args=[self.campaign.slug, self.slug])

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]


# --- E-mail actions to permanent missions ------------------------------------------------------


class EmailAction(models.Model):
    """Supporters write to States' permanent missions about the campaign's cases.

    The letter has three parts: the supporter's text (drawn from `letter_body`, editable), one
    paragraph per case — `thanks_paragraph` for a State that already raised the case, otherwise
    `ask_paragraph` — and a signature. Placeholders: {state} in the subject and every part;
    {case}, {country} and {case_url} in the case paragraphs.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="email_actions")
    slug = models.SlugField(_("address"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    city = models.CharField(
        _("missions in"),
        max_length=10,
        choices=PermanentMission.City.choices,
        default=PermanentMission.City.NEW_YORK,
    )
    resolution = models.ForeignKey(
        "states.Resolution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Its co-sponsors are the default targets; empty: co-sponsors of any resolution on reprisals."
        ),
    )
    cases = models.ManyToManyField(
        "cases.Case", blank=True, related_name="email_actions", verbose_name=_("cases in the letter")
    )
    subject = models.CharField(_("subject"), max_length=200)
    letter_body = models.TextField(_("letter (supporters may edit it)"))
    ask_paragraph = models.TextField(_("case paragraph for a State that has not raised the case"))
    thanks_paragraph = models.TextField(_("case paragraph for a State that has raised the case"))
    consent_text = models.TextField(_("consent wording"))
    consent_version = models.CharField(_("consent version"), max_length=20, default="1")
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["campaign", "pk"]
        verbose_name = _("e-mail action")
        verbose_name_plural = _("e-mail actions")
        constraints = [models.UniqueConstraint(fields=["campaign", "slug"], name="action_slug_per_campaign")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:action", args=[self.campaign.slug, self.slug])


class ActionSubmission(CollectedAddress):
    """One supporter's letter for one action. One per e-mail address and action."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for e-mail confirmation")
        CONFIRMED = "confirmed", _("confirmed: messages queued")

    action = models.ForeignKey(EmailAction, on_delete=models.CASCADE, related_name="submissions")
    name = models.CharField(_("name"), max_length=120)
    country = models.ForeignKey(
        "cases.Country", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("country")
    )
    letter_body = models.TextField(_("letter"))
    personalised = models.BooleanField(_("personalised"), default=False)
    targets = models.ManyToManyField("cases.Country", related_name="+", verbose_name=_("States written to"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("letter from a supporter")
        verbose_name_plural = _("letters from supporters")
        constraints = [
            models.UniqueConstraint(fields=["action", "email_hash"], name="submission_one_per_email"),
        ]
        indexes = [models.Index(fields=["email_hash"], name="submission_email_idx")]

    def __str__(self):
        return f"{self.action} — {self.get_status_display()}"


class MissionMessage(models.Model):
    """One letter to one mission. Kept, without the supporter, after an erasure (for counts)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")
        NO_ADDRESS = "no_address", _("skipped: no known address")
        PAUSED = "paused", _("held: address paused after bounces")

    class Variant(models.TextChoices):
        ASK = "ask", _("ask")
        THANKS = "thanks", _("thank-you")
        MIXED = "mixed", _("thank-you and ask")

    action = models.ForeignKey(EmailAction, on_delete=models.CASCADE, related_name="messages")
    submission = models.ForeignKey(
        ActionSubmission, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    country = models.ForeignKey(
        "cases.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("State")
    )
    mission = models.ForeignKey(
        "states.PermanentMission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaign_messages",
    )
    address = models.EmailField(_("mission address"), blank=True)
    variant = models.CharField(
        _("letter variant"), max_length=6, choices=Variant.choices, default=Variant.ASK
    )
    state = models.CharField(_("delivery"), max_length=10, choices=State.choices, default=State.QUEUED)
    outbound = models.ForeignKey(
        "mailer.OutboundEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    bounce_counted = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "country__name"]
        verbose_name = _("message to a mission")
        verbose_name_plural = _("messages to missions")
        constraints = [
            models.UniqueConstraint(fields=["submission", "country"], name="mission_message_once_per_state"),
        ]
        indexes = [models.Index(fields=["action", "state"], name="mission_message_state_idx")]

    def __str__(self):
        return f"{self.country} ({self.get_state_display()})"


class MissionSchedule(models.Model):
    """The next free delivery slot of one mission; the throttle's only shared state."""

    mission = models.OneToOneField("states.PermanentMission", on_delete=models.CASCADE, related_name="+")
    next_slot = models.DateTimeField()

    class Meta:
        verbose_name = _("mission delivery schedule")
        verbose_name_plural = _("mission delivery schedules")

    def __str__(self):
        return f"{self.mission_id}: {self.next_slot:%Y-%m-%d %H:%M}"


class MissionAddress(models.Model):
    """Delivery health of one mission address: bounces counted, paused after too many."""

    address = models.EmailField(_("address"), unique=True)
    bounce_count = models.PositiveIntegerField(_("bounces"), default=0)
    last_bounce_at = models.DateTimeField(_("last bounce"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)

    class Meta:
        ordering = ["address"]
        verbose_name = _("mission address health")
        verbose_name_plural = _("mission address health")

    def __str__(self):
        return self.address

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class MissionReply(models.Model):
    """A mission answered: logged by staff or reported by a supporter (then checked by staff)."""

    class Source(models.TextChoices):
        STAFF = "staff", _("logged by staff")
        SUPPORTER = "supporter", _("reported by a supporter")

    action = models.ForeignKey(EmailAction, on_delete=models.CASCADE, related_name="replies")
    country = models.ForeignKey(
        "cases.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("State")
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    summary = models.TextField(_("what the mission said"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.STAFF)
    submission = models.ForeignKey(
        ActionSubmission, on_delete=models.SET_NULL, null=True, blank=True, related_name="reported_replies"
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified = models.BooleanField(
        _("checked by staff"), default=False, help_text=_("Only checked replies count on the campaign page.")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reply from a mission")
        verbose_name_plural = _("replies from missions")

    def __str__(self):
        return f"{self.country} — {self.action}"

    def save(self, *args, **kwargs):
        if self.source == self.Source.STAFF:
            self.verified = True
        super().save(*args, **kwargs)


# --- Petitions --------------------------------------------------------------------------------


class Petition(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="petitions")
    slug = models.SlugField(_("address"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    addressee = models.CharField(_("addressed to"), max_length=200)
    text = models.TextField(_("petition text"))
    goal = models.PositiveIntegerField(_("goal"), null=True, blank=True)
    consent_text = models.TextField(_("consent wording"))
    consent_version = models.CharField(_("consent version"), max_length=20, default="1")
    is_open = models.BooleanField(_("open for signatures"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["campaign", "pk"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "slug"], name="petition_slug_per_campaign")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:petition", args=[self.campaign.slug, self.slug])


class Signature(CollectedAddress):
    """One signature per normalised e-mail address and petition, enforced by the database.

    The live count is a COUNT over the (petition, status) index: every signer inserts their own
    row and nobody updates a shared counter.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for e-mail confirmation")
        CONFIRMED = "confirmed", _("confirmed")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    name = models.CharField(_("name"), max_length=120)
    country = models.ForeignKey(
        "cases.Country", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("country")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("signed"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["petition", "email_hash"], name="signature_one_per_email"),
        ]
        indexes = [
            models.Index(fields=["petition", "status"], name="signature_count_idx"),
            models.Index(fields=["email_hash"], name="signature_email_idx"),
        ]

    def __str__(self):
        return f"{self.petition} — {self.get_status_display()}"


# --- Mailing list -----------------------------------------------------------------------------


class MailingList(models.Model):
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    consent_text = models.TextField(_("consent wording"))
    consent_version = models.CharField(_("consent version"), max_length=20, default="1")

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")

    def __str__(self):
        return self.name


class Subscription(CollectedAddress):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for e-mail confirmation")
        CONFIRMED = "confirmed", _("subscribed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="subscriptions")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["mailing_list", "email_hash"], name="subscription_one_per_email"),
        ]
        indexes = [
            models.Index(fields=["mailing_list", "status"], name="subscription_status_idx"),
            models.Index(fields=["email_hash"], name="subscription_email_idx"),
        ]

    def __str__(self):
        return f"{self.mailing_list} — {self.get_status_display()}"


class Mailing(models.Model):
    """A message staff send to every confirmed subscriber, through the worker, after a dry run."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENDING = "sending", _("sending")
        SENT = "sent", _("queued for everyone")

    mailing_list = models.ForeignKey(MailingList, on_delete=models.PROTECT, related_name="mailings")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text; paragraphs separated by a blank line."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    dry_run_count = models.PositiveIntegerField(
        _("recipients at the dry run"), null=True, blank=True, editable=False
    )
    dry_run_at = models.DateTimeField(_("dry run"), null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("all queued"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("campaigns:staff-mailing", args=[self.pk])


class MailingDelivery(models.Model):
    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    outbound = models.ForeignKey(
        "mailer.OutboundEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("delivery"), max_length=10, default="queued")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("mailing delivery")
        verbose_name_plural = _("mailing deliveries")
        constraints = [
            models.UniqueConstraint(fields=["mailing", "subscription"], name="mailing_delivery_once"),
        ]

    def __str__(self):
        return f"{self.mailing_id} → {self.subscription_id} ({self.state})"


# --- Data requests, rate limits ----------------------------------------


class DataRequest(models.Model):
    """A supporter's request to erase their data, waiting for the confirmation link."""

    class Kind(models.TextChoices):
        ERASURE = "erasure", _("erasure")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ERASURE)
    email = models.EmailField()
    email_hash = models.CharField(max_length=64, db_index=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"


class RateLimitHit(models.Model):
    """Submissions per network address, form and time window. The address is kept only as a
    keyed hash whose key changes every day; rows are deleted once their window is over."""

    key_hash = models.CharField(max_length=64)
    scope = models.CharField(max_length=20)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key_hash", "scope", "window_start"], name="rate_limit_window_once"
            ),
        ]

    def __str__(self):
        return f"{self.scope} {self.window_start:%H:%M} ×{self.count}"
