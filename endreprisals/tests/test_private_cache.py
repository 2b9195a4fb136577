"""`Cache-Control: private, no-store` on every response that is not public
(endreprisals.middleware.PrivateCacheMiddleware)."""

import pytest
from django.test import Client

from cases.tests.factories import CaseFactory
from cases.visibility import Visibility

pytestmark = pytest.mark.django_db


def _no_store(response):
    directives = {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def _pages(case):
    return [
        "/",
        "/cases/",
        f"/cases/{case.public_id}/",
        f"/cases/{case.public_id}/feed/",
        "/cases/feed/",
        "/cases.csv",
        "/cases.json",
        "/countries/",
        "/analysis/",
        "/api/v1/cases",
        "/campaigns/",
        "/states/",
        "/intake/",
        "/admin/",
        "/admin/cases/case/",
        f"/admin/cases/case/{case.pk}/change/",
        "/intake/staff/",
        "/campaigns/staff/",
    ]


@pytest.mark.parametrize("persona", ["researcher", "partner", "curator", "administrator"])
def test_every_page_for_a_signed_in_user_is_private_and_not_stored(request, persona):
    user = request.getfixturevalue(persona)
    case = CaseFactory(visibility=Visibility.CONFIDENTIAL, title="Confidential marker")
    client = Client()
    client.force_login(user)
    for path in _pages(case):
        response = client.get(path)
        assert _no_store(response), (persona, path, response.status_code, response.get("Cache-Control"))


def test_staff_pages_are_not_stored_even_for_anonymous_visitors(client):
    for path in ("/admin/login/", "/admin/", "/intake/staff/", "/fr/intake/staff/"):
        response = client.get(path)
        assert _no_store(response), (path, response.get("Cache-Control"))


def test_public_pages_for_anonymous_visitors_keep_their_caching(client):
    case = CaseFactory(visibility=Visibility.PUBLIC)
    for path in ("/", "/cases/", f"/cases/{case.public_id}/"):
        assert "no-store" not in client.get(path).get("Cache-Control", ""), path
