from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    """A UN member or observer State, or a territory the reports name.

    Names are the UN's (e.g. "Iran (Islamic Republic of)"); `short_name` is what we show where
    space is tight (e.g. "Hong Kong SAR"). Codes are ISO 3166-1; Kosovo uses the user-assigned XK.
    """

    class Status(models.TextChoices):
        MEMBER = "member", _("UN member State")
        OBSERVER = "observer", _("UN observer State")
        TERRITORY = "territory", _("Territory")

    class Region(models.TextChoices):
        AFRICA = "Africa", _("Africa")
        AMERICAS = "Americas", _("Americas")
        ASIA = "Asia", _("Asia")
        EUROPE = "Europe", _("Europe")
        OCEANIA = "Oceania", _("Oceania")

    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, blank=True)
    numeric = models.CharField(_("ISO 3166-1 numeric"), max_length=3, blank=True)
    name = models.CharField(_("UN name"), max_length=120, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    region = models.CharField(_("UN region"), max_length=10, choices=Region.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country or territory")
        verbose_name_plural = _("countries and territories")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def local_name(self) -> str:
        """display_name in the reader's language (interface/countries.py); English otherwise."""
        from interface.countries import country_name

        return country_name(self.iso2, self.display_name)

    def get_absolute_url(self):
        return reverse("cases:country", args=[self.iso2.lower()])
