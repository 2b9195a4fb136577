"""Demonstration data: the five real cases of ISHR's #EndReprisals campaign (seed_cases.py) and a
clearly labelled, invented set of cases, reports and paragraphs (generator.py).

`load_demo()` is idempotent: every record has a stable public id (or report symbol), and only
missing ones are created, in bulk, followed by one search-index refresh. It needs the reference
data (countries, vocabularies and the Secretary-General's reports) loaded first.
"""

import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .generator import COUNTRY_WEIGHTS, CaseSpec, demo_reports, generate
from .seed_cases import SEED_CASES, SG_REPORTS

CHANGE_REASON = "load_demo"

__all__ = ["DemoDataError", "load_demo"]


class DemoDataError(Exception):
    """The database lacks what the demo data refers to (usually: load_reference was not run)."""


def load_demo(stdout=None) -> dict[str, int]:
    """Create whatever part of the demo data is missing; return the totals and what was created.

    `stdout`, if given (e.g. a management command's), receives a one-line summary.
    """
    from ..models import Case, Country, Paragraph, Report
    from ..search.index import refresh_cases

    started = time.monotonic()
    country_names = dict(Country.objects.values_list("iso2", "name"))
    _check_reference(country_names, Report)

    specs = SEED_CASES + generate(country_names)
    existing = set(
        Case.objects.filter(public_id__in=[s.public_id for s in specs]).values_list("public_id", flat=True)
    )
    missing = [s for s in specs if s.public_id not in existing]
    with transaction.atomic():
        reports_created = _create_demo_reports(Report)
        created_ids = _create_cases(missing) if missing else []
        if created_ids:
            refresh_cases(created_ids)

    seed_ids = [s.public_id for s in SEED_CASES]
    counts = {
        "seed_cases": Case.objects.filter(public_id__in=seed_ids).count(),
        "demo_cases": Case.objects.filter(is_demo=True).count(),
        "demo_reports": Report.objects.filter(is_demo=True).count(),
        "demo_paragraphs": Paragraph.objects.filter(report__is_demo=True).count(),
        "created_cases": len(created_ids),
        "created_reports": reports_created,
    }
    if stdout is not None:
        stdout.write(
            _(
                "Demo data: %(seed)d real campaign cases, %(demo)d demo cases, %(reports)d demo "
                "reports, %(paragraphs)d demo paragraphs (created %(created)d cases and "
                "%(created_reports)d reports in %(seconds).2f s)."
            )
            % {
                "seed": counts["seed_cases"],
                "demo": counts["demo_cases"],
                "reports": counts["demo_reports"],
                "paragraphs": counts["demo_paragraphs"],
                "created": counts["created_cases"],
                "created_reports": counts["created_reports"],
                "seconds": time.monotonic() - started,
            }
        )
    return counts


def _check_reference(country_names: dict[str, str], Report) -> None:
    needed_countries = {iso2 for iso2, _weight in COUNTRY_WEIGHTS} | {s.country_iso2 for s in SEED_CASES}
    needed_reports = set(SG_REPORTS.values())
    found_reports = set(Report.objects.filter(symbol__in=needed_reports).values_list("symbol", flat=True))
    missing = sorted(needed_countries - set(country_names)) + sorted(needed_reports - found_reports)
    if missing:
        raise DemoDataError(
            _("Reference data is missing (%(missing)s): run “manage.py load_reference” first.")
            % {"missing": ", ".join(missing)}
        )


def _create_demo_reports(Report) -> int:
    specs = demo_reports()
    existing = set(
        Report.objects.filter(symbol__in=[r.symbol for r in specs]).values_list("symbol", flat=True)
    )
    new = [
        Report(
            symbol=r.symbol,
            year=r.year,
            title=r.title,
            period_start=r.period_start,
            period_end=r.period_end,
            is_demo=True,
        )
        for r in specs
        if r.symbol not in existing
    ]
    if new:
        bulk_create_with_history(new, Report, default_change_reason=CHANGE_REASON)
    return len(new)


