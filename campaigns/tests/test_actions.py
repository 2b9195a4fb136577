"""E-mail action to permanent missions: target picker, letter variants, nudge, double opt-in,
one message per mission, throttling (not_before), bounces, replies, staff counts."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns import bounces, letters, services, throttle
from campaigns.models import ActionSubmission, MissionAddress, MissionMessage, MissionReply
from cases.models import Country
from cases.tests.factories import CaseFactory
from mailer.models import OutboundEmail
from states.models import Session, Statement

from .factories import campaigner, make_world, mission

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")


@pytest.fixture
def world(db):
    return make_world()


def _post(client, action, **overrides):
    data = {
        "name": "Ana Example",
        "email": "ana@example.org",
        "country": "FR",
        "consent": "on",
        "cosponsors_only": "on",
        "region": "",
        "targets": ["IE", "UY", "FR"],
        "letter_body": "Excellency,\n\nAs a teacher in Lyon I ask {state} to name the people punished for talking to the UN.",
        "website": "",
        "send": "1",
    }
    data.update(overrides)
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(action.get_absolute_url(), data)


# --- Office hours and throttle ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "monday", "friday", "saturday"),
    [
        ("Mon-Fri 09:00-17:00", ((540, 1020),), ((540, 1020),), ()),
        ("Monday to Thursday 9:30–18:00; Friday 9:00-13:00", ((570, 1080),), ((540, 780),), ()),
        ("9am-5pm", ((540, 1020),), ((540, 1020),), ()),
        ("Mon-Sun 00:00-24:00", ((0, 1440),), ((0, 1440),), ((0, 1440),)),
        ("Tue, Thu 10h00-12h00", (), (), ()),
    ],
)
def test_office_hours_are_read_from_free_text(text, monday, friday, saturday):
    hours = throttle.parse_office_hours(text)
    assert hours.intervals[0] == monday and hours.intervals[4] == friday and hours.intervals[5] == saturday


def test_unreadable_office_hours_fall_back_to_weekdays():
    assert throttle.parse_office_hours("by appointment") is None

    class Mission:
        office_hours = "by appointment"
        time_zone = ""
        city = "new_york"

    hours = throttle.office_hours_of(Mission())
    assert hours.intervals[0] == ((540, 1020),) and hours.intervals[6] == ()
    assert throttle.time_zone_of(Mission()) == NY


def test_next_open_respects_the_missions_time_zone():
    hours = throttle.parse_office_hours("Mon-Fri 09:00-17:00")
    saturday_noon = datetime.datetime(2024, 3, 2, 12, 0, tzinfo=NY)
    assert throttle.next_open(saturday_noon, hours, NY) == datetime.datetime(2024, 3, 4, 9, 0, tzinfo=NY)
    # 13:00 UTC on a Monday is 08:00 in New York: wait an hour.
    monday = datetime.datetime(2024, 3, 4, 13, 0, tzinfo=datetime.UTC)
    assert throttle.next_open(monday, hours, NY) == datetime.datetime(2024, 3, 4, 9, 0, tzinfo=NY)
    inside = datetime.datetime(2024, 3, 4, 10, 30, tzinfo=NY)
    assert throttle.next_open(inside, hours, NY) == inside


def test_throttle_computes_not_before_per_mission(world, settings):
    settings.CAMPAIGNS_MISSION_MAX_PER_HOUR = 2
    ireland = mission(
        "DE", "de@example.org", office_hours="Mon-Fri 09:00-17:00", time_zone="America/New_York"
    )
    other = mission("AT", "at@example.org", office_hours="Mon-Fri 09:00-17:00", time_zone="America/New_York")
    now = datetime.datetime(2024, 3, 4, 16, 10, tzinfo=NY)  # Monday, 16:10 in New York
    slots = [throttle.reserve_slot(ireland, now) for _ in range(3)]
    assert slots == [
        datetime.datetime(2024, 3, 4, 16, 10, tzinfo=NY),
        datetime.datetime(2024, 3, 4, 16, 40, tzinfo=NY),
        datetime.datetime(2024, 3, 5, 9, 0, tzinfo=NY),  # 17:10 is after hours: next morning
    ]
    # Each mission has its own schedule.
    assert throttle.reserve_slot(other, now) == now
    # Friday evening → Monday morning.
    friday = datetime.datetime(2024, 3, 8, 18, 0, tzinfo=NY)
    weekend = mission(
        "BE", "be@example.org", office_hours="Mon-Fri 09:00-17:00", time_zone="America/New_York"
    )
    assert throttle.reserve_slot(weekend, friday) == datetime.datetime(2024, 3, 11, 9, 0, tzinfo=NY)


def test_no_rolling_hour_holds_more_than_the_maximum(world, settings):
    settings.CAMPAIGNS_MISSION_MAX_PER_HOUR = 3
    target = mission("DE", "de@example.org")
    now = timezone.now()
    slots = [throttle.reserve_slot(target, now) for _ in range(10)]
    for slot in slots:
        in_hour = [s for s in slots if slot <= s < slot + datetime.timedelta(hours=1)]
        assert len(in_hour) <= 3


# --- Letters ---------------------------------------------------------------------------------


def test_letter_thanks_a_state_that_raised_the_case_and_asks_the_others(world):
    case_a, case_b = world["cases"]
    ireland, france = Country.objects.get(iso2="IE"), Country.objects.get(iso2="FR")
    session = Session.objects.create(body="hrc_id", number=54, title="Interactive dialogue")
    statement = Statement.objects.create(session=session, kind="national", speaker=ireland)
    statement.raised_cases.add(case_a)
    assert letters.state_raised_case(ireland, case_a) and not letters.state_raised_case(ireland, case_b)
    assert not letters.state_raised_case(france, case_a)
    action = world["action"]
    cases = letters.letter_cases(action)
    for_ireland = letters.compose(
        action, ireland, body=action.letter_body, name="Ana", supporter_country="France", cases=cases
    )
    assert for_ireland.variant == "mixed"
    assert f"{case_a.title} (Nicaragua): thank you for raising it." in for_ireland.text
    assert f"{case_b.title} (Djibouti): please raise it." in for_ireland.text
    assert (
        "I ask Ireland to speak up" in for_ireland.text
        and for_ireland.subject == "Reprisals: cases for Ireland"
    )
    for_france = letters.compose(
        action, france, body=action.letter_body, name="Ana", supporter_country="", cases=cases
    )
    assert for_france.variant == "ask" and "thank you" not in for_france.text
    # Joining a joint statement that named the case also counts as having raised it.
    joint = Statement.objects.create(session=session, kind="joint")
    joint.leads.add(Country.objects.get(iso2="UY"))
    joint.joined_by.add(france)
    joint.raised_cases.add(case_a, case_b)
    assert (
        letters.compose(action, france, body="x", name="A", supporter_country="", cases=cases).variant
        == "thanks"
    )


def test_letters_never_carry_a_hidden_case(world):
    hidden = CaseFactory(title="Zyxconfidential hidden case", visibility="confidential")
    draft = CaseFactory(title="Zyxdraft case", published_at=None)
    world["action"].cases.add(hidden, draft)
    cases = letters.letter_cases(world["action"])
    assert hidden not in cases and draft not in cases and len(cases) == 2


def test_placeholders_do_not_interpret_supporter_text():
    assert (
        letters.fill("{state} {0} {__class__} {unknown}", {"state": "Chile"})
        == "Chile {0} {__class__} {unknown}"
    )


# --- The flow --------------------------------------------------------------------------------


def test_action_page_lists_cosponsors_with_address_status(client, world):
    page = client.get(world["action"].get_absolute_url()).content.decode()
    for iso2 in ("IE", "UY", "FR"):
        assert f'data-target="{iso2}"' in page
    assert 'data-target="DE"' not in page  # not a co-sponsor: hidden by the default filter
    assert page.count('type="checkbox" name="targets"') == 3
    assert "no known e-mail address: shown, but skipped" in page
    assert "mailto/" in page and "data-letter-preview" in page


def test_filters_refine_the_list_and_keep_what_was_typed(client, world):
    response = _post(
        client, world["action"], refine="1", send=None, cosponsors_only="", region="Europe", name="Kept Name"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-target="DE"' in page and 'data-target="UY"' not in page
    assert 'value="Kept Name"' in page and "As a teacher in Lyon" in page
    assert "Please check the form" not in page


def test_preview_shows_the_personalised_letter(client, world):
    response = _post(client, world["action"], preview="1", send=None, targets=["FR"])
    page = response.content.decode()
    assert "How your letter will read for France" in page
    assert "As a teacher in Lyon I ask France to name" in page


def test_template_letter_is_nudged_but_still_allowed(client, world):
    action = world["action"]
    response = _post(client, action, letter_body=action.letter_body)
    assert response.status_code == 200 and b"data-nudge" in response.content
    assert not ActionSubmission.objects.exists()
    response = _post(client, action, letter_body=action.letter_body, send_unchanged="1")
    assert response.status_code == 302
    submission = ActionSubmission.objects.get()
    assert submission.personalised is False


def test_bad_input_is_refused_and_nothing_is_lost(client, world):
    response = _post(client, world["action"], email="nope", targets=[], letter_body="Hi")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tick at least one State" in page and "too short" in page and "Enter a valid email address" in page
    assert 'value="Ana Example"' in page and 'value="nope"' in page
    assert not ActionSubmission.objects.exists()


def test_states_without_an_address_alone_are_refused(client, world):
    response = _post(client, world["action"], targets=["UY"])
    assert response.status_code == 400 and b"None of the States you ticked" in response.content


def test_double_opt_in_then_one_message_per_mission(client, world, settings):
    settings.CAMPAIGNS_MISSION_MAX_PER_HOUR = 6
    action = world["action"]
    assert _post(client, action).status_code == 302
    submission = ActionSubmission.objects.get()
    assert submission.personalised and submission.status == ActionSubmission.Status.PENDING
    assert not MissionMessage.objects.exists()
    [confirmation] = OutboundEmail.objects.all()
    assert confirmation.to == "ana@example.org" and "3 States" in confirmation.body_text
    path = re.search(r"/campaigns/confirm/letter/\S+/", confirmation.body_text).group(0)

    assert client.get(path).status_code == 200
    assert not MissionMessage.objects.exists()
    response = client.post(path)
    assert response.status_code == 302
    messages = {m.country.iso2: m for m in MissionMessage.objects.select_related("country", "outbound")}
    assert set(messages) == {"IE", "UY", "FR"}
    assert messages["UY"].state == MissionMessage.State.NO_ADDRESS and messages["UY"].outbound is None
    for iso2, address in (("IE", "ireland.mission@example.org"), ("FR", "france.mission@example.org")):
        outbound = messages[iso2].outbound
        assert outbound.to == address and outbound.reply_to == "ana@example.org"
        assert outbound.category == "campaigns.mission"
        assert "As a teacher in Lyon" in outbound.body_text and "Ana Example\nFrance" in outbound.body_text
    # Confirming again does nothing.
    client.post(path)
    assert MissionMessage.objects.count() == 3
    status = client.get(reverse("campaigns:action-status", args=[submission.token])).content.decode()
    assert "skipped: no known e-mail address" in status


def test_a_supporter_cannot_send_the_same_action_twice(client, world):
    action = world["action"]
    _post(client, action)
    services.confirm_action(ActionSubmission.objects.get())
    _post(client, action, email="ANA@example.org ", name="Ana Again")
    assert ActionSubmission.objects.count() == 1
    assert MissionMessage.objects.count() == 3
    assert OutboundEmail.objects.filter(subject__startswith="You have already taken this action").count() == 1


def test_not_before_is_set_by_the_throttle(world, settings):
    settings.CAMPAIGNS_MISSION_MAX_PER_HOUR = 1
    action = world["action"]
    france = Country.objects.get(iso2="FR")
    now = timezone.now()
    for n in range(2):
        submission = services.start_action(
            action,
            name=f"S{n}",
            email=f"s{n}@example.org",
            country=france,
            letter_body="My own words for {state}.",
            targets=[france],
            page="/",
        )
        services.confirm_action(submission, now=now)
    first, second = MissionMessage.objects.filter(country=france).order_by("pk")
    assert first.not_before == now and first.outbound.not_before is None  # due now
    assert second.not_before == now + datetime.timedelta(hours=1)
    assert second.outbound.not_before == second.not_before


# --- Bounces ---------------------------------------------------------------------------------


def _confirmed(world, email, targets=("IE",)):
    submission = services.start_action(
        world["action"],
        name="S",
        email=email,
        country=Country.objects.get(iso2="FR"),
        letter_body="My own words for {state}.",
        targets=list(Country.objects.filter(iso2__in=targets)),
        page="/",
    )
    services.confirm_action(submission)
    return submission


def test_a_bouncing_address_is_paused_and_its_queue_held(world, settings):
    settings.CAMPAIGNS_BOUNCE_PAUSE_THRESHOLD = 2
    settings.CAMPAIGNS_MISSION_MAX_PER_HOUR = 1
    _confirmed(world, "a@example.org")
    _confirmed(world, "b@example.org")
    address = "ireland.mission@example.org"
    health = bounces.record_bounce(address, "550 5.1.1 no such user")
    assert health.bounce_count == 1 and not health.is_paused
    health = bounces.record_bounce(address.upper(), "550 5.1.1 no such user")
    assert health.bounce_count == 2 and health.is_paused
    held = MissionMessage.objects.filter(address=address)
    assert {m.state for m in held} == {MissionMessage.State.PAUSED}
    assert {m.outbound.status for m in held} == {OutboundEmail.Status.CANCELLED}
    # New letters are held too, and the picker says so.
    _confirmed(world, "c@example.org")
    assert MissionMessage.objects.get(submission__email="c@example.org").state == MissionMessage.State.PAUSED
    targets = {t.state.iso2: t for t in services.targets_for(world["action"], services.TargetFilters())}
    assert targets["IE"].paused and not targets["IE"].sendable
    # Unknown addresses are not tracked.
    assert bounces.record_bounce("someone@else.example", "550") is None
    # Staff resume: count reset, held messages queued again.
    assert bounces.resume(address) == 3
    assert MissionAddress.objects.get(address=address).bounce_count == 0
    assert set(MissionMessage.objects.filter(address=address).values_list("state", flat=True)) == {"queued"}
    assert OutboundEmail.objects.filter(to=address, status="queued").count() == 3


def test_permanent_smtp_failures_count_as_bounces(world, settings):
    settings.CAMPAIGNS_BOUNCE_PAUSE_THRESHOLD = 1
    submission = _confirmed(world, "a@example.org", targets=("IE", "FR"))
    ireland = submission.messages.get(country__iso2="IE")
    france = submission.messages.get(country__iso2="FR")
    OutboundEmail.objects.filter(pk=ireland.outbound_id).update(
        status="failed", last_error="{'ireland.mission@example.org': (550, b'5.1.1 unknown user')}"
    )
    OutboundEmail.objects.filter(pk=france.outbound_id).update(
        status="failed", last_error="Connection refused"
    )
    result = bounces.sync_mission_deliveries()
    assert result["bounced"] == 1
    assert MissionAddress.objects.get(address="ireland.mission@example.org").is_paused
    assert not MissionAddress.objects.filter(address="france.mission@example.org").exists()
    assert bounces.sync_mission_deliveries()["bounced"] == 0  # counted once


def test_delivery_status_notifications_are_parsed(world):
    _confirmed(world, "a@example.org")
    dsn = (
        b"From: MAILER-DAEMON@example.net\r\nTo: bounces@example.org\r\nSubject: Undelivered\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=XX\r\n\r\n"
        b"--XX\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        b"--XX\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n"
        b"Final-Recipient: rfc822; ireland.mission@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        b"Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n"
        b"Final-Recipient: rfc822; other@example.org\r\nAction: delayed\r\nStatus: 4.4.1\r\n\r\n"
        b"--XX--\r\n"
    )
    assert bounces.parse_dsn(dsn) == [("ireland.mission@example.org", "5.1.1 smtp; 550 5.1.1 user unknown")]
    from io import BytesIO
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("sys.stdin", mock.Mock(buffer=BytesIO(dsn))):
        call_command("campaigns_bounce", verbosity=0)
    assert MissionAddress.objects.get(address="ireland.mission@example.org").bounce_count == 1


# --- Replies and staff views --------------------------------------------------------------------


def test_supporter_reports_a_reply_staff_check_it_and_the_campaign_counts_it(client, world):
    submission = _confirmed(world, "a@example.org", targets=("IE", "FR"))
    url = reverse("campaigns:report-reply", args=[submission.token])
    bad = client.post(url, {"country": "", "received_on": "yesterday", "summary": "x"})
    assert bad.status_code == 400 and b"Enter a valid date" in bad.content
    ireland = Country.objects.get(iso2="IE")
    assert (
        client.post(
            url, {"country": ireland.pk, "received_on": "2024-03-01", "summary": "They will raise it."}
        ).status_code
        == 302
    )
    reply = MissionReply.objects.get()
    assert reply.source == "supporter" and not reply.verified
    assert services.action_counts(world["action"])["missions_answered"] == 0
    MissionReply.objects.update(verified=True)
    assert services.action_counts(world["action"])["missions_answered"] == 1
    page = client.get(world["campaign"].get_absolute_url()).content.decode()
    assert re.search(r'data-count="missions-answered">1<', page)
    assert "They will raise it" not in page


def test_staff_see_counts_per_state_and_failures_and_log_replies(client, world, curator):
    submission = _confirmed(world, "a@example.org", targets=("IE", "FR", "UY"))
    OutboundEmail.objects.filter(pk=submission.messages.get(country__iso2="FR").outbound_id).update(
        status="failed", last_error="(550, b'rejected')"
    )
    OutboundEmail.objects.filter(pk=submission.messages.get(country__iso2="IE").outbound_id).update(
        status="sent"
    )
    url = reverse("campaigns:staff-action", args=[world["action"].pk])
    assert client.get(url).status_code == 302
    client.force_login(campaigner())
    page = client.get(url).content.decode()
    rows = {row["state"]: row for row in services.counts_per_state(world["action"])}
    assert (
        rows["Ireland"]["sent"] == 1 and rows["France"]["failed"] == 1 and rows["Uruguay"]["no_address"] == 1
    )
    assert "france.mission@example.org" in page and "rejected" in page
    response = client.post(
        url,
        {
            "action": world["action"].pk,
            "country": Country.objects.get(iso2="IE").pk,
            "received_on": "",
            "summary": "Called back",
        },
    )
    assert response.status_code == 302
    reply = MissionReply.objects.get()
    assert reply.verified and reply.source == "staff"
    assert services.action_counts(world["action"])["missions_answered"] == 1


def test_mailto_fallback_needs_no_platform(client, world):
    url = reverse("campaigns:action-mailto", args=[world["campaign"].slug, world["action"].slug])
    page = client.get(url).content.decode()
    assert 'href="mailto:ireland.mission@example.org?subject=' in page
    assert "Uruguay" in page and "mailto:%20" not in page
    assert not OutboundEmail.objects.exists()
