"""Create or update the reference data (countries, vocabularies and the Secretary-General's
reports). Idempotent."""

import csv
from pathlib import Path

import pycountry
from django.db import transaction

from ..models import Country, Mechanism, Report, ReprisalType, VictimRole
from .vocabularies import MECHANISMS, REPRISAL_TYPES, VICTIM_ROLES

COUNTRIES_CSV = Path(__file__).with_name("countries.csv")
REPORTS_CSV = Path(__file__).with_name("reports.csv")


def _iso_codes(iso2: str) -> tuple[str, str]:
    record = pycountry.countries.get(alpha_2=iso2)
    if record is None:  # Kosovo (XK) has a user-assigned code only.
        return {"XK": ("XKX", "")}.get(iso2, ("", ""))
    return record.alpha_3, record.numeric


def _load_reports() -> None:
    """The Secretary-General's annual reports on cooperation with the UN, matched by symbol.

    A report is saved only when a listed field differs, so re-running adds no history rows."""
    existing = {r.symbol: r for r in Report.objects.filter(is_demo=False)}
    with REPORTS_CSV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            values = dict(
                year=int(row["year"]),
                session=int(row["session"]) if row["session"] else None,
                title=row["title"],
            )
            report = existing.get(row["symbol"])
            if report is None:
                Report.objects.update_or_create(symbol=row["symbol"], defaults=values)
            elif any(getattr(report, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(report, k, v)
                report.save()


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
    _load_reports()
    return {
        "countries": Country.objects.count(),
        "mechanisms": Mechanism.objects.count(),
        "reprisal_types": ReprisalType.objects.count(),
        "victim_roles": VictimRole.objects.count(),
        "reports": Report.objects.filter(is_demo=False).count(),
    }
