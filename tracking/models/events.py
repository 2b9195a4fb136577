"""What happened to a case after (and before) the reports: dated events with their sources.

Report mentions are not stored here: they are `cases.Mention` rows, turned into timeline entries
when a timeline is built (tracking.services.timeline). Curators type everything else.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Case
from cases.visibility import RelatedToCaseQuerySet


class TimelineEvent(models.Model):
    class Kind(models.TextChoices):
        INCIDENT = "incident", _("incident")
        COMMUNICATION = "communication", _("communication by a UN mechanism")
        STATE_REPLY = "state_reply", _("reply by the State")
        RAISED = "raised", _("raised by a State at a UN session")
        OUTCOME = "outcome", _("outcome")

    class Response(models.TextChoices):
        DENIED = "denied", _("denied")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        INVESTIGATING = "investigating", _("investigating")
        NO_REPLY = "no_reply", _("no reply")

    class Outcome(models.TextChoices):
        RELEASED = "released", _("released")
        CHARGES_DROPPED = "charges_dropped", _("charges dropped")
        TRAVEL_BAN_LIFTED = "travel_ban_lifted", _("travel ban lifted")
        SENTENCED = "sentenced", _("sentenced")
        KILLED = "killed", _("killed")
        OTHER = "other", _("other")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="timeline_events")
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("precision of the date"),
        max_length=5,
        choices=Case.DatePrecision.choices,
        default=Case.DatePrecision.DAY,
        help_text=_("How much of the date is known: for a month or a year, enter its first day."),
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    response = models.CharField(
        _("State's response"),
        max_length=14,
        choices=Response.choices,
        blank=True,
        help_text=_("For a reply by the State (or the lack of one)."),
    )
    outcome = models.CharField(
        _("outcome"), max_length=18, choices=Outcome.choices, blank=True, help_text=_("For an outcome.")
    )
    mechanism = models.ForeignKey(
        "cases.Mechanism",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("UN mechanism"),
        help_text=_("For a communication: the mechanism that sent it."),
    )
    state = models.ForeignKey(
        "cases.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("State"),
        help_text=_("For a case raised at a UN session: the State that raised it."),
    )
    note = models.TextField(_("note"), blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source_citation = models.CharField(
        _("source as cited"), max_length=300, blank=True, help_text=_("e.g. a UN symbol and paragraph.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = RelatedToCaseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["case", "date", "pk"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [models.Index(fields=["case", "date"], name="tracking_event_case_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="state_reply") | Q(response=""), name="event_response_only_for_replies"
            ),
            models.CheckConstraint(
                condition=Q(kind="state_reply", response__gt="") | ~Q(kind="state_reply"),
                name="event_reply_has_response",
            ),
            models.CheckConstraint(
                condition=Q(kind="outcome", outcome__gt="") | (~Q(kind="outcome") & Q(outcome="")),
                name="event_outcome_only_for_outcomes",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    def clean(self):
        errors = {}
        if self.kind == self.Kind.STATE_REPLY and not self.response:
            errors["response"] = _("Code the State's response.")
        if self.kind != self.Kind.STATE_REPLY and self.response:
            errors["response"] = _("Only a reply by the State has a response.")
        if self.kind == self.Kind.OUTCOME and not self.outcome:
            errors["outcome"] = _("Choose the outcome.")
        if self.kind != self.Kind.OUTCOME and self.outcome:
            errors["outcome"] = _("Only an outcome event has an outcome.")
        if self.mechanism_id and self.kind != self.Kind.COMMUNICATION:
            errors["mechanism"] = _("Only a communication names the mechanism that sent it.")
        if self.state_id and self.kind != self.Kind.RAISED:
            errors["state"] = _("Only a case raised at a session names the State that raised it.")
        if errors:
            raise ValidationError(errors)