def _lookup(model, slugs: set[str]) -> dict[str, int]:
    ids = dict(model.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    unknown = slugs - set(ids)
    if unknown:
        raise DemoDataError(
            _("Unknown %(vocabulary)s identifiers in the demo data: %(slugs)s.")
            % {"vocabulary": model._meta.verbose_name, "slugs": ", ".join(sorted(unknown))}
        )
    return ids


def _create_cases(specs: list[CaseSpec]) -> list[int]:
    """Bulk-create these cases with their victims, roles, mechanisms, reprisal types, mentions
    and demo paragraphs (reusing paragraphs already stored). Returns the new cases' ids."""
    from ..models import (
        Case,
        Country,
        Mechanism,
        Mention,
        Paragraph,
        Report,
        ReprisalType,
        Victim,
        VictimRole,
    )

    countries = dict(Country.objects.values_list("iso2", "pk"))
    mechanisms = _lookup(Mechanism, {m for s in specs for m in s.mechanisms})
    reprisal_types = _lookup(ReprisalType, {t for s in specs for t in s.reprisal_types})
    roles = _lookup(VictimRole, {r for s in specs for v in s.victims for r in v.roles})
    reports = {
        r.symbol: r
        for r in Report.objects.filter(symbol__in={m.report_symbol for s in specs for m in s.mentions})
    }
    now = timezone.now()

    cases = bulk_create_with_history(
        [
            Case(
                public_id=s.public_id,
                title=s.title,
                country_id=countries[s.country_iso2],
                summary=s.summary,
                perpetrator_kind=s.perpetrator,
                incident_date=s.incident_date,
                incident_date_precision=s.incident_date_precision,
                status=s.status,
                visibility=s.visibility,
                language="en",
                is_demo=s.is_demo,
                published_at=now if s.published else None,
            )
            for s in specs
        ],
        Case,
        default_change_reason=CHANGE_REASON,
    )
    Case.mechanisms.through.objects.bulk_create(
        Case.mechanisms.through(case_id=case.pk, mechanism_id=mechanisms[slug])
        for case, s in zip(cases, specs, strict=True)
        for slug in s.mechanisms
    )
    Case.reprisal_types.through.objects.bulk_create(
        Case.reprisal_types.through(case_id=case.pk, reprisaltype_id=reprisal_types[slug])
        for case, s in zip(cases, specs, strict=True)
        for slug in s.reprisal_types
    )

    victim_specs = [(case, v) for case, s in zip(cases, specs, strict=True) for v in s.victims]
    victims = bulk_create_with_history(
        [
            Victim(case=case, kind=v.kind, name=v.name, description=v.description, gender=v.gender)
            for case, v in victim_specs
        ],
        Victim,
        default_change_reason=CHANGE_REASON,
    )
    Victim.roles.through.objects.bulk_create(
        Victim.roles.through(victim_id=victim.pk, victimrole_id=roles[slug])
        for victim, (_case, v) in zip(victims, victim_specs, strict=True)
        for slug in v.roles
    )

    paragraph_specs = {m.paragraph.key: m.paragraph for s in specs for m in s.mentions if m.paragraph}
    paragraphs = {
        (p.report.symbol, p.section, p.number): p
        for p in Paragraph.objects.filter(report__in=[reports[k[0]] for k in paragraph_specs]).select_related(
            "report"
        )
    }
    new_paragraphs = [
        Paragraph(
            report=reports[p.report_symbol],
            section=p.section,
            number=p.number,
            country_heading=p.country_heading,
            country_id=countries[p.country_iso2],
            text=p.text,
        )
        for key, p in paragraph_specs.items()
        if key not in paragraphs
    ]
    for p in bulk_create_with_history(new_paragraphs, Paragraph, default_change_reason=CHANGE_REASON):
        paragraphs[(p.report.symbol, p.section, p.number)] = p

    bulk_create_with_history(
        [
            Mention(
                case=case,
                report=reports[m.report_symbol],
                paragraph=paragraphs[m.paragraph.key] if m.paragraph else None,
                kind=m.kind,
            )
            for case, s in zip(cases, specs, strict=True)
            for m in s.mentions
        ],
        Mention,
        default_change_reason=CHANGE_REASON,
    )
    return [case.pk for case in cases]
