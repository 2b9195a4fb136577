"""The world the staff leak tests browse: test_visibility_gate's secret world (a public case and a
restricted, a confidential and a draft case in Djibouti, with markers), plus a confidential case
in another country (hidden from the partner, whose grant is for Djibouti), and every kind of
record that refers to a case, each pointing at hidden cases: a statement raising them, timeline
events moved between cases, an e-mail action's letter, an ingest candidate with proposed links
whose evidence quotes a hidden victim's name, and an intake submission made into a case.

Which cases a role must not see is decided by the rule itself (`Case.objects.visible_to`), so
each role's crawl checks exactly the markers and public ids of the cases hidden from it.
"""

import datetime

from django.apps import apps

from cases.models import Case, Country
from cases.tests.factories import CaseFactory, VictimFactory
from cases.visibility import Visibility

FOREIGN_MARKER = "Zyxforeign"


def extend(world) -> dict:
    """Adds the staff records to `world` (the secret_world fixture's dict) and returns it."""
    secrets = world["secrets"]
    public = world["public"]
    foreign = CaseFactory(
        title=f"{FOREIGN_MARKER} title Blorpforeign",
        summary=f"{FOREIGN_MARKER} summary",
        country=Country.objects.get(iso2="FR"),
        visibility=Visibility.CONFIDENTIAL,
        published_at=public.published_at,
    )
    VictimFactory(case=foreign, name=f"{FOREIGN_MARKER} Victim")
    secrets["foreign"] = foreign
    world["markers"] = {case.pk: marker for case, marker in _case_markers(world)}
    world["staff"] = {}
    if apps.is_installed("states"):
        _add_statement(world)
    if apps.is_installed("tracking"):
        _add_moved_events(world)
    if apps.is_installed("campaigns"):
        _add_email_action(world)
    if apps.is_installed("ingest"):
        _add_candidate(world)
    if apps.is_installed("intake"):
        _add_case_from_submission(world)
    return world


def _case_markers(world):
    from .test_visibility_gate import SECRET_MARKERS

    yield world["public"], None
    for key, case in world["secrets"].items():
        yield case, SECRET_MARKERS.get(key, FOREIGN_MARKER)


def hidden_strings(world, user) -> list[str]:
    """The markers and public ids of every case `user` may not see."""
    visible = set(Case.objects.visible_to(user).values_list("pk", flat=True))
    strings = []
    for case in [world["public"], *world["secrets"].values()]:
        if case.pk not in visible:
            strings += [world["markers"][case.pk], case.public_id]
    return strings


def _add_statement(world):
    """A statement that raised the public case, then (a later version) a confidential one too:
    the diff of "cases raised" in its history would name the confidential case."""
    from states.models import Session, Statement

    session = Session.objects.create(
        body=Session.Body.HRC,
        number=57,
        title="Human Rights Council, 57th regular session",
        start_date=datetime.date(2024, 9, 9),
        end_date=datetime.date(2024, 10, 11),
    )
    statement = Statement.objects.create(
        session=session,
        kind=Statement.Kind.NATIONAL,
        speaker=Country.objects.get(iso2="IE"),
        title="Statement under item 5",
    )
    statement.raised_cases.add(world["public"])
    statement.raised_cases.add(world["secrets"]["confidential"], world["secrets"]["foreign"])
    statement.title = "Statement under item 5 (revised)"
    statement.save()
    world["staff"]["statement"] = statement


def _add_moved_events(world):
    """One event moved from the public case to the confidential one, one the other way."""
    from tracking.models import TimelineEvent

    public, confidential = world["public"], world["secrets"]["confidential"]
    marker = world["markers"][confidential.pk]
    to_hidden = TimelineEvent.objects.create(
        case=public, date=datetime.date(2023, 6, 1), kind=TimelineEvent.Kind.COMMUNICATION, note="First note."
    )
    to_hidden.case, to_hidden.note = confidential, f"{marker} note written after the move"
    to_hidden.save()
    to_public = TimelineEvent.objects.create(
        case=confidential,
        date=datetime.date(2023, 7, 1),
        kind=TimelineEvent.Kind.INCIDENT,
        note=f"{marker} note written before the move",
    )
    to_public.case, to_public.note = public, "A reply on the public case."
    to_public.save()
    world["staff"]["event_to_hidden"] = to_hidden
    world["staff"]["event_to_public"] = to_public


def _add_email_action(world):
    from campaigns.models import Campaign, EmailAction

    action = EmailAction.objects.create(
        campaign=Campaign.objects.get(slug="leak-test"),
        slug="write",
        title="Write to the missions",
        intro="Ask them to raise the cases.",
        subject="Reprisals: cases for {state}",
        letter_body="Excellency,\n\nPlease speak up.",
        ask_paragraph="{case} ({country}): please raise it. {case_url}",
        thanks_paragraph="{case} ({country}): thank you. {case_url}",
        consent_text="I agree.",
    )
    action.cases.add(world["public"], *world["secrets"].values())
    world["staff"]["email_action"] = action


def _add_candidate(world):
    """A candidate made into the confidential case, with proposed links to every hidden case
    whose evidence quotes that case's victim, as the name matcher writes it."""
    from ingest.models import CandidateCase, CandidateLink, IngestJob

    job = IngestJob.objects.create(
        filename="report.txt", file_format="txt", size=1, checksum="0" * 64, source=b"x", status="done"
    )
    candidate = CandidateCase.objects.create(
        job=job,
        report=world["report"],
        section="annex_1",
        title="A defender was questioned",
        country=Country.objects.get(iso2="DJ"),
        case=world["secrets"]["confidential"],
        status=CandidateCase.Status.ACCEPTED,
    )
    for case in [world["public"], *world["secrets"].values()]:
        name = case.victims.first().name
        CandidateLink.objects.create(
            candidate=candidate,
            target_case=case,
            method=CandidateLink.Method.NAME,
            confidence=0.8,
            evidence=f"{name} ≈ {name} (100/100)",
        )
    world["staff"]["candidate"] = candidate
    world["values"]["pk"] = [str(candidate.pk), str(job.pk)]


def _add_case_from_submission(world):
    from intake.models import Submission

    submission = Submission.objects.get()
    Submission.objects.filter(pk=submission.pk).update(
        case=world["secrets"]["confidential"], status=Submission.Status.UNDER_REVIEW
    )
    world["staff"]["submission"] = submission
    world["values"]["reference"] = [submission.reference]
