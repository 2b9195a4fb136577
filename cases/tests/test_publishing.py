"""cases.publishing: publishing and withdrawing are their own step, recorded in the history."""

import pytest
from django.core.exceptions import PermissionDenied

from cases.models import AccessGrant, Case, Country
from cases.publishing import REASON_PUBLISHED, REASON_UNPUBLISHED, publish, unpublish
from cases.tests.factories import CaseFactory
from cases.visibility import ANONYMOUS, Visibility

pytestmark = pytest.mark.django_db


def test_publish_sets_published_at_and_records_who_and_why(curator):
    case = CaseFactory(published_at=None)
    assert not Case.objects.visible_to(ANONYMOUS).filter(pk=case.pk).exists()

    assert publish(case, curator) is True

    case.refresh_from_db()
    assert case.is_published
    assert Case.objects.visible_to(ANONYMOUS).filter(pk=case.pk).exists()
    record = case.history.first()
    assert record.history_user == curator
    assert record.history_change_reason == REASON_PUBLISHED
    assert record.published_at == case.published_at


def test_publishing_twice_changes_nothing(curator):
    case = CaseFactory(published_at=None)
    publish(case, curator)
    first = Case.objects.get(pk=case.pk).published_at
    versions = case.history.count()

    assert publish(case, curator) is False

    assert Case.objects.get(pk=case.pk).published_at == first
    assert case.history.count() == versions


def test_unpublish_clears_published_at_and_records_it(curator):
    case = CaseFactory()
    assert unpublish(case, curator) is True
    assert case.published_at is None
    case.refresh_from_db()
    assert not case.is_published
    assert case.history.first().history_change_reason == REASON_UNPUBLISHED
    assert case.history.first().history_user == curator
    assert unpublish(case, curator) is False


def test_editing_a_published_case_keeps_it_published(curator):
    case = CaseFactory(published_at=None)
    publish(case, curator)
    case.refresh_from_db()
    case.title = "Edited after publication"
    case.save()
    case.refresh_from_db()
    assert case.is_published


def test_researcher_may_not_publish(researcher):
    case = CaseFactory(published_at=None)
    with pytest.raises(PermissionDenied):
        publish(case, researcher)
    with pytest.raises(PermissionDenied):
        unpublish(CaseFactory(), researcher)
    assert not Case.objects.get(pk=case.pk).is_published


def test_anonymous_may_not_publish():
    with pytest.raises(PermissionDenied):
        publish(CaseFactory(published_at=None), None)


def test_curator_cannot_publish_a_case_they_cannot_see(curator):
    hidden = CaseFactory(
        published_at=None, visibility=Visibility.CONFIDENTIAL, country=Country.objects.get(iso2="NI")
    )
    with pytest.raises(PermissionDenied):
        publish(hidden, curator)
    assert not Case.objects.get(pk=hidden.pk).is_published

    AccessGrant.objects.create(user=curator, country=hidden.country, level=AccessGrant.Level.CONFIDENTIAL)
    assert publish(hidden, curator) is True


def test_administrator_publishes_anything(administrator):
    case = CaseFactory(published_at=None, visibility=Visibility.CONFIDENTIAL)
    assert publish(case, administrator) is True
