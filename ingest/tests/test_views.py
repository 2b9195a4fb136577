"""The curators' pages: staff only, upload with its errors, progress, the review queue and page."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from audit.models import AuditEvent
from cases.models import Case, Paragraph
from cases.tests.factories import CaseFactory, UserFactory
from cases.visibility import Visibility
from ingest.models import CandidateCase, CandidateLink, IngestJob
from ingest.services import jobs

from .test_jobs import ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(sample, render):
    return ingest(render(sample, "pdf"))


@pytest.mark.parametrize("name", ["ingest:upload", "ingest:queue"])
def test_pages_are_for_curators_only(client, researcher, name):
    url = reverse(name)
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(researcher)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(username="helper", is_staff=True))  # staff, but not a curator
    assert client.get(url).status_code == 403


def test_upload_queues_the_file_and_shows_its_progress(client, curator, sample, render):
    client.force_login(curator)
    upload = SimpleUploadedFile("A_HRC_39_97.pdf", render(sample, "pdf"), content_type="application/pdf")
    response = client.post(reverse("ingest:upload"), {"file": upload})
    job = IngestJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("ingest:job", args=[job.pk])
    # The job's task row was written in the upload's transaction.
    assert DBTaskResult.objects.filter(
        task_path__endswith="process_report", args_kwargs__args=[job.pk]
    ).exists()
    page = client.get(response.url)
    html = page.content.decode()
    assert 'hx-get="{}"'.format(reverse("ingest:job-status", args=[job.pk])) in html
    assert 'hx-trigger="every 2s"' in html and '<meta http-equiv="refresh" content="5">' in html
    assert "<progress" in html
    jobs.run_job(job.pk)
    page = client.get(reverse("ingest:job", args=[job.pk])).content.decode()
    # the cover as read, for the curator to confirm before anything is stored
    assert "A/HRC/39/97" in page and 'name="symbol"' in page and "Review the candidates" not in page
    assert not Paragraph.objects.exists()
    response = client.post(reverse("ingest:job-confirm", args=[job.pk]), {"symbol": "A/HRC/39/97"})
    assert response.status_code == 302
    jobs.run_job(job.pk)
    fragment = client.get(
        reverse("ingest:job-status", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "hx-trigger" not in fragment and "Review the candidates" in fragment
    assert Paragraph.objects.filter(report__symbol="A/HRC/39/97").count() == 7


def test_upload_errors_are_shown_on_the_form(client, curator, settings, sample, render):
    client.force_login(curator)
    settings.INGEST_MAX_BYTES = 2000
    big = SimpleUploadedFile("big.pdf", render(sample, "pdf"), content_type="application/pdf")
    response = client.post(reverse("ingest:upload"), {"file": big})
    assert response.status_code == 400 and "the limit is" in response.content.decode()
    settings.INGEST_MAX_BYTES = 20 * 1024 * 1024
    image = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    response = client.post(reverse("ingest:upload"), {"file": image})
    assert response.status_code == 400 and "not a supported format" in response.content.decode()
    assert not IngestJob.objects.exists()


def test_a_failed_job_says_why(client, curator):
    client.force_login(curator)
    job = jobs.create_job(b"%PDF-1.7\n" + b"junk " * 100, "broken.pdf", enqueue=False)
    jobs.run_job(job.pk)
    html = client.get(reverse("ingest:job", args=[job.pk])).content.decode()
    assert "Not imported:" in html and "could not be read" in html and "Try again" in html


def test_queue_lists_pending_candidates(client, curator, job):
    client.force_login(curator)
    html = client.get(reverse("ingest:queue") + f"?job={job.pk}").content.decode()
    for candidate in CandidateCase.objects.filter(job=job):
        assert reverse("ingest:candidate", args=[candidate.pk]) in html


def test_review_page_shows_the_source_with_the_extracted_words_marked(client, curator, job):
    client.force_login(curator)
    bahrain = CandidateCase.objects.get(job=job, section="annex_1", country__iso2="BH")
    html = client.get(reverse("ingest:candidate", args=[bahrain.pk])).content.decode()
    assert '<mark class="hl-victim" title="victim: Nadia Al-Rashidi">Ms. Nadia Al-Rashidi</mark>' in html
    assert re.search(r'<mark class="hl-mechanism" title="mechanism: sr-defenders">Special Rapporteur', html)
    assert '<mark class="hl-communication"' in html  # in the footnote "AL BHR 7/2017."
    assert "A/HRC/39/97 annex I ¶1" in html
    # No inline script or style: the CSP forbids them.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html) and " style=" not in html


def test_highlighting_escapes_the_source_text():
    from ingest.highlight import highlight

    html = highlight("<script>alert(1)</script> Mr. X", [(26, 31, "victim", 'X"><b>')])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'title="victim: X&quot;&gt;&lt;b&gt;"' in html


def test_accept_from_the_page(client, curator, job):
    client.force_login(curator)
    bahrain = CandidateCase.objects.get(job=job, section="annex_1", country__iso2="BH")
    response = client.post(
        reverse("ingest:candidate-accept", args=[bahrain.pk]), {"visibility": "restricted"}
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.visibility == Visibility.RESTRICTED and case.published_at is None
    # Nothing is public: the public case page answers 404 to a visitor.
    client.logout()
    assert client.get(case.get_absolute_url()).status_code == 404


def test_edit_then_reject_from_the_page(client, curator, job):
    client.force_login(curator)
    egypt = CandidateCase.objects.get(job=job, country__iso2="EG")
    data = {
        "title": "Edited title",
        "country": "EG",
        "summary": "",
        "mechanisms": ["cat"],
        "reprisal_types": ["threats"],
        "perpetrator_kind": "state",
        "incident_date": "2017-11-01",
        "incident_date_precision": "month",
        "victims-TOTAL_FORMS": "2",
        "victims-INITIAL_FORMS": "1",
        "victims-0-name": "",
        "victims-0-description": "a lawyer",
        "victims-0-kind": "person",
        "victims-0-gender": "unknown",
        "victims-0-roles": ["lawyer"],
        "victims-1-name": "",
        "victims-1-description": "",
        "victims-1-kind": "person",
        "victims-1-gender": "unknown",
    }
    assert client.post(reverse("ingest:candidate-edit", args=[egypt.pk]), data).status_code == 302
    egypt.refresh_from_db()
    assert egypt.title == "Edited title" and egypt.incident_date_precision == "month"
    assert egypt.victims == [
        {"name": "", "description": "a lawyer", "kind": "person", "gender": "unknown", "roles": ["lawyer"]}
    ]
    client.post(reverse("ingest:candidate-reject", args=[egypt.pk]), {"note": "duplicate"})
    egypt.refresh_from_db()
    assert egypt.status == "rejected" and not Case.objects.exists()


def test_merge_by_public_id_only_into_a_visible_case(client, curator, job):
    client.force_login(curator)
    bahrain = CandidateCase.objects.get(job=job, section="annex_1", country__iso2="BH")
    hidden = CaseFactory(visibility=Visibility.CONFIDENTIAL, published_at=None)
    response = client.post(reverse("ingest:candidate-merge", args=[bahrain.pk]), {"target": hidden.public_id})
    assert response.status_code == 400 and "No case with this public id" in response.content.decode()
    visible = CaseFactory(title="Known case")
    response = client.post(
        reverse("ingest:candidate-merge", args=[bahrain.pk]), {"target": visible.public_id}
    )
    assert response.status_code == 302
    assert visible.mentions.count() == 2


def test_a_restricted_case_proposed_as_a_link_is_recorded_a_hidden_one_is_not(client, curator, job):
    bahrain = CandidateCase.objects.get(job=job, section="annex_1", country__iso2="BH")
    restricted = CaseFactory(title="Restricted earlier case", visibility=Visibility.RESTRICTED)
    hidden = CaseFactory(title="Hidden earlier case", visibility=Visibility.CONFIDENTIAL)
    for case in (restricted, hidden):
        CandidateLink.objects.create(candidate=bahrain, target_case=case, method="name", confidence=0.8)
    client.force_login(curator)
    url = reverse("ingest:candidate", args=[bahrain.pk])
    body = client.get(url).content.decode()
    assert "Restricted earlier case" in body and "Hidden earlier case" not in body
    seen = AuditEvent.objects.filter(action="view")
    assert list(seen.values_list("public_id", "username", "via")) == [(restricted.public_id, "curator", url)]


def test_an_edit_from_a_stale_review_page_is_refused(client, curator, job):
    """Two curators open the same candidate; the first saves a title; the second's save from
    the page opened before is refused with the first's change shown, and nothing is undone."""
    from endreprisals.tests.test_edit_versions import form_values

    egypt = CandidateCase.objects.get(job=job, country__iso2="EG")
    page, action = (
        reverse("ingest:candidate", args=[egypt.pk]),
        reverse("ingest:candidate-edit", args=[egypt.pk]),
    )
    second = UserFactory(username="second-curator", is_staff=True)
    second.groups.set(curator.groups.all())
    other = client.__class__()
    client.force_login(curator)
    other.force_login(second)
    fresh, stale = form_values(client.get(page), action), form_values(other.get(page), action)
    assert stale["edit_version"][0]
    old_title = egypt.title

    assert client.post(action, {**fresh, "title": ["Title by the first"]}).status_code == 302
    refused = other.post(action, {**stale, "summary": ["Summary by the second"]})

    assert refused.status_code == 400
    egypt.refresh_from_db()
    assert egypt.title == "Title by the first" and egypt.summary != "Summary by the second"
    text = refused.content.decode()
    assert f"Title: their value “Title by the first”, your value “{old_title}”" in text
    assert "Summary by the second" in text  # what the second typed is kept in the form
