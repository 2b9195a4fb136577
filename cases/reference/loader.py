"""Create or update the reference data (countries and vocabularies). Idempotent."""

import csv
from pathlib import Path

import pycountry
from django.db import transaction

from ..models import Country, Mechanism, ReprisalType, VictimRole
from .vocabularies import MECHANISMS, REPRISAL_TYPES, VICTIM_ROLES

COUNTRIES_CSV = Path(__file__).with_name("countries.csv")


def _iso_codes(iso2: str) -> tuple[str, str]:
    record = pycountry.countries.get(alpha_2=iso2)
    if record is None:  # Kosovo (XK) has a user-assigned code only.
        return {"XK": ("XKX", "")}.get(iso2, ("", ""))
    return record.alpha_3, record.numeric


@transaction.atomic
def load_reference() -> dict[str, int]:
    with COUNTRIES_CSV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            iso3, numeric = _iso_codes(row["iso2"])
            Country.objects.update_or_create(
                iso2=row["iso2"],
                defaults=dict(
                    name=row["un_name"],
                    short_name=row["short_name"],
                    status=row["status"],
                    region=row["region"],
                    iso3=iso3,
                    numeric=numeric,
                ),
            )
    for order, (slug, name, abbreviation, group) in enumerate(MECHANISMS):
        Mechanism.objects.update_or_create(
            slug=slug, defaults=dict(name=name, abbreviation=abbreviation, group=group, sort_order=order)
        )
    for order, (slug, name, description) in enumerate(REPRISAL_TYPES):
        ReprisalType.objects.update_or_create(
            slug=slug, defaults=dict(name=name, description=description, sort_order=order)
        )
    for order, (slug, name) in enumerate(VICTIM_ROLES):
        VictimRole.objects.update_or_create(slug=slug, defaults=dict(name=name, sort_order=order))
    return {
        "countries": Country.objects.count(),
        "mechanisms": Mechanism.objects.count(),
        "reprisal_types": ReprisalType.objects.count(),
        "victim_roles": VictimRole.objects.count(),
    }
