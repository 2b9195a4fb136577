import pytest

from cases.tests.factories import CaseFactory
from cases.visibility import Visibility
from states.models import Statement
from states.tests.factories import StatementFactory, country

pytestmark = pytest.mark.django_db


def test_curators_may_edit_states_data(curator):
    for model in (
        "permanentmission",
        "councilmembership",
        "session",
        "resolution",
        "sponsorship",
        "statement",
    ):
        assert curator.has_perm(f"states.change_{model}"), model
        assert curator.has_perm(f"states.add_{model}"), model


@pytest.mark.parametrize(
    "url",
    [
        "/admin/states/permanentmission/",
        "/admin/states/councilmembership/",
        "/admin/states/session/",
        "/admin/states/resolution/",
        "/admin/states/sponsorship/",
        "/admin/states/statement/",
        "/admin/states/statement/add/",
        "/admin/states/resolution/add/",
    ],
)
def test_admin_pages_render(client, curator, url):
    client.force_login(curator)
    assert client.get(url).status_code == 200


def test_statement_form_hides_cases_the_curator_may_not_see_and_keeps_their_links(client, curator):
    visible = CaseFactory(title="Visible to the curator")
    hidden = CaseFactory(title="Zyxconfidential hidden", visibility=Visibility.CONFIDENTIAL)
    statement = StatementFactory(speaker=country("US"), raised_cases=[visible, hidden])
    client.force_login(curator)
    url = f"/admin/states/statement/{statement.pk}/change/"
    page = client.get(url).content.decode()
    assert "Visible to the curator" in page
    assert "Zyxconfidential" not in page
    response = client.post(
        url,
        {
            "session": statement.session_id,
            "kind": "national",
            "speaker": country("US").pk,
            "title": "Edited",
            "raised_cases": [visible.pk],
            "summary": "",
            "situations": "",
            "source_url": "",
            "note": "",
            "date": "2023-09-28",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    statement.refresh_from_db()
    assert statement.title == "Edited"
    assert set(statement.raised_cases.all()) == {visible, hidden}
    assert Statement.objects.count() == 1
