"""Controlled vocabularies. Rows come from cases/reference/*.json (see load_reference)."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Term(models.Model):
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        # Reference names are marked with gettext_noop in cases/reference/vocabularies.py, so
        # the stored English name is the message id of its translation.
        return gettext(self.name)


class Mechanism(Term):
    class Group(models.TextChoices):
        COUNCIL = "council", _("Human Rights Council")
        UPR = "upr", _("Universal Periodic Review")
        TREATY_BODY = "treaty_body", _("Treaty bodies")
        SPECIAL_PROCEDURE = "special_procedure", _("Special procedures")
        OHCHR = "ohchr", _("OHCHR and field presences")
        PEACE_OPERATION = "peace_operation", _("Peace operations")
        OTHER = "other", _("Other UN bodies")

    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    abbreviation = models.CharField(_("abbreviation"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta(Term.Meta):
        verbose_name = _("UN mechanism")
        verbose_name_plural = _("UN mechanisms")


class ReprisalType(Term):
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta(Term.Meta):
        verbose_name = _("reprisal type")
        verbose_name_plural = _("reprisal types")


class VictimRole(Term):
    history = HistoricalRecords()

    class Meta(Term.Meta):
        verbose_name = _("victim role")
        verbose_name_plural = _("victim roles")
