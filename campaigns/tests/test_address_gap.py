"""As installed, no mission has an e-mail address: the e-mail action and its mailto: page say
what is missing (and, to staff, how to add it) and offer what there is; once the Blue Book is
imported, the addresses turn into mailto: links."""

from pathlib import Path

import pytest
from django.urls import reverse

from states.bluebook import import_bluebook
from states.models import PermanentMission

from .factories import make_world

BLUE_BOOK = (Path(__file__).parents[2] / "states" / "tests" / "fixtures" / "bluebook.json").read_bytes()


@pytest.fixture
def world(db):
    world = make_world()
    PermanentMission.objects.update(email="")
    PermanentMission.objects.filter(country__iso2="IE").update(
        website="https://ireland-mission.example.org", phone="+1 212 555 0123"
    )
    return world


def _pages(client, world):
    action, campaign = world["action"], world["campaign"]
    mailto = reverse("campaigns:action-mailto", args=[campaign.slug, action.slug])
    return client.get(action.get_absolute_url()).content.decode(), client.get(mailto).content.decode()


@pytest.mark.django_db
def test_supporters_are_told_plainly_and_get_websites_and_phones(client, world):
    for page in _pages(client, world):
        assert 'id="address-gap"' in page
        assert "We do not have e-mail addresses for these missions yet" in page
        assert 'href="https://ireland-mission.example.org"' in page and 'href="tel:+12125550123"' in page
        assert "import_missions" not in page
        assert 'href="mailto:' not in page


@pytest.mark.django_db
def test_staff_are_told_how_to_add_the_addresses(client, curator, world):
    client.force_login(curator)
    for page in _pages(client, world):
        assert "No mission listed here has an e-mail address yet" in page
        assert reverse("states:import-missions") in page and "import_missions" in page


@pytest.mark.django_db
def test_after_the_blue_book_the_notice_goes_and_links_appear(client, world):
    PermanentMission.objects.filter(country__iso2="IE").delete()
    import_bluebook(BLUE_BOOK.replace(b'"Egypt"', b'"Ireland"'))
    action_page, mailto_page = _pages(client, world)
    assert 'id="address-gap"' not in action_page and 'id="address-gap"' not in mailto_page
    assert 'href="mailto:egypt.fixture@example.org?subject=' in mailto_page
