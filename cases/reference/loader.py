"""Create or update the reference data (countries, vocabularies and the Secretary-General's
reports). Idempotent."""

import csv
import re
from datetime import date
from pathlib import Path

import pycountry
from django.db import transaction

from ..models import Country, Mechanism, Report, ReprisalType, VictimRole
from .vocabularies import MECHANISMS, REPRISAL_TYPES, VICTIM_ROLES

COUNTRIES_CSV = Path(__file__).with_name("countries.csv")
REPORTS_CSV = Path(__file__).with_name("reports.csv")
# The catalogue with issue dates, reporting periods and sources (copied from shared/data; see
# SOURCES.md). Dates given only to the month, and the 2025 report whose symbol was not seen, are
# not loaded: a partial date is not stored as if it were a day.
REPORT_DETAILS_CSV = Path(__file__).with_name("sg_reprisals_reports.csv")
REPORT_TITLE = (
    "Cooperation with the United Nations, its representatives and mechanisms in the field of human rights"
)
_SYMBOL = re.compile(r"^A/HRC/\d+/\d+")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def _day(text: str):
    text = (text or "").strip()
    return date.fromisoformat(text) if _DAY.match(text) else None


def _load_report_details() -> None:
    """Issue dates, reporting periods and a source address per report, where published; adds
    the reports the short catalogue lacks (2024). Saves only what differs."""
    existing = {r.symbol: r for r in Report.objects.filter(is_demo=False)}
    with REPORT_DETAILS_CSV.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            match = _SYMBOL.match(row["symbol"].strip())
            if match is None:
                continue
            sources = [s.strip() for s in row["symbol_sources"].split(";") if s.strip().startswith("http")]
            values = dict(
                year=int(row["report_year"]),
                session=int(row["hrc_session"]) if row["hrc_session"].strip().isdigit() else None,
                published_on=_day(row["issue_date"]),
                period_start=_day(row["period_start"]),
                period_end=_day(row["period_end"]),
                source_url=next((s.split()[0] for s in sources if len(s.split()[0]) <= 200), ""),
            )
            report = existing.get(match.group(0))
            if report is None:
                Report.objects.create(symbol=match.group(0), title=REPORT_TITLE, **values)
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
    _load_report_details()
    return {
        "countries": Country.objects.count(),
        "mechanisms": Mechanism.objects.count(),
        "reprisal_types": ReprisalType.objects.count(),
        "victim_roles": VictimRole.objects.count(),
        "reports": Report.objects.filter(is_demo=False).count(),
    }
