"""Test data for the campaigns app: a published campaign with featured cases, an e-mail action
to New York missions, a petition and a mailing list."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from campaigns.models import Campaign, CampaignUpdate, EmailAction, FeaturedCase, MailingList, Petition
from campaigns.roles import CAMPAIGNERS, ensure_campaigners
from cases.models import Country
from cases.tests.factories import CaseFactory, UserFactory
from states.models import PermanentMission, Resolution, Sponsorship

ALWAYS_OPEN = "Mon-Sun 00:00-24:00"


def mission(iso2, email="", city="new_york", office_hours=ALWAYS_OPEN, time_zone=""):
    country = Country.objects.get(iso2=iso2)
    return PermanentMission.objects.create(
        country=country,
        city=city,
        name=f"Permanent Mission of {country.name} to the United Nations",
        email=email,
        office_hours=office_hours,
        time_zone=time_zone,
    )


def make_world(*, cosponsors=("IE", "UY", "FR"), with_missions=True):
    case_a = CaseFactory(title="Lawyer barred from returning home", country=Country.objects.get(iso2="NI"))
    case_b = CaseFactory(title="Journalist's passport confiscated", country=Country.objects.get(iso2="DJ"))
    campaign = Campaign.objects.create(
        slug="stop-reprisals",
        title="Stop reprisals",
        tagline="People punished for talking to the UN.",
        story="First paragraph of the story.\n\nSecond paragraph.",
        asks="States raise cases by name.\nThe UN documents every case.",
        starts_on=datetime.date(2023, 6, 1),
        is_published=True,
    )
    FeaturedCase.objects.create(campaign=campaign, case=case_a, position=1, blurb="Kept out of her country.")
    FeaturedCase.objects.create(campaign=campaign, case=case_b, position=2, blurb="No passport since 2018.")
    resolution = Resolution.objects.create(symbol="A/HRC/54/L.30/Rev.1", title="Cooperation with the UN")
    for iso2 in cosponsors:
        Sponsorship.objects.create(resolution=resolution, country=Country.objects.get(iso2=iso2))
    action = EmailAction.objects.create(
        campaign=campaign,
        slug="write",
        title="Write to the missions",
        intro="Ask them to raise the cases.",
        resolution=resolution,
        subject="Reprisals: cases for {state}",
        letter_body="Excellency,\n\nI ask {state} to speak up against reprisals at the United Nations.",
        ask_paragraph="{case} ({country}): please raise it. {case_url}",
        thanks_paragraph="{case} ({country}): thank you for raising it. {case_url}",
        consent_text="I agree that my letter goes to the missions I ticked.",
        consent_version="7",
    )
    action.cases.set([case_a, case_b])
    petition = Petition.objects.create(
        campaign=campaign,
        slug="free-them",
        title="Free them",
        addressee="The Secretary-General",
        text="We ask for their release.",
        goal=100,
        consent_text="I sign and agree that my name and country are delivered.",
        consent_version="3",
    )
    mailing_list = MailingList.objects.create(
        slug="news", name="Campaign news", consent_text="Yes, e-mail me news.", consent_version="2"
    )
    CampaignUpdate.objects.create(
        campaign=campaign,
        slug="we-did-it",
        title="States named the cases",
        summary="Thirteen States raised cases.",
        body="More detail here.",
        is_milestone=True,
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    CampaignUpdate.objects.create(
        campaign=campaign, slug="draft-news", title="Unpublished draft update", summary="Not yet."
    )
    missions = {}
    if with_missions:
        missions = {
            "IE": mission("IE", "ireland.mission@example.org"),
            "UY": mission("UY", ""),  # no known address: shown and skipped
            "FR": mission("FR", "france.mission@example.org"),
        }
    return {
        "campaign": campaign,
        "cases": [case_a, case_b],
        "action": action,
        "petition": petition,
        "mailing_list": mailing_list,
        "resolution": resolution,
        "missions": missions,
    }


def campaigner(username="campaigner"):
    ensure_campaigners()
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=CAMPAIGNERS))
    return user
