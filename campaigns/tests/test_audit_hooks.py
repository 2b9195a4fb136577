"""A campaign page lists its featured cases; a restricted or confidential one that a signed-in
user may see is recorded in the audit log, as on every other page that names cases."""

import pytest

from audit.models import AuditEvent

from .factories import make_world

pytestmark = pytest.mark.django_db


def test_a_confidential_featured_case_seen_by_a_partner_is_recorded(client, partner):
    world = make_world()
    _nicaragua, djibouti = world["cases"]
    djibouti.visibility = "confidential"
    djibouti.save()
    client.force_login(partner)
    body = client.get("/campaigns/stop-reprisals/").content.decode()
    assert djibouti.title.replace("'", "&#x27;") in body
    events = AuditEvent.objects.filter(action="view")
    assert list(events.values_list("public_id", "username", "via")) == [
        (djibouti.public_id, "partner", "/campaigns/stop-reprisals/")
    ]


def test_public_featured_cases_leave_no_event(client, partner):
    make_world()
    client.force_login(partner)
    assert client.get("/campaigns/stop-reprisals/").status_code == 200
    assert not AuditEvent.objects.filter(action="view").exists()
