import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from cases.tests.factories import CaseFactory
from cases.visibility import Visibility
from states.models import Statement
from states.tests.factories import SessionFactory, StatementFactory, country

pytestmark = pytest.mark.django_db

SNIPPET = Template("{% load states_tags %}{% states_that_raised case %}")


def render(case, user=None):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = user or AnonymousUser()
    return SNIPPET.render(Context({"case": case, "request": request}))


def test_snippet_lists_states_sessions_and_dates():
    case = CaseFactory(title="Raised case")
    session = SessionFactory(body="ga3", number=78, title="Third Committee, 78th session")
    StatementFactory(
        session=session, speaker=country("US"), date=datetime.date(2023, 10, 12), raised_cases=[case]
    )
    StatementFactory(
        session=session,
        kind=Statement.Kind.JOINT,
        speaker=None,
        date=None,
        leads=[country("IE"), country("UY")],
        joined_count_reported=80,
        raised_cases=[case],
    )
    html = render(case)
    assert "States that raised this case" in html
    assert "United States" in html and "Third Committee, 78th session" in html
    assert 'datetime="2023-10-12"' in html
    assert "Ireland" in html and "80 States reported to have joined" in html
    assert 'href="/states/us/"' in html


def test_snippet_is_empty_when_nobody_raised_it_or_the_case_is_hidden(administrator):
    assert render(CaseFactory()).strip() == ""
    secret = CaseFactory(title="Zyxconfidential", visibility=Visibility.CONFIDENTIAL)
    StatementFactory(speaker=country("US"), raised_cases=[secret])
    assert render(secret).strip() == ""
    assert "United States" in render(secret, administrator)
