"""Create or update the demonstration campaign. Idempotent: keyed on slugs; featured cases are
looked up among existing cases (loaded by `load_demo`) and skipped when absent."""

from dataclasses import dataclass, field

from django.db import transaction

from cases.models import Case

from ..models import Campaign, CampaignUpdate, EmailAction, FeaturedCase, MailingList, Petition
from . import seed


@dataclass
class Report:
    campaign: Campaign | None = None
    linked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    resolution: str = ""


def find_case(iso2: str, words: str) -> Case | None:
    """The one case of that country whose title contains `words` (None if zero or several)."""
    matches = list(Case.objects.filter(country__iso2=iso2, title__icontains=words)[:2])
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def load_campaigns() -> Report:
    from states.models import Resolution

    report = Report()
    campaign, _ = Campaign.objects.update_or_create(slug=seed.CAMPAIGN["slug"], defaults=seed.CAMPAIGN)
    report.campaign = campaign
    cases = []
    for position, (iso2, words, blurb) in enumerate(seed.FEATURED, 1):
        case = find_case(iso2, words)
        if case is None:
            report.missing.append(f"{words} ({iso2})")
            continue
        FeaturedCase.objects.update_or_create(
            campaign=campaign, case=case, defaults={"position": position, "blurb": blurb}
        )
        cases.append(case)
        report.linked.append(case.title)
    resolution = Resolution.objects.filter(symbol="A/HRC/54/L.30/Rev.1").first()
    report.resolution = resolution.symbol if resolution else ""
    action, _ = EmailAction.objects.update_or_create(
        campaign=campaign,
        slug=seed.EMAIL_ACTION["slug"],
        defaults={**seed.EMAIL_ACTION, "resolution": resolution},
    )
    action.cases.set(cases)
    Petition.objects.update_or_create(campaign=campaign, slug=seed.PETITION["slug"], defaults=seed.PETITION)
    for update in seed.UPDATES:
        CampaignUpdate.objects.update_or_create(campaign=campaign, slug=update["slug"], defaults=update)
    MailingList.objects.update_or_create(slug=seed.MAILING_LIST["slug"], defaults=seed.MAILING_LIST)
    return report
