"""A deletion in the back office that would take records of cases the user may not see with it
(deleting a vocabulary entry unlinks it from every case), or that such records stop (a report's
mentions), is refused, and its confirmation page neither names nor counts those records
(cases/staff_gate.py:HiddenCasesProtectDeletionMixin)."""

import pytest
from django.urls import reverse

from cases.models import Country, Mechanism, Report
from cases.tests.factories import CaseFactory, MentionFactory, ParagraphFactory, ReportFactory
from cases.visibility import Visibility

pytestmark = pytest.mark.django_db
HIDDEN = dict(
    title="Qzconfidential deletion marker",
    visibility=Visibility.CONFIDENTIAL,
    country=lambda: Country.objects.get(iso2="EG"),
)


def _hidden_case(**extra):
    return CaseFactory(
        title=HIDDEN["title"], visibility=HIDDEN["visibility"], country=HIDDEN["country"](), **extra
    )


@pytest.fixture
def mechanism():
    return Mechanism.objects.create(slug="zq-test-body", name="Zq test body")


def _delete(client, user, mechanism):
    client.force_login(user)
    url = reverse("admin:cases_mechanism_delete", args=[mechanism.pk])
    page = client.get(url).content.decode()
    client.post(url, {"post": "yes"})
    return page


def test_unlinking_a_hidden_case_is_refused_without_naming_or_counting_it(client, curator, mechanism):
    CaseFactory(title="Visible linked case", mechanisms=[mechanism.slug])
    _hidden_case(mechanisms=[mechanism.slug])
    page = _delete(client, curator, mechanism)
    assert "Qzconfidential" not in page
    assert "records of cases you do not have access to" in page
    assert "relationships: 2" not in page
    assert Mechanism.objects.filter(pk=mechanism.pk).exists()


def test_a_deletion_that_reaches_only_visible_cases_goes_ahead(client, curator, mechanism):
    CaseFactory(title="Visible linked case", mechanisms=[mechanism.slug])
    page = _delete(client, curator, mechanism)
    assert "records of cases you do not have access to" not in page
    assert not Mechanism.objects.filter(pk=mechanism.pk).exists()


def test_records_of_hidden_cases_that_protect_a_report_are_not_counted(client, curator):
    report = ReportFactory(symbol="A/HRC/99/1", year=2030, session=99)
    MentionFactory(case=CaseFactory(title="Visible case"), paragraph=ParagraphFactory(report=report))
    MentionFactory(case=_hidden_case(), paragraph=ParagraphFactory(report=report))
    client.force_login(curator)
    page = client.get(reverse("admin:cases_report_delete", args=[report.pk])).content.decode()
    assert "records of cases you do not have access to" in page
    assert "Mention in a report" not in page
    assert Report.objects.filter(pk=report.pk).exists()


def test_an_administrator_sees_and_may_delete_everything(client, administrator, mechanism):
    _hidden_case(mechanisms=[mechanism.slug])
    page = _delete(client, administrator, mechanism)
    assert "records of cases you do not have access to" not in page
    assert not Mechanism.objects.filter(pk=mechanism.pk).exists()
