"""load_states loads the Council's resolutions on cooperation with the UN and the co-sponsors of
36/21 from the copies of the public sources (states/reference/SOURCES.md), and says what is partial."""

import datetime

import pytest
from django.urls import reverse

from states.models import Resolution, Sponsorship
from states.reference.loader import load_states


@pytest.mark.django_db
def test_resolutions_with_dates_votes_and_what_was_not_seen():
    report = load_states(demo_data=False)
    assert report.resolutions == 6 and report.unmapped_sponsors == []
    res_36 = Resolution.objects.get(symbol="A/HRC/RES/36/21")
    assert res_36.adoption_date == datetime.date(2017, 9, 29)
    assert (res_36.adopted_by, res_36.votes_in_favour, res_36.votes_against, res_36.abstentions) == (
        "vote",
        29,
        0,
        19,
    )
    assert res_36.sponsorships.count() == 57 == report.real_cosponsors
    assert res_36.source_url.startswith("https://right-docs.org/")
    res_12 = Resolution.objects.get(symbol="A/HRC/RES/12/2")
    assert (
        res_12.adoption_date is None
        and "2009-10" in res_12.note
        and "Sponsor list: not found." in res_12.note
    )
    assert Resolution.objects.get(symbol="A/HRC/RES/54/24").adopted_by == "without_vote"
    # Names as right-docs writes them ("Korea, Republic of") normalised to the country table.
    assert Sponsorship.objects.filter(resolution=res_36, country__iso2="KR").exists()
    history = Resolution.history.count(), Sponsorship.objects.count()
    load_states(demo_data=False)
    assert (Resolution.history.count(), Sponsorship.objects.count()) == history


@pytest.mark.django_db
def test_the_state_page_shows_the_record_and_says_it_is_partial(client):
    load_states(demo_data=False)
    page = client.get(reverse("states:detail", args=["ie"])).content.decode()
    assert "A/HRC/RES/36/21" in page and 'id="sponsors-partial"' in page


@pytest.mark.django_db
def test_joint_statements_and_states_raising_cases_from_the_sources(client):
    from states.models import Session, Statement

    load_states(demo_data=False)
    ga78 = Statement.objects.get(session__body="ga3", session__number=78, kind="joint")
    assert sorted(c.iso2 for c in ga78.leads.all()) == ["IE", "UY"]
    assert ga78.joined_count_reported == 82 and "no list seen" in ga78.note
    hrc30 = Statement.objects.get(session__body="hrc", session__number=30, kind="joint")
    assert [c.iso2 for c in hrc30.joined_by.all()] == ["US"]
    germany = Statement.objects.get(session__body="hrc_id", session__number=54, speaker__iso2="DE")
    assert "Viasna" in germany.situation_list[0] and germany.source_url.startswith("https://ishr.ch/")
    cut_off = Statement.objects.get(session__body="hrc_id", session__number=54, speaker__iso2="LI")
    assert cut_off.situations == "" and "cut off" in cut_off.note  # partial: said, not guessed
    assert Session.objects.get(body="hrc_id", number=57).reported_states_raising_cases == 11
    counts = Statement.objects.count(), Statement.history.count(), Session.history.count()
    load_states(demo_data=False)
    assert (Statement.objects.count(), Statement.history.count(), Session.history.count()) == counts
    assert "Viasna" in client.get(reverse("states:detail", args=["de"])).content.decode()
