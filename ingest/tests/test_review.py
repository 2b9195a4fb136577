"""Accept, edit, merge, reject: the right rows, in one transaction, and nothing public."""

import pytest

from cases.models import AccessGrant, Case, Mention, Victim
from cases.tests.factories import CaseFactory, VictimFactory
from cases.visibility import ANONYMOUS, Visibility
from ingest.models import CandidateCase, CandidateLink
from ingest.services import review

from .test_jobs import ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(sample, render):
    return ingest(render(sample, "pdf"))


def candidate(job, section="annex_1", country="BH"):
    return CandidateCase.objects.get(job=job, section=section, country__iso2=country)


def test_accepting_creates_an_unpublished_confidential_case_with_victims_and_mentions(job, curator):
    bahrain = candidate(job)
    case = review.accept(bahrain, curator)
    assert case.published_at is None and case.visibility == Visibility.CONFIDENTIAL
    assert case.country.iso2 == "BH" and case.status == Case.Status.UNKNOWN
    assert set(case.mechanisms.values_list("slug", flat=True)) == set(bahrain.mechanisms) & set(
        case.mechanisms.model.objects.values_list("slug", flat=True)
    )
    victim = Victim.objects.get(case=case)
    assert victim.name == "Nadia Al-Rashidi" and victim.gender == "female"
    assert list(victim.roles.values_list("slug", flat=True)) == ["woman-human-rights-defender"]
    mentions = Mention.objects.filter(case=case).order_by("paragraph__number")
    assert [(m.kind, m.paragraph.section, m.paragraph.number) for m in mentions] == [
        ("first", "annex_1", 1),
        ("first", "annex_1", 2),
    ]
    bahrain.refresh_from_db()
    assert bahrain.status == "accepted" and bahrain.case == case and bahrain.reviewed_by == curator
    # Not public, not even for a visitor or a researcher; its creator may see it.
    assert not Case.objects.visible_to(ANONYMOUS).filter(pk=case.pk).exists()
    assert AccessGrant.objects.filter(user=curator, case=case).exists()
    assert Case.objects.visible_to(curator).filter(pk=case.pk).exists()


def test_the_curator_chooses_the_visibility_but_publishing_stays_separate(job, curator):
    case = review.accept(candidate(job), curator, visibility=Visibility.PUBLIC)
    assert case.visibility == Visibility.PUBLIC and case.published_at is None
    assert not Case.objects.visible_to(ANONYMOUS).filter(pk=case.pk).exists()


def test_accepting_twice_changes_nothing(job, curator):
    bahrain = candidate(job)
    review.accept(bahrain, curator)
    with pytest.raises(review.ReviewError, match="already been reviewed"):
        review.accept(bahrain, curator)
    assert Case.objects.count() == 1


def test_accept_is_atomic(job, curator, monkeypatch):
    bahrain = candidate(job)
    monkeypatch.setattr(review, "_add_victims", lambda *a: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        review.accept(bahrain, curator)
    assert not Case.objects.exists() and not Mention.objects.exists()
    bahrain.refresh_from_db()
    assert bahrain.status == "pending"


def test_edits_are_saved_then_used_when_accepting(job, curator):
    egypt = candidate(job, country="EG")
    review.save_edits(
        egypt,
        {
            "title": "Lawyer threatened after briefing the Committee against Torture",
            "mechanisms": ["cat"],
            "reprisal_types": ["threats"],
            "victims": [
                {
                    "name": "",
                    "description": "a lawyer",
                    "kind": "person",
                    "gender": "unknown",
                    "roles": ["lawyer"],
                }
            ],
            "perpetrator_kind": "state",
        },
        curator,
    )
    case = review.accept(egypt, curator)
    assert case.title.startswith("Lawyer threatened")
    assert list(case.reprisal_types.values_list("slug", flat=True)) == ["threats"]
    assert case.perpetrator_kind == "state"
    assert Victim.objects.get(case=case).description == "a lawyer"


def test_merging_adds_follow_up_mentions_and_what_was_missing(job, curator):
    existing = CaseFactory(
        title="Travel ban on a defender",
        country_id=candidate(job).country_id,
        mechanisms=["upr"],
        reprisal_types=["threats"],
    )
    VictimFactory(case=existing, name="Nadia Al Rashidi")
    published_at = existing.published_at
    bahrain = candidate(job)
    review.merge(bahrain, curator, existing)
    existing.refresh_from_db()
    assert existing.published_at == published_at and existing.visibility == Visibility.PUBLIC
    assert set(existing.mechanisms.values_list("slug", flat=True)) >= {"upr", "sr-defenders"}
    assert "travel-ban" in set(existing.reprisal_types.values_list("slug", flat=True))
    assert existing.victims.count() == 1  # "Nadia Al Rashidi" is "Nadia Al-Rashidi"
    assert [m.kind for m in existing.mentions.all()] == ["follow_up", "follow_up"]
    link = CandidateLink.objects.get(candidate=bahrain)
    assert link.method == "manual" and link.status == "accepted"
    bahrain.refresh_from_db()
    assert bahrain.status == "merged" and bahrain.case == existing


def test_merging_into_a_case_the_curator_may_not_see_is_refused(job, curator):
    hidden = CaseFactory(visibility=Visibility.CONFIDENTIAL, published_at=None)
    with pytest.raises(review.ReviewError, match="No such case"):
        review.merge(candidate(job), curator, hidden)
    assert not hidden.mentions.exists()


def test_accepting_a_link_to_a_candidate_not_yet_reviewed_asks_to_review_it_first(gold, render, curator):
    first = ingest(render(gold["a-hrc-24-90"], "pdf"))
    second = ingest(render(gold["a-hrc-30-91"], "pdf"))
    follow_up = CandidateCase.objects.get(job=second, country__iso2="BH")
    proposal = follow_up.links.get()
    with pytest.raises(review.ReviewError, match="review it first"):
        review.accept_link(proposal, curator)
    original = review.accept(proposal.target_candidate, curator)
    assert proposal.target_candidate.job == first
    proposal.refresh_from_db()
    case = review.accept_link(proposal, curator)
    assert case == original
    assert sorted(case.mentions.values_list("kind", "report__symbol")) == [
        ("first", "A/HRC/24/90"),
        ("first", "A/HRC/24/90"),
        ("follow_up", "A/HRC/30/91"),
    ]
    # A later report's follow-up now links straight to the accepted case.
    third = ingest(render(gold["a-hrc-33-92"], "pdf"))
    later = CandidateCase.objects.get(job=third, country__iso2="BH", kind="follow_up")
    assert later.links.order_by("-confidence").first().target_case == original


def test_rejecting_keeps_a_note_and_creates_nothing(job, curator):
    trends = candidate(job, country="EG")
    review.reject(trends, curator, "Not a reprisal: a general statement.")
    trends.refresh_from_db()
    assert trends.status == "rejected" and trends.review_note.startswith("Not a reprisal")
    assert not Case.objects.exists()


def test_search_text_is_refreshed_after_accepting(job, curator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = review.accept(candidate(job), curator)
    case.refresh_from_db()
    assert "Nadia Al-Rashidi" in case.search_names
    assert "Manama airport" in case.search_text
