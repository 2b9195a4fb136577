import datetime

import pytest
from django.db import IntegrityError, transaction

from states.models import CouncilMembership, PermanentMission, Session, Statement
from states.tests.factories import CouncilMembershipFactory, SessionFactory, country

pytestmark = pytest.mark.django_db


def test_mission_time_zone_defaults_to_its_city():
    geneva = PermanentMission.objects.create(country=country("IE"), city="geneva", name="Mission of Ireland")
    assert geneva.time_zone == "Europe/Zurich"
    with pytest.raises(IntegrityError), transaction.atomic():
        PermanentMission.objects.create(country=country("IE"), city="geneva", name="Again")


def test_council_term_must_end_after_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilMembershipFactory(start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2019, 1, 1))
    term = CouncilMembershipFactory(
        start_date=datetime.date(2018, 7, 13), end_date=datetime.date(2019, 12, 31)
    )
    assert term.covers_year(2018) and term.covers(datetime.date(2019, 12, 31)) and not term.covers_year(2020)
    assert str(term) == "Ireland (2018–2019)"
    assert CouncilMembership(source="(knowledge) - verify").needs_verification


def test_session_keys():
    session = SessionFactory(body="hrc_id", number=54)
    assert session.key == "hrc_id-54"
    assert Session.from_key("HRC_ID-54") == session
    assert Session.from_key("hrc-54") is None
    assert Session.from_key("nonsense") is None
    assert session.city == "geneva" and SessionFactory(body="ga3", number=78).city == "new_york"


def test_statement_speaker_must_match_kind():
    session = SessionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(session=session, kind="national", speaker=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(session=session, kind="joint", speaker=country("US"))
    statement = Statement.objects.create(
        session=session, kind="national", speaker=country("US"), situations="Hong Kong\n\n Tibet "
    )
    assert statement.situation_list == ["Hong Kong", "Tibet"]
