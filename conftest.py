"""Project-wide fixtures: reference data in the test database, and the personas every test
suite uses (visitor, researcher, partner with a restricted grant, curator, administrator)."""

import pytest
from django.contrib.auth.models import Group

from cases.models import AccessGrant, Country
from cases.reference.loader import load_reference
from cases.roles import CURATORS, RESEARCHERS
from cases.tests.factories import UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture
def reference_data(transactional_db):
    """For transactional tests (live server, browser), whose flush empties every table."""
    load_reference()


@pytest.fixture
def researcher(db):
    user = UserFactory(username="researcher")
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    return user


@pytest.fixture
def partner(db):
    """A partner organisation's researcher, granted the confidential records of one country."""
    user = UserFactory(username="partner")
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    AccessGrant.objects.create(
        user=user, country=Country.objects.get(iso2="DJ"), level=AccessGrant.Level.CONFIDENTIAL
    )
    return user


@pytest.fixture
def curator(db):
    user = UserFactory(username="curator", is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


@pytest.fixture
def administrator(db):
    return UserFactory(username="administrator", is_staff=True, is_superuser=True)
