"""Views and exports of restricted or confidential cases leave an audit trail; public ones don't."""

import pytest

from audit.models import AuditEvent
from cases.models import Country
from cases.tests.factories import CaseFactory, MentionFactory, ParagraphFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases_in_djibouti():
    djibouti = Country.objects.get(iso2="DJ")
    confidential, public = (
        CaseFactory(country=djibouti, visibility="confidential"),
        CaseFactory(country=djibouti),
    )
    paragraph = ParagraphFactory(report__symbol="A/HRC/45/36")
    for case in (confidential, public):
        MentionFactory(case=case, paragraph=paragraph)
    # Named twice on the report page (a paragraph and the list without one): still one event.
    MentionFactory(case=confidential, report=paragraph.report, paragraph=None)
    return confidential, public


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
        ("/reports/A/HRC/45/36/", "view"),
        ("/api/v1/reports/A/HRC/45/36", "view"),
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
