from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Report(models.Model):
    """One report of the Secretary-General on cooperation with the UN (e.g. A/HRC/45/36)."""

    symbol = models.CharField(_("UN symbol"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    session = models.PositiveSmallIntegerField(_("Council session"), null=True, blank=True)
    period_start = models.DateField(_("reporting period start"), null=True, blank=True)
    period_end = models.DateField(_("reporting period end"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    published_on = models.DateField(_("distribution date"), null=True, blank=True)
    source_checksum = models.CharField(
        _("source file SHA-256"), max_length=64, unique=True, null=True, blank=True
    )
    source_url = models.URLField(_("source address"), blank=True)
    is_demo = models.BooleanField(
        _("demo record"), default=False, help_text=_("Invented for demonstration; not a UN document.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "symbol"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return self.symbol

    def get_absolute_url(self):
        return reverse("cases:report", args=[self.symbol])


class Paragraph(models.Model):
    class Section(models.TextChoices):
        BODY = "body", _("main body")
        ANNEX_I = "annex_1", _("annex I")
        ANNEX_II = "annex_2", _("annex II")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="paragraphs")
    section = models.CharField(_("section"), max_length=10, choices=Section.choices)
    number = models.PositiveIntegerField(_("paragraph number"))
    country_heading = models.CharField(_("country heading"), max_length=200, blank=True)
    country = models.ForeignKey(
        "cases.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="paragraphs"
    )
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "section", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "section", "number"], name="paragraph_unique_number")
        ]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """The citation form, e.g. "A/HRC/45/36 annex I ¶12" (main-body paragraphs omit the section)."""
        return self.cite(self.report.symbol, self.section, self.number, self.get_section_display())

    @classmethod
    def cite(cls, symbol: str, section: str, number: int, section_label: str) -> str:
        """`reference` from plain values, for callers citing many paragraphs without building
        them (the downloads): `section_label` is the section's display name."""
        if section == cls.Section.BODY:
            return f"{symbol} ¶{number}"
        return f"{symbol} {section_label} ¶{number}"

    @property
    def anchor(self) -> str:
        return f"{self.section}-{self.number}"

    def get_absolute_url(self):
        return f"{self.report.get_absolute_url()}#{self.anchor}"
