"""Campaign pages, updates and feeds, share links, the visibility gate, and the demo loader."""

import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse

from campaigns.models import Campaign, CampaignUpdate, EmailAction, FeaturedCase, Petition
from cases.models import AccessGrant, Country
from cases.tests.factories import CaseFactory

from .factories import make_world

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world(db):
    return make_world()


def test_campaign_list_and_page(client, world):
    page = client.get("/campaigns/").content.decode()
    assert "Stop reprisals" in page and world["campaign"].get_absolute_url() in page
    page = client.get(world["campaign"].get_absolute_url()).content.decode()
    for text in (
        "First paragraph of the story.",
        "The UN documents every case.",
        "Lawyer barred from returning home",
        "Kept out of her country.",
        "Write to the missions",
        "Free them",
        "States named the cases",
        "We did it!",
        "Since 1 June 2023",
        "Join our mailing list",
    ):
        assert text in page, text
    assert "Unpublished draft update" not in page
    assert 'href="/campaigns/"' in client.get("/").content.decode()  # the nav link


def test_unpublished_campaigns_are_hidden_from_the_public(client, world, curator, administrator):
    Campaign.objects.update(is_published=False)
    assert client.get(world["campaign"].get_absolute_url()).status_code == 404
    assert "Stop reprisals" not in client.get("/campaigns/").content.decode()
    assert client.get("/campaigns/updates.atom").content.count(b"<entry>") == 0
    petition_page = world["petition"].get_absolute_url()
    action_page = reverse("campaigns:action", args=[world["campaign"].slug, world["action"].slug])
    assert client.get(petition_page).status_code == 404
    assert client.get(action_page).status_code == 404
    client.force_login(administrator)
    assert client.get(world["campaign"].get_absolute_url()).status_code == 200
    assert client.get(petition_page).status_code == 200
    assert client.get(action_page).status_code == 200


def test_featured_cases_go_through_the_visibility_gate(client, world, partner, researcher):
    campaign = world["campaign"]
    djibouti = Country.objects.get(iso2="DJ")
    hidden = CaseFactory(title="Zyxconfidential featured", country=djibouti, visibility="confidential")
    restricted = CaseFactory(title="Zyxrestricted featured", country=djibouti, visibility="restricted")
    draft = CaseFactory(title="Zyxdraft featured", published_at=None)
    for n, case in enumerate([hidden, restricted, draft], 10):
        FeaturedCase.objects.create(campaign=campaign, case=case, position=n, blurb=f"Zyxblurb {case.title}")
    world["action"].cases.add(hidden, restricted, draft)
    for user in (None, researcher):
        if user:
            client.force_login(user)
        for url in (
            campaign.get_absolute_url(),
            world["action"].get_absolute_url(),
            reverse("campaigns:action-mailto", args=[campaign.slug, world["action"].slug]),
        ):
            body = client.get(url).content.decode()
            assert "Zyx" not in body, url
            for case in (hidden, restricted, draft):
                assert case.public_id not in body
    # A partner granted Djibouti's confidential records sees them, marked, and without share links.
    client.force_login(partner)
    body = client.get(campaign.get_absolute_url()).content.decode()
    assert "Zyxconfidential featured" in body and "badge-confidential" in body
    assert reverse("campaigns:share-mastodon", args=[hidden.public_id]) not in body
    assert AccessGrant.objects.filter(user=partner).exists()


def test_update_page_and_atom_feeds(client, world):
    update = CampaignUpdate.objects.get(slug="we-did-it")
    page = client.get(update.get_absolute_url()).content.decode()
    assert "More detail here." in page and "We did it!" in page
    draft = CampaignUpdate.objects.get(slug="draft-news")
    assert (
        client.get(reverse("campaigns:update", args=[world["campaign"].slug, draft.slug])).status_code == 404
    )
    for url in ("/campaigns/updates.atom", reverse("campaigns:campaign-feed", args=[world["campaign"].slug])):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
        titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
        assert titles == ["States named the cases"]
        link = feed.find(f"{ATOM}entry/{ATOM}link").attrib["href"]
        assert link.endswith(update.get_absolute_url())
        # The summary is plain text, declared as such.
        summary = feed.find(f"{ATOM}entry/{ATOM}summary")
        assert summary.get("type") == "text"
    assert client.get("/campaigns/nope/updates.atom").status_code == 404


def test_share_links_load_nothing_from_other_sites(client, world):
    body = client.get(world["campaign"].get_absolute_url()).content.decode()
    case = world["cases"][0]
    assert "https://twitter.com/intent/tweet?" in body and "https://bsky.app/intent/compose?" in body
    assert 'href="mailto:?subject=' in body
    assert reverse("campaigns:share-mastodon", args=[case.public_id]) in body
    # Only plain links: no script, image, frame or stylesheet from another origin.
    import re

    for tag in re.findall(r"<(?:script|img|iframe|link)[^>]+>", body):
        assert "://" not in tag or "127.0.0.1" in tag or "testserver" in tag, tag


def test_mastodon_share_asks_for_the_server_then_redirects(client, world):
    case = world["cases"][0]
    url = reverse("campaigns:share-mastodon", args=[case.public_id])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"instance": "not a server/../"})
    assert bad.status_code == 400 and b"server" in bad.content
    response = client.post(url, {"instance": "https://Mastodon.Social/"})
    assert response.status_code == 302
    assert response["Location"].startswith("https://mastodon.social/share?text=")
    assert "%23EndReprisals" in response["Location"]
    assert client.post(url, {"instance": "@ana@fosstodon.org"})["Location"].startswith(
        "https://fosstodon.org/share?"
    )
    hidden = CaseFactory(visibility="confidential")
    assert client.get(reverse("campaigns:share-mastodon", args=[hidden.public_id])).status_code == 404


def test_staff_pages_are_closed_to_others(client, world, researcher):
    for url in (
        reverse("campaigns:staff"),
        reverse("campaigns:staff-action", args=[world["action"].pk]),
        reverse("campaigns:staff-signatures-csv", args=[world["petition"].pk]),
    ):
        assert client.get(url).status_code == 302
    client.force_login(researcher)
    assert client.get(reverse("campaigns:staff")).status_code == 302  # not staff: sign-in page


def test_demo_loader_is_idempotent_and_skips_missing_cases(db):
    call_command("load_campaigns", verbosity=0)  # no cases loaded: all five are skipped
    campaign = Campaign.objects.get(slug="endreprisals-2023")
    assert campaign.featured.count() == 0
    call_command("load_demo", verbosity=0)
    call_command("load_campaigns", verbosity=0)
    call_command("load_campaigns", verbosity=0)
    assert Campaign.objects.count() == 1
    assert campaign.featured.count() == 5
    assert EmailAction.objects.get().cases.count() == 5
    assert Petition.objects.count() == 1
    assert CampaignUpdate.objects.filter(campaign=campaign, published_at__isnull=False).count() == 4
    assert {c.country.iso2 for c in campaign.cases.all()} == {"NI", "AD", "DJ", "HK", "AE"}
