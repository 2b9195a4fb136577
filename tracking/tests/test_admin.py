"""Curators add timeline events in the admin; the admin goes through the visibility gate."""

import datetime

import pytest

from cases.tests.factories import CaseFactory
from cases.visibility import Visibility
from tracking.models import TimelineEvent

from .conftest import event


@pytest.mark.django_db
def test_curator_adds_an_event_and_is_recorded_as_its_author(client, curator):
    case = CaseFactory()
    client.force_login(curator)
    assert client.get("/admin/tracking/timelineevent/add/").status_code == 200
    response = client.post(
        "/admin/tracking/timelineevent/add/",
        {
            "case": case.pk,
            "date": "2021-03-02",
            "date_precision": "day",
            "kind": "state_reply",
            "response": "investigating",
            "outcome": "",
            "note": "The Government said it opened an inquiry.",
            "source_url": "",
            "source_citation": "Annex II ¶3",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = TimelineEvent.objects.get()
    assert saved.created_by == curator and saved.response == "investigating"
    assert saved.history.count() == 1


@pytest.mark.django_db
def test_events_of_hidden_cases_do_not_exist_for_the_curator(client, curator):
    secret = CaseFactory(visibility=Visibility.CONFIDENTIAL)  # curators need a grant for these
    hidden = event(secret, datetime.date(2020, 1, 1), TimelineEvent.Kind.INCIDENT)
    visible = event(CaseFactory(), datetime.date(2020, 1, 1), TimelineEvent.Kind.INCIDENT)
    client.force_login(curator)
    listing = client.get("/admin/tracking/timelineevent/").content.decode()
    assert f"/admin/tracking/timelineevent/{visible.pk}/change/" in listing
    assert f"/admin/tracking/timelineevent/{hidden.pk}/change/" not in listing
    assert client.get(f"/admin/tracking/timelineevent/{hidden.pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/tracking/timelineevent/{hidden.pk}/history/").status_code == 404
    assert client.get(f"/admin/tracking/timelineevent/{visible.pk}/history/").status_code == 200


@pytest.mark.django_db
def test_curators_cannot_see_subscribers(client, curator):
    client.force_login(curator)
    assert client.get("/admin/tracking/subscription/").status_code == 403
