"""The States pages and API name cases: a restricted or confidential one leaves an audit event
for the user who saw it (one per case and request), a public one none."""

import pytest

from audit.models import AuditEvent
from cases.tests.factories import CaseFactory

from .factories import SessionFactory, StatementFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def raised_in_djibouti():
    """A confidential and a public open case in Djibouti, both raised by Djibouti twice at one
    session (two statements), so every page below names the confidential case twice."""
    confidential = CaseFactory(country=country("DJ"), visibility="confidential")
    public = CaseFactory(country=country("DJ"))
    session = SessionFactory()
    for _ in range(2):
        StatementFactory(session=session, speaker=country("DJ")).raised_cases.set([confidential, public])
    return confidential, public, session


@pytest.mark.parametrize(
    ("url", "action"),
    [
        ("/states/dj/", "view"),
        ("/sessions/{session}/", "view"),
        ("/states/dj/briefing/", "view"),
        ("/states/dj/briefing.pdf", "export"),
        ("/api/v1/states/dj", "view"),
        ("/api/v1/statements?state=DJ", "view"),
    ],
)
def test_a_confidential_case_named_on_a_states_page_is_recorded_once(
    client, partner, raised_in_djibouti, url, action
):
    confidential, public, session = raised_in_djibouti
    client.force_login(partner)
    path = url.format(session=session.pk)
    response = client.get(path)
    assert response.status_code == 200
    assert confidential.public_id in response.content.decode("latin-1") or action == "export"
    seen = AuditEvent.objects.filter(action__in=["view", "export"])
    assert list(seen.values_list("public_id", "action", "username", "via")) == [
        (confidential.public_id, action, "partner", path.split("?")[0])
    ]


def test_a_visitor_sees_no_confidential_case_and_leaves_no_event(client, raised_in_djibouti):
    confidential, public, _session = raised_in_djibouti
    body = client.get("/states/dj/").content.decode()
    assert public.title in body
    assert confidential.title not in body
    assert not AuditEvent.objects.filter(action__in=["view", "export"]).exists()
