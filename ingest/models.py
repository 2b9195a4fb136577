"""Ingestion of the Secretary-General's reports: the uploaded file's job, the candidate cases read
from it, where each value was read (provenance) and the proposed links to earlier cases.

Nothing here is public. A candidate becomes a case (unpublished, confidential unless the curator
chooses otherwise) or a mention of an existing case only through ingest.services.review.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IngestJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("reading")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        DUPLICATE = "duplicate", _("already ingested")
        CHECK = "check", _("waiting for the curator")

    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8)
    size = models.PositiveIntegerField(_("size in bytes"))
    checksum = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    source = models.BinaryField(_("file"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    error = models.TextField(_("what went wrong"), blank=True)
    error_code = models.CharField(max_length=30, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    report = models.ForeignKey(
        "cases.Report", on_delete=models.SET_NULL, null=True, blank=True, related_name="ingest_jobs"
    )
    page_count = models.PositiveIntegerField(default=0)
    paragraph_count = models.PositiveIntegerField(default=0)
    candidate_count = models.PositiveIntegerField(default=0)
    link_count = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    cover = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            "The cover as read (symbol, session, year, date, period) and what the curator must check."
        ),
    )
    confirmed_symbol = models.CharField(
        _("symbol confirmed by the curator"),
        max_length=40,
        blank=True,
        help_text=_("Set when the curator confirms or corrects the cover; the job then goes ahead."),
    )
    footnotes = models.JSONField(default=dict, blank=True, help_text=_("The report's footnotes, by number."))
    paragraph_footnotes = models.JSONField(
        default=dict, blank=True, help_text=_('Footnotes each paragraph cites, e.g. {"annex_1:3": [12]}.')
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report ingestion")
        verbose_name_plural = _("report ingestions")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class CandidateCase(models.Model):
    class Kind(models.TextChoices):
        FIRST = "first", _("new case")
        FOLLOW_UP = "follow_up", _("follow-up")

    class Status(models.TextChoices):
        PENDING = "pending", _("to review")
        ACCEPTED = "accepted", _("accepted as a new case")
        MERGED = "merged", _("added to an existing case")
        REJECTED = "rejected", _("rejected")

    job = models.ForeignKey(IngestJob, on_delete=models.CASCADE, related_name="candidates")
    report = models.ForeignKey("cases.Report", on_delete=models.CASCADE, related_name="ingest_candidates")
    position = models.PositiveIntegerField(default=0)
    section = models.CharField(_("section"), max_length=10)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FIRST)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    paragraphs = models.ManyToManyField("cases.Paragraph", related_name="ingest_candidates")
    country = models.ForeignKey(
        "cases.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="ingest_candidates"
    )
    country_heading = models.CharField(_("country heading"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    victims = models.JSONField(_("victims"), default=list, blank=True)
    mechanisms = models.JSONField(_("mechanisms"), default=list, blank=True)
    reprisal_types = models.JSONField(_("reprisal types"), default=list, blank=True)
    incident_date = models.DateField(_("first incident"), null=True, blank=True)
    incident_date_precision = models.CharField(max_length=5, default="day")
    perpetrator_kind = models.CharField(_("perpetrator"), max_length=10, default="unknown")
    citations = models.JSONField(_("earlier reports cited"), default=list, blank=True)
    communications = models.JSONField(_("communications cited"), default=list, blank=True)
    confidence = models.FloatField(_("confidence"), default=0.5)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="ingest_candidates"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["job", "position"]
        verbose_name = _("candidate case")
        verbose_name_plural = _("candidate cases")
        indexes = [models.Index(fields=["status", "country"], name="ingest_candidate_status_idx")]

    def __str__(self):
        return self.title

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class ExtractedSpan(models.Model):
    """Where one extracted value was read: a character span of a stored paragraph, or of one of the
    footnotes that paragraph cites (`footnote` is then its number; the text is in the job)."""

    class Field(models.TextChoices):
        COUNTRY = "country", _("country")
        VICTIM = "victim", _("victim")
        MECHANISM = "mechanism", _("mechanism")
        REPRISAL_TYPE = "reprisal_type", _("reprisal type")
        DATE = "date", _("date")
        PERPETRATOR = "perpetrator", _("perpetrator")
        CITATION = "citation", _("earlier report")
        COMMUNICATION = "communication", _("communication")

    candidate = models.ForeignKey(CandidateCase, on_delete=models.CASCADE, related_name="spans")
    field = models.CharField(max_length=20, choices=Field.choices)
    value = models.CharField(max_length=300)
    paragraph = models.ForeignKey("cases.Paragraph", on_delete=models.CASCADE, related_name="ingest_spans")
    footnote = models.PositiveIntegerField(null=True, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["paragraph", "start"]

    def __str__(self):
        return f"{self.field}={self.value} @{self.paragraph_id}[{self.start}:{self.end}]"


class CandidateLink(models.Model):
    """A proposal that a candidate follows up an existing case (or an earlier candidate)."""

    class Method(models.TextChoices):
        CITATION = "citation", _("cited paragraph")
        COMMUNICATION = "communication", _("same communication")
        NAME = "name", _("similar victim name")
        MANUAL = "manual", _("chosen by a curator")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    candidate = models.ForeignKey(CandidateCase, on_delete=models.CASCADE, related_name="links")
    target_case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="ingest_links"
    )
    target_candidate = models.ForeignKey(
        CandidateCase, on_delete=models.CASCADE, null=True, blank=True, related_name="incoming_links"
    )
    method = models.CharField(max_length=15, choices=Method.choices)
    confidence = models.FloatField()
    evidence = models.CharField(max_length=300, blank=True)
    paragraph = models.ForeignKey(
        "cases.Paragraph", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    footnote = models.PositiveIntegerField(null=True, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)

    class Meta:
        ordering = ["-confidence"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_case__isnull=False) | models.Q(target_candidate__isnull=False),
                name="ingest_link_has_target",
            )
        ]

    def __str__(self):
        # Without the target case's title: this text appears on generic admin pages (inline rows,
        # deletion summaries, the change log), where the target may be hidden from the reader.
        return f"{self.candidate} ({self.get_method_display()}, {self.confidence:.2f})"
