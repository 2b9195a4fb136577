import secrets

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..visibility import CaseQuerySet, RelatedToCaseQuerySet, Visibility

# No vowels or look-alike characters: ids are read aloud and typed, and never spell words.
_PUBLIC_ID_ALPHABET = "bcdfghjkmnpqrstvwxz23456789"


def new_public_id() -> str:
    """A random, non-sequential identifier (27^10 ≈ 2×10^14 values), stable for the case's life."""
    return "".join(secrets.choice(_PUBLIC_ID_ALPHABET) for _ in range(10))


class Case(models.Model):
    class Status(models.TextChoices):
        ONGOING = "ongoing", _("ongoing")
        RESOLVED = "resolved", _("resolved")
        UNKNOWN = "unknown", _("unknown")

    class Perpetrator(models.TextChoices):
        STATE = "state", _("State actors")
        NON_STATE = "non_state", _("Non-State actors")
        BOTH = "both", _("State and non-State actors")
        UNKNOWN = "unknown", _("not stated")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")

    public_id = models.CharField(
        _("public id"), max_length=12, unique=True, default=new_public_id, editable=False
    )
    title = models.CharField(_("title"), max_length=300)
    country = models.ForeignKey("cases.Country", on_delete=models.PROTECT, related_name="cases")
    summary = models.TextField(_("summary"), blank=True)
    perpetrator_kind = models.CharField(
        _("perpetrator"), max_length=10, choices=Perpetrator.choices, default=Perpetrator.UNKNOWN
    )
    incident_date = models.DateField(_("first incident"), null=True, blank=True)
    incident_date_precision = models.CharField(
        _("precision of the incident date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UNKNOWN)
    government_response = models.TextField(
        _("government response"),
        blank=True,
        help_text=_("What the State replied to the UN about the case, with the dates of its replies."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.CONFIDENTIAL
    )
    language = models.CharField(_("language of the text"), max_length=8, default="en")
    mechanisms = models.ManyToManyField(
        "cases.Mechanism", blank=True, related_name="cases", verbose_name=_("UN mechanisms engaged")
    )
    reprisal_types = models.ManyToManyField(
        "cases.ReprisalType", blank=True, related_name="cases", verbose_name=_("reprisal types")
    )
    is_demo = models.BooleanField(
        _("demo record"),
        default=False,
        help_text=_("Invented for demonstration; not a real person or event."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Denormalised search text (title, victims, summary, source paragraphs), rebuilt by
    # cases.search.index.refresh_case(). SQLite indexes it with FTS5; PostgreSQL keeps the
    # weighted tsvector below, GIN-indexed by migration 0002.
    search_names = models.TextField(editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    SEARCH_FIELDS = ("search_names", "search_text", "search_vector")

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[mechanisms, reprisal_types],
        excluded_fields=[*SEARCH_FIELDS, "updated_at"],
    )

    class Meta:
        ordering = ["-incident_date", "title"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [("view_restricted", _("Can see every restricted case"))]
        indexes = [models.Index(fields=["visibility", "published_at"], name="case_visibility_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cases:detail", args=[self.public_id])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Victim(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("individual")
        ORGANISATION = "organisation", _("organisation")
        GROUP = "group", _("group of people")

    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        OTHER = "other", _("other gender identity")
        UNKNOWN = "unknown", _("not stated")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="victims")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Empty when the report anonymises the victim.")
    )
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_('How the report describes an anonymised victim, e.g. "a woman human rights defender".'),
    )
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    roles = models.ManyToManyField(
        "cases.VictimRole", blank=True, related_name="victims", verbose_name=_("roles")
    )
    # Yes / no / not stated, as the reports (and ISHR's database) record them.
    is_minor = models.BooleanField(_("a minor"), null=True, blank=True)
    is_foreign_national = models.BooleanField(_("a foreign national"), null=True, blank=True)
    is_civil_servant = models.BooleanField(
        _("a civil servant, member of the security forces or of the judiciary"), null=True, blank=True
    )

    objects = RelatedToCaseQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[roles])

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("victim")
        verbose_name_plural = _("victims")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name="", description=""), name="victim_named_or_described"
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def is_named(self) -> bool:
        return bool(self.name)

    @property
    def display_name(self) -> str:
        return self.name or self.description


class Mention(models.Model):
    """A case's appearance in a report, ideally pinned to the paragraph that describes it."""

    class Kind(models.TextChoices):
        FIRST = "first", _("first report")
        FOLLOW_UP = "follow_up", _("follow-up")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mentions")
    report = models.ForeignKey("cases.Report", on_delete=models.PROTECT, related_name="mentions")
    paragraph = models.ForeignKey(
        "cases.Paragraph",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentions",
        help_text=_("Empty until the report's paragraphs are ingested and the exact paragraph identified."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    objects = RelatedToCaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["report__year", "paragraph__section", "paragraph__number"]
        verbose_name = _("mention in a report")
        verbose_name_plural = _("mentions in reports")
        constraints = [
            models.UniqueConstraint(fields=["case", "paragraph"], name="mention_unique_paragraph"),
        ]

    def __str__(self):
        return self.paragraph.reference if self.paragraph_id else self.report.symbol
