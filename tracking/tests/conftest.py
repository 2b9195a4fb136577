import datetime

import pytest

from cases.models import Country, Mention
from cases.tests.factories import CaseFactory, MentionFactory, ReportFactory
from cases.visibility import Visibility
from tracking.models import TimelineEvent


def event(case, day, kind, **fields):
    return TimelineEvent.objects.create(case=case, date=day, kind=kind, **fields)


def report(year, published_on=None):
    r = ReportFactory(year=year, symbol=f"A/HRC/T/{year}")
    if published_on:
        r.published_on = published_on
        r.save()
    return r


def mention(case, year, kind=Mention.Kind.FIRST):
    r = report(year)
    return MentionFactory(case=case, report=r, paragraph=None, kind=kind)


@pytest.fixture
def this_year():
    from django.utils import timezone

    return timezone.localdate().year


@pytest.fixture
def hidden_cases(db):
    """A restricted, a confidential and an unpublished public case, each mentioned in a report
    and changed recently: no public surface may show them."""
    djibouti = Country.objects.get(iso2="DJ")
    cases = {
        "restricted": CaseFactory(
            title="Zyxrestricted case", country=djibouti, visibility=Visibility.RESTRICTED
        ),
        "confidential": CaseFactory(
            title="Zyxconfidential case", country=djibouti, visibility=Visibility.CONFIDENTIAL
        ),
        "draft": CaseFactory(title="Zyxdraft case", country=djibouti, published_at=None),
    }
    for case in cases.values():
        mention(case, 2015)
        mention(case, 2016, Mention.Kind.FOLLOW_UP)
        event(case, datetime.date(2012, 1, 1), TimelineEvent.Kind.INCIDENT)
    return cases
