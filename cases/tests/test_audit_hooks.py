"""Views and exports of restricted or confidential cases leave an audit trail; public ones don't."""

import pytest

from audit.models import AuditEvent
from cases.models import Country
from cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases_in_djibouti():
    djibouti = Country.objects.get(iso2="DJ")
    return CaseFactory(country=djibouti, visibility="confidential"), CaseFactory(country=djibouti)


@pytest.mark.parametrize(
    ("url", "action"),
    [
        ("/cases/{id}/", "view"),
        ("/api/v1/cases/{id}", "view"),
        ("/cases/?country=DJ", "view"),
        ("/api/v1/cases?country=DJ", "view"),
        ("/cases.csv?country=DJ", "export"),
        ("/countries/dj/", "view"),
        ("/", "view"),
    ],
)
def test_access_to_a_confidential_case_is_recorded(client, partner, cases_in_djibouti, url, action):
    confidential, public = cases_in_djibouti
    client.force_login(partner)
    response = client.get(url.format(id=confidential.public_id))
    assert response.status_code == 200
    events = AuditEvent.objects.filter(action=action, public_id=confidential.public_id)
    assert events.filter(username="partner").count() == 1
    assert not AuditEvent.objects.filter(action=action, public_id=public.public_id).exists()
