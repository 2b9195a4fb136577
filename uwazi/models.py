"""Provenance of what came from an Uwazi export: each import run, and each record (one victim in
one report) with its original cells, so that a curator can always see where a value came from and
a later import of the same library knows what it already holds."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.visibility import RelatedToCaseQuerySet


class ImportRun(models.Model):
    filename = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("file SHA-256"), max_length=64, db_index=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rows = models.PositiveIntegerField(_("records in the file"), default=0)
    created = models.PositiveIntegerField(_("cases created"), default=0)
    updated = models.PositiveIntegerField(_("cases updated"), default=0)
    unchanged = models.PositiveIntegerField(_("cases unchanged"), default=0)
    merged = models.PositiveIntegerField(_("records joined to another record's case"), default=0)
    unmapped = models.JSONField(_("values left unmapped"), default=dict, blank=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("Uwazi import")
        verbose_name_plural = _("Uwazi imports")

    def __str__(self):
        return f"{self.filename} ({self.imported_at:%Y-%m-%d %H:%M})"


class SourceRecord(models.Model):
    """One Uwazi record (one victim in one report) and the case and mention it became."""

    key = models.CharField(
        _("record key"),
        max_length=400,
        unique=True,
        help_text=_("The ISHR locator (YYYY-PPP-NNN) when the record has one, else template and title."),
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="uwazi_records")
    mention = models.ForeignKey(
        "cases.Mention", on_delete=models.SET_NULL, null=True, blank=True, related_name="uwazi_records"
    )
    first_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="first_records")
    last_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="records")
    row = models.PositiveIntegerField(_("line in the file"))
    title = models.CharField(_("title"), max_length=500)
    original = models.JSONField(_("original cells"), help_text=_("Column label → cell, as exported."))
    mapped = models.JSONField(_("mapped values"), help_text=_("What the mapping made of the cells."))
    unmapped = models.JSONField(_("values left unmapped"), default=list, blank=True)

    objects = RelatedToCaseQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("Uwazi record")
        verbose_name_plural = _("Uwazi records")

    def __str__(self):
        return f"{self.key} — {self.title}"
