"""Optimistic locking on staff edit forms (endreprisals/edit_versions.py): two people open the
same record, the first saves, the second's save from the stale form is refused with the first
one's change shown, and nothing the first saved is undone."""

import lxml.html
import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import reverse

from cases.models import Case, Victim
from cases.tests.factories import CaseFactory, UserFactory, VictimFactory
from cases.visibility import Visibility
from endreprisals.edit_versions import VERSION_FIELD, VersionedAdminMixin

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def open_form(client, url, form_id=None):
    """GET a page and return its edit form's values as a browser would submit them."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return form_values(response, form_id)


def form_values(response, form_id=None):
    """The values of the page's POST form whose id or action is `form_id` (by default, the one
    with the most fields)."""
    page = lxml.html.fromstring(response.content.decode())
    forms = [
        f
        for f in page.forms
        if f.method.upper() == "POST" and (form_id is None or form_id in (f.get("id"), f.get("action")))
    ]
    form = max(forms, key=lambda f: len(f.inputs))
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def post(client, url, data, **changes):
    body = {**data, **{name: [value] for name, value in changes.items()}}
    return client.post(url, body)


@pytest.fixture
def second_curator(db):
    from cases.roles import CURATORS

    user = UserFactory(username="curator2", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


def test_a_stale_case_form_is_refused_and_the_first_change_kept(curator, second_curator):
    case = CaseFactory(visibility=Visibility.PUBLIC, title="Original title", summary="Original summary")
    url = reverse("admin:cases_case_change", args=[case.pk])
    first, second = _client(curator), _client(second_curator)
    first_form, second_form = open_form(first, url, "case_form"), open_form(second, url, "case_form")
    assert first_form[VERSION_FIELD][0]

    assert post(first, url, first_form, title="Title by the first curator").status_code == 302
    refused = post(second, url, second_form, summary="Summary typed by the second curator")

    assert refused.status_code == 200
    case.refresh_from_db()
    assert case.title == "Title by the first curator"  # not undone
    assert case.summary == "Original summary"  # nothing saved from the stale form
    text = refused.content.decode()
    assert "Someone else saved this record after you opened it" in text
    # field, their value, your value
    assert "Title: their value “Title by the first curator”, your value “Original title”" in text
    # what the second curator typed is still in the form
    assert "Summary typed by the second curator" in text

    # Saving again, now knowing what it replaces, goes through.
    again = form_values(refused, "case_form")
    assert post(second, url, again).status_code == 302
    case.refresh_from_db()
    assert case.summary == "Summary typed by the second curator"


def test_a_stale_inline_row_is_refused(curator, second_curator):
    case = CaseFactory(visibility=Visibility.PUBLIC)
    victim = VictimFactory(case=case, name="Name as reported")
    url = reverse("admin:cases_case_change", args=[case.pk])
    first, second = _client(curator), _client(second_curator)
    first_form, second_form = open_form(first, url, "case_form"), open_form(second, url, "case_form")
    name_key = next(k for k in first_form if k.startswith("victims-") and k.endswith("-name"))

    assert post(first, url, first_form, **{name_key: "Corrected name"}).status_code == 302
    refused = post(second, url, second_form, title="Another title")

    assert refused.status_code == 200
    victim.refresh_from_db()
    assert victim.name == "Corrected name"
    assert Case.objects.get(pk=case.pk).title == case.title
    text = refused.content.decode()
    assert "Name: their value “Corrected name”, your value “Name as reported”" in text


def test_a_row_deleted_meanwhile_is_reported(curator, second_curator):
    case = CaseFactory(visibility=Visibility.PUBLIC)
    victim = VictimFactory(case=case)
    url = reverse("admin:cases_case_change", args=[case.pk])
    stale = open_form(_client(second_curator), url, "case_form")
    victim.delete()
    refused = post(_client(second_curator), url, stale, title="Changed")
    assert refused.status_code == 200
    assert "deleted by someone else" in refused.content.decode()
    assert not Victim.objects.filter(pk=victim.pk).exists()


def test_an_unchanged_record_saves_normally(curator):
    case = CaseFactory(visibility=Visibility.PUBLIC)
    url = reverse("admin:cases_case_change", args=[case.pk])
    client = _client(curator)
    assert post(client, url, open_form(client, url, "case_form"), title="New").status_code == 302
    assert Case.objects.get(pk=case.pk).title == "New"


def test_restoring_a_version_from_a_stale_page_is_refused(curator, second_curator):
    case = CaseFactory(visibility=Visibility.PUBLIC, title="Version one")
    case.title = "Version two"
    case.save()
    record = case.history.order_by("history_date").first()
    revert = reverse("admin:cases_case_simple_history", args=[case.pk, record.history_id])
    stale = open_form(_client(second_curator), revert)
    Case.objects.filter(pk=case.pk).update(summary="Saved meanwhile")
    refused = post(_client(second_curator), revert, stale)
    assert refused.status_code == 200
    case.refresh_from_db()
    assert (case.title, case.summary) == ("Version two", "Saved meanwhile")


def test_a_conflict_on_a_related_hidden_case_names_no_hidden_case(curator, administrator):
    """Their value for a relation goes through the visibility rule: a case the reader may not
    see is counted, never named."""
    from states.models import Statement
    from states.tests.factories import SessionFactory

    visible = CaseFactory(visibility=Visibility.PUBLIC, title="Visible case")
    hidden = CaseFactory(visibility=Visibility.CONFIDENTIAL, title="HIDDEN-MARKER")
    statement = Statement.objects.create(
        session=SessionFactory(), kind=Statement.Kind.JOINT, date="2024-06-01", title="Statement"
    )
    statement.raised_cases.add(visible)
    url = reverse("admin:states_statement_change", args=[statement.pk])
    client = _client(curator)
    stale = open_form(client, url, "statement_form")
    statement.raised_cases.add(hidden)  # an administrator links a confidential case meanwhile
    refused = post(client, url, stale, title="Retitled")
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "1 record you cannot see" in text
    assert "HIDDEN-MARKER" not in text
    assert set(statement.raised_cases.values_list("pk", flat=True)) == {visible.pk, hidden.pk}


def _admins_with_a_change_form(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_change_permission(request)
    ]


def test_every_admin_change_form_checks_the_version(administrator):
    found = _admins_with_a_change_form(administrator)
    assert len(found) > 20  # the registry was read
    missing = [
        model._meta.label for model, model_admin in found if not isinstance(model_admin, VersionedAdminMixin)
    ]
    assert missing == []


@pytest.mark.parametrize(
    "label", ["auth.User", "cases.Country", "campaigns.Campaign", "tracking.TimelineEvent"]
)
def test_change_pages_of_other_apps_carry_the_version(administrator, label):
    from django.apps import apps

    model = apps.get_model(label)
    obj = model._default_manager.first()
    if obj is None:
        obj = _make(model, administrator)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    assert form_values(_client(administrator).get(url)).get(VERSION_FIELD, [""])[0]


def _make(model, user):
    from campaigns.models import Campaign
    from tracking.models import TimelineEvent

    if model is Campaign:
        return Campaign.objects.create(title="A campaign", slug="a-campaign", starts_on="2024-01-01")
    if model is TimelineEvent:
        return TimelineEvent.objects.create(
            case=CaseFactory(), date="2024-01-01", kind=TimelineEvent.Kind.INCIDENT, note="n"
        )
    raise AssertionError(model)


def test_a_password_changed_meanwhile_is_a_conflict_but_never_shown(administrator):
    from django.contrib.auth.models import User

    other = UserFactory(username="someone", is_staff=True)
    url = reverse("admin:auth_user_change", args=[other.pk])
    client = _client(administrator)
    stale = open_form(client, url, "user_form")
    other.set_password("a new long passphrase 1")
    other.save()
    refused = post(client, url, stale, first_name="Changed")
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Password: changed by someone else to “(not shown)”." in text
    assert User.objects.get(pk=other.pk).password.split("$")[-1] not in text
