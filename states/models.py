"""States at the UN: their missions, Human Rights Council terms, the sessions where reprisals are
discussed, the resolutions States sponsor and the statements in which they raise cases.

A State is a `cases.Country` (UN member or observer State); nothing here duplicates that table.
"""

import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PermanentMission(models.Model):
    """A State's permanent mission to the UN in New York or Geneva.

    Contact details are recorded only when a source gives them; an empty e-mail means "not known"
    and is shown as such, never filled in with a guessed address.
    """

    class City(models.TextChoices):
        NEW_YORK = "new_york", _("New York")
        GENEVA = "geneva", _("Geneva")

    DEFAULT_TIME_ZONES = {City.NEW_YORK: "America/New_York", City.GENEVA: "Europe/Zurich"}

    country = models.ForeignKey("cases.Country", on_delete=models.PROTECT, related_name="missions")
    city = models.CharField(_("city"), max_length=10, choices=City.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Leave empty when no source gives it."))
    phone = models.CharField(_("telephone"), max_length=60, blank=True)
    website = models.URLField(_("website"), blank=True)
    time_zone = models.CharField(_("time zone"), max_length=40, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["country__name", "city"]
        verbose_name = _("permanent mission")
        verbose_name_plural = _("permanent missions")
        constraints = [models.UniqueConstraint(fields=["country", "city"], name="mission_one_per_city")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.time_zone:
            self.time_zone = self.DEFAULT_TIME_ZONES.get(self.city, "")
        super().save(*args, **kwargs)


class CouncilMembership(models.Model):
    """One term of a State on the Human Rights Council, as elected (or by-elected)."""

    class RegionalGroup(models.TextChoices):
        AFRICAN = "African", _("African States")
        ASIA_PACIFIC = "Asia-Pacific", _("Asia-Pacific States")
        EASTERN_EUROPEAN = "Eastern European", _("Eastern European States")
        LATIN_AMERICAN = "Latin American and Caribbean", _("Latin American and Caribbean States")
        WESTERN = "Western European and other", _("Western European and other States")

    country = models.ForeignKey("cases.Country", on_delete=models.PROTECT, related_name="council_terms")
    regional_group = models.CharField(_("regional group"), max_length=30, choices=RegionalGroup.choices)
    election_year = models.PositiveSmallIntegerField(_("election year"), null=True, blank=True)
    start_date = models.DateField(_("term start"))
    end_date = models.DateField(_("term end"))
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    source = models.CharField(
        _("source as cited"),
        max_length=500,
        blank=True,
        help_text=_("The citation as recorded, which may name more than one source or ask for checking."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "country__name"]
        verbose_name = _("Human Rights Council term")
        verbose_name_plural = _("Human Rights Council terms")
        constraints = [
            models.UniqueConstraint(fields=["country", "start_date"], name="council_term_unique_start"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="council_term_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.country} ({self.start_date.year}–{self.end_date.year})"

    def covers(self, day: datetime.date) -> bool:
        return self.start_date <= day <= self.end_date

    def covers_year(self, year: int) -> bool:
        return self.start_date.year <= year <= self.end_date.year

    @property
    def needs_verification(self) -> bool:
        return not self.source_url or "verify" in self.source.lower()


class Session(models.Model):
    """A meeting where States speak on reprisals: a Council session, the Council's interactive
    dialogue on reprisals (held within a regular session), or a session of the General Assembly's
    Third Committee."""

    class Body(models.TextChoices):
        HRC = "hrc", _("Human Rights Council regular session")
        HRC_REPRISALS_DIALOGUE = "hrc_id", _("Human Rights Council interactive dialogue on reprisals")
        GA_THIRD_COMMITTEE = "ga3", _("General Assembly Third Committee")

    body = models.CharField(_("body"), max_length=8, choices=Body.choices)
    number = models.PositiveSmallIntegerField(_("session number"))
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    part_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("held during"),
        help_text=_("For an interactive dialogue: the regular session it belongs to."),
    )
    reported_states_raising_cases = models.PositiveSmallIntegerField(
        _("number of States reported to have raised cases"),
        null=True,
        blank=True,
        help_text=_("As a source reports it, when the statements themselves are not (yet) recorded."),
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("start_date").desc(nulls_last=True), "body", "-number"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="session_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="session_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("states:session", args=[self.pk])

    @property
    def key(self) -> str:
        """The session's public identifier, e.g. hrc-54, hrc_id-54 or ga3-78."""
        return f"{self.body}-{self.number}"

    @classmethod
    def from_key(cls, key: str):
        body, _sep, number = (key or "").strip().lower().rpartition("-")
        if body not in cls.Body.values or not number.isdigit():
            return None
        return cls.objects.filter(body=body, number=int(number)).first()

    @property
    def city(self) -> str:
        if self.body == self.Body.GA_THIRD_COMMITTEE:
            return PermanentMission.City.NEW_YORK
        return PermanentMission.City.GENEVA


class Resolution(models.Model):
    class Adoption(models.TextChoices):
        WITHOUT_VOTE = "without_vote", _("without a vote")
        VOTE = "vote", _("by a recorded vote")
        PENDING = "pending", _("not yet acted upon")
        UNKNOWN = "unknown", _("not recorded")

    symbol = models.CharField(
        _("UN symbol"), max_length=60, unique=True, help_text=_("e.g. A/HRC/RES/12/2 or A/HRC/54/L.30/Rev.1")
    )
    title = models.CharField(_("title"), max_length=300)
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="resolutions"
    )
    adoption_date = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("how it was adopted"), max_length=12, choices=Adoption.choices, default=Adoption.UNKNOWN
    )
    votes_in_favour = models.PositiveSmallIntegerField(_("votes in favour"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    on_reprisals = models.BooleanField(
        _("on reprisals"),
        default=True,
        help_text=_("Counts for the “who to ask” list of co-sponsors who never raised a case."),
    )
    sponsors = models.ManyToManyField(
        "cases.Country",
        through="Sponsorship",
        related_name="sponsored_resolutions",
        verbose_name=_("sponsors and co-sponsors"),
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("adoption_date").desc(nulls_last=True), "symbol"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self):
        return self.symbol


class Sponsorship(models.Model):
    class Role(models.TextChoices):
        SPONSOR = "sponsor", _("main sponsor")
        CO_SPONSOR = "co_sponsor", _("co-sponsor")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="sponsorships")
    country = models.ForeignKey("cases.Country", on_delete=models.PROTECT, related_name="sponsorships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.CO_SPONSOR)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["resolution", "role", "country__name"]
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "country"], name="sponsorship_unique_country")
        ]

    def __str__(self):
        return f"{self.country} — {self.resolution} ({self.get_role_display()})"


class Statement(models.Model):
    """What one State, or a group of States jointly, said at a session: the cases and situations
    it raised. Joint statements record their lead States and, when a source names them, the
    States that joined; when a source gives only a number, that number is kept as reported."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("national statement")
        JOINT = "joint", _("joint statement")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="statements")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NATIONAL)
    speaker = models.ForeignKey(
        "cases.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements_made",
        verbose_name=_("speaking State"),
        help_text=_("For a national statement."),
    )
    leads = models.ManyToManyField(
        "cases.Country",
        blank=True,
        related_name="statements_led",
        verbose_name=_("lead States"),
        help_text=_("For a joint statement."),
    )
    joined_by = models.ManyToManyField(
        "cases.Country", blank=True, related_name="statements_joined", verbose_name=_("joined by")
    )
    joined_count_reported = models.PositiveSmallIntegerField(
        _("number of States reported to have joined"),
        null=True,
        blank=True,
        help_text=_("As a source reports it, including when it does not name them."),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    raised_cases = models.ManyToManyField(
        "cases.Case", blank=True, related_name="raised_in_statements", verbose_name=_("cases raised")
    )
    situations = models.TextField(
        _("situations raised"),
        blank=True,
        help_text=_("Situations raised without an individual case, one per line (e.g. Hong Kong)."),
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords(m2m_fields=[leads, joined_by, raised_cases])

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="national", speaker__isnull=False)
                | models.Q(kind="joint", speaker__isnull=True),
                name="statement_speaker_matches_kind",
            )
        ]

    def __str__(self):
        who = self.speaker.display_name if self.speaker_id else _("joint statement")
        return f"{who} — {self.session}"

    @property
    def situation_list(self) -> list[str]:
        return [line.strip() for line in self.situations.splitlines() if line.strip()]
