"""Timelines: stored events plus entries derived from report mentions, the case's first
incident and States' statements; the status rule, in Python and in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case, Mention
from cases.tests.factories import CaseFactory, MentionFactory, ParagraphFactory
from tracking.models import TimelineEvent
from tracking.services.status import CLOSED, annotate_status, closed_q, derive_status
from tracking.services.timeline import REPORT, follow_up

from .conftest import event, mention, report

D = datetime.date
K = TimelineEvent.Kind
OUT = TimelineEvent.Outcome


@pytest.mark.django_db
def test_report_mentions_are_derived_not_stored():
    case = CaseFactory(incident_date=D(2014, 3, 1), incident_date_precision="month")
    published = report(2016, published_on=D(2016, 9, 12))
    para = ParagraphFactory(report=published, number=12)
    MentionFactory(case=case, paragraph=para, report=published, kind=Mention.Kind.FIRST)
    mention(case, 2018, Mention.Kind.FOLLOW_UP)
    event(case, D(2015, 6, 1), K.COMMUNICATION, note="Urgent appeal")

    data = follow_up(case)

    assert TimelineEvent.objects.filter(case=case).count() == 1  # nothing copied
    kinds = [(e.kind, e.date, e.precision) for e in data.entries]
    assert kinds == [
        (K.INCIDENT, D(2014, 3, 1), "month"),  # derived from Case.incident_date
        (K.COMMUNICATION, D(2015, 6, 1), "day"),
        (REPORT, D(2016, 9, 12), "day"),  # the report's distribution date
        (REPORT, D(2018, 1, 1), "year"),  # only the year is known
    ]
    first_report = data.entries[2]
    assert first_report.derived and first_report.source_label == para.reference
    assert first_report.source_url == para.get_absolute_url()
    assert data.report_years == [2016, 2018]
    assert data.last_heard.kind == REPORT and data.last_heard_year == 2018


@pytest.mark.django_db
def test_first_incident_is_not_repeated_when_an_incident_event_has_its_date():
    case = CaseFactory(incident_date=D(2019, 5, 4))
    event(case, D(2019, 5, 4), K.INCIDENT, note="Arrested at the airport")
    incidents = [e for e in follow_up(case).entries if e.kind == K.INCIDENT]
    assert len(incidents) == 1 and not incidents[0].derived


@pytest.mark.django_db
def test_year_only_dates_sort_at_the_end_of_their_year():
    case = CaseFactory(incident_date=None)
    mention(case, 2020)
    event(case, D(2020, 3, 2), K.STATE_REPLY, response=TimelineEvent.Response.DENIED)
    data = follow_up(case)
    assert [e.kind for e in data.entries] == [K.STATE_REPLY, REPORT]
    assert data.last_heard.kind == REPORT


@pytest.mark.django_db
def test_statements_raising_the_case_are_derived():
    from django.apps import apps

    if not apps.is_installed("states"):
        pytest.skip("the states app is not installed")
    from states.models import Session, Statement

    case = CaseFactory(incident_date=None)
    session = Session.objects.create(body="hrc", number=54, title="HRC 54", start_date=D(2023, 9, 11))
    statement = Statement.objects.create(
        session=session, kind="national", speaker=case.country, date=D(2023, 9, 28)
    )
    statement.raised_cases.add(case)
    entries = follow_up(case).entries
    assert [(e.kind, e.date, e.derived) for e in entries] == [(K.RAISED, D(2023, 9, 28), True)]


@pytest.mark.django_db
def test_event_fields_are_validated_by_kind():
    case = CaseFactory()
    with pytest.raises(ValidationError) as err:
        TimelineEvent(case=case, date=D(2020, 1, 1), kind=K.STATE_REPLY).full_clean()
    assert "response" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        TimelineEvent(case=case, date=D(2020, 1, 1), kind=K.INCIDENT, outcome=OUT.RELEASED).full_clean()
    assert "outcome" in err.value.message_dict
    TimelineEvent(case=case, date=D(2020, 1, 1), kind=K.OUTCOME, outcome=OUT.RELEASED).full_clean()


# The status rule: (curated status, incident date, [(date, kind, outcome)], expected status).
STATUS_CASES = [
    ("no events: the curated status stands", "ongoing", None, [], "ongoing"),
    ("no events, curated resolved", "resolved", None, [], "resolved"),
    ("no events, curated unknown", "unknown", D(2019, 1, 1), [], "unknown"),
    ("news never decides", "unknown", None, [(D(2020, 1, 1), K.COMMUNICATION, "")], "unknown"),
    ("released", "ongoing", D(2019, 1, 1), [(D(2020, 1, 1), K.OUTCOME, OUT.RELEASED)], "resolved"),
    ("travel ban lifted", "ongoing", None, [(D(2020, 1, 1), K.OUTCOME, OUT.TRAVEL_BAN_LIFTED)], "resolved"),
    (
        "re-arrested after release",
        "resolved",
        None,
        [(D(2020, 1, 1), K.OUTCOME, OUT.RELEASED), (D(2021, 1, 1), K.INCIDENT, "")],
        "ongoing",
    ),
    (
        "incident on the day of release does not reopen",
        "ongoing",
        None,
        [(D(2020, 1, 1), K.INCIDENT, ""), (D(2020, 1, 1), K.OUTCOME, OUT.RELEASED)],
        "resolved",
    ),
    (
        "first incident recorded on the case after the release",
        "ongoing",
        D(2022, 1, 1),
        [(D(2020, 1, 1), K.OUTCOME, OUT.CHARGES_DROPPED)],
        "ongoing",
    ),
    (
        "sentenced after charges dropped",
        "ongoing",
        None,
        [(D(2019, 1, 1), K.OUTCOME, OUT.CHARGES_DROPPED), (D(2020, 1, 1), K.OUTCOME, OUT.SENTENCED)],
        "ongoing",
    ),
    ("sentenced alone", "resolved", None, [(D(2020, 1, 1), K.OUTCOME, OUT.SENTENCED)], "ongoing"),
    ("other outcome decides nothing", "unknown", None, [(D(2020, 1, 1), K.OUTCOME, OUT.OTHER)], "unknown"),
    (
        "killed wins over a later release",
        "ongoing",
        None,
        [(D(2019, 1, 1), K.OUTCOME, OUT.KILLED), (D(2020, 1, 1), K.OUTCOME, OUT.RELEASED)],
        "killed",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("curated", "incident", "events", "expected"),
    [c[1:] for c in STATUS_CASES],
    ids=[c[0] for c in STATUS_CASES],
)
def test_status_rule_in_python_and_in_the_database_agree(curated, incident, events, expected):
    case = CaseFactory(status=curated, incident_date=incident)
    for day, kind, outcome in events:
        event(case, day, kind, outcome=outcome)
    assert derive_status(case, list(TimelineEvent.objects.filter(case=case))).code == expected
    assert follow_up(case).status.code == expected
    db = annotate_status(Case.objects.filter(pk=case.pk)).get()
    assert db.derived_status == expected
    assert Case.objects.filter(closed_q(), pk=case.pk).exists() == (expected in CLOSED)


@pytest.mark.django_db
def test_case_page_shows_status_last_heard_and_report_years(client):
    case = CaseFactory(status="ongoing", incident_date=D(2017, 2, 1))
    mention(case, 2018)
    mention(case, 2021, Mention.Kind.FOLLOW_UP)
    event(case, D(2019, 4, 1), K.OUTCOME, outcome=OUT.RELEASED, source_citation="Press release")
    body = client.get(case.get_absolute_url()).content.decode()
    assert 'data-derived-status="resolved"' in body
    assert 'data-last-heard="2021"' in body
    assert ">2018</a>, <a" in body and ">2021</a>" in body
    assert "Press release" in body
    assert f'href="/cases/{case.public_id}/feed/"' in body and 'type="application/atom+xml"' in body
