"""The staff workspace: where sign-in leads, what each role sees, and counts that go through the
visibility rule."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group

from audit.models import AuditEvent
from audit.services import record
from campaigns.roles import CAMPAIGNERS
from cases import publishing
from cases.models import Case, Consent
from cases.tests.factories import CaseFactory, ConsentFactory, ReportFactory, UserFactory
from cases.visibility import Visibility
from ingest.models import CandidateCase, IngestJob
from intake.models import Submission

WORKSPACE = "/staff/"
PASSWORD = "correct horse battery staple"


def _figure(body: str, label: str) -> int:
    """The number shown in front of `label` on the workspace."""
    match = re.search(r"<strong>(\d+)</strong> " + re.escape(label) + "</a>", body)
    assert match, f"no figure for {label!r}"
    return int(match.group(1))


def _panels(body: str) -> set[str]:
    return set(re.findall(r'data-panel="([a-z]+)"', body))


@pytest.mark.parametrize("persona", ["curator", "administrator"])
def test_staff_land_on_their_workspace_after_signing_in(client, db, persona, request):
    user = request.getfixturevalue(persona)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    landing = client.get(response["Location"], follow=True)
    assert landing.redirect_chain[-1][0] == WORKSPACE and landing.status_code == 200


@pytest.mark.parametrize("persona", ["researcher", "partner"])
def test_researchers_and_partners_land_on_the_cases_not_a_missing_profile(client, db, persona, request):
    user = request.getfixturevalue(persona)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    landing = client.get(response["Location"], follow=True)
    assert landing.redirect_chain[-1][0] == "/cases/" and landing.status_code == 200
    assert client.get(WORKSPACE).status_code == 403


def test_the_workspace_needs_an_account(client, db):
    response = client.get(WORKSPACE)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_curator_sees_the_curators_panels(client, curator):
    client.force_login(curator)
    body = client.get(WORKSPACE).content.decode()
    assert {"ingest", "intake", "publication", "annual", "audit"} <= _panels(body)
    assert "campaigns" not in _panels(body)  # deliveries are the campaigners' work
    for tool in ("/ingest/", "/ingest/review/?kind=first", "/intake/staff/", "/intake/staff/annual/"):
        assert f'href="{tool}' in body


def test_a_campaigner_sees_deliveries_and_nothing_of_the_curators(client, db):
    campaigner = UserFactory(username="campaigner", is_staff=True)
    campaigner.groups.add(Group.objects.get(name=CAMPAIGNERS))
    client.force_login(campaigner)
    body = client.get(WORKSPACE).content.decode()
    assert _panels(body) == {"campaigns"}
    assert _figure(body, "letters that failed") == 0
    assert 'href="/campaigns/staff/"' in body


def test_unpublished_cases_are_counted_through_the_visibility_rule(client, curator, administrator):
    CaseFactory(published_at=None, visibility=Visibility.RESTRICTED)
    CaseFactory(published_at=None, visibility=Visibility.PUBLIC)
    CaseFactory(published_at=None, visibility=Visibility.CONFIDENTIAL)  # no grant: unseen
    CaseFactory()  # published
    client.force_login(curator)
    assert _figure(client.get(WORKSPACE).content.decode(), "cases waiting to be published") == 2
    client.force_login(administrator)  # superusers see every record
    assert _figure(client.get(WORKSPACE).content.decode(), "cases waiting to be published") == 3


def test_candidates_jobs_and_submissions_are_counted(client, curator):
    job = IngestJob.objects.create(filename="a.pdf", file_format="pdf", size=1, checksum="0" * 64, source=b"")
    IngestJob.objects.create(
        filename="b.pdf",
        file_format="pdf",
        size=1,
        checksum="1" * 64,
        source=b"",
        status=IngestJob.Status.FAILED,
    )
    report = ReportFactory()
    for kind, status in [
        ("first", "pending"),
        ("first", "pending"),
        ("follow_up", "pending"),
        ("first", "rejected"),
    ]:
        CandidateCase.objects.create(
            job=job, report=report, section="III", title="x", kind=kind, status=status
        )
    for number, status in enumerate(["new", "new", "under_review", "sent_to_un"]):
        Submission.objects.create(
            status=status, received_on=datetime.date.today(), receipt_hash=str(number), ciphertext=b"x"
        )
    client.force_login(curator)
    body = client.get(WORKSPACE).content.decode()
    assert _figure(body, "candidates to review: new case") == 2
    assert _figure(body, "candidates to review: follow-up") == 1
    assert _figure(body, "reports being read") == 1
    assert _figure(body, "reports that could not be read") == 1
    assert _figure(body, "new") == 2
    assert _figure(body, "under review") == 1


def test_recent_audit_events_hide_cases_the_reader_may_not_see(client, curator):
    hidden = CaseFactory(visibility=Visibility.CONFIDENTIAL, title="Hidden")
    shown = CaseFactory(title="Shown")
    for case, summary in [(hidden, "opened hidden record"), (shown, "opened shown record")]:
        record(
            AuditEvent.Action.VIEW,
            user=curator,
            object_type="cases.case",
            object_id=str(case.pk),
            case_pk=case.pk,
            summary=summary,
        )
    client.force_login(curator)
    body = client.get(WORKSPACE).content.decode()
    assert "opened shown record" in body and "opened hidden record" not in body


def test_the_consent_panel_counts_unpublished_cases_whose_consent_forbids_publishing(client, curator):
    refused = CaseFactory(published_at=None, title="Refused")
    ConsentFactory(victim__case=refused, publication=Consent.Publication.CONFIDENTIAL)
    fine = CaseFactory(published_at=None, title="Fine")
    ConsentFactory(victim__case=fine, publication=Consent.Publication.NAMED)
    CaseFactory(published_at=None, title="No consent recorded")
    published = CaseFactory(title="Already public")
    ConsentFactory(victim__case=published, publication=Consent.Publication.CONFIDENTIAL)
    client.force_login(curator)
    body = client.get(WORKSPACE).content.decode()
    assert "consent" in _panels(body)
    assert _figure(body, "unpublished cases whose consent forbids publication") == 1
    assert set(publishing.cases_refused_publication(Case.objects.all())) == {refused, published}


def test_the_header_names_who_is_signed_in_and_their_role(client, curator, researcher):
    client.force_login(curator)
    body = client.get("/cases/").content.decode()
    assert "<bdi>curator</bdi>" in body and "(curator)" in body and f'href="{WORKSPACE}"' in body
    client.force_login(researcher)
    body = client.get("/cases/").content.decode()
    assert "(researcher)" in body and f'href="{WORKSPACE}"' not in body


def test_public_pages_offer_staff_an_edit_link(client, curator, researcher):
    case = CaseFactory()
    edit = f'href="/admin/cases/case/{case.pk}/change/"'
    client.force_login(curator)
    assert edit in client.get(case.get_absolute_url()).content.decode()
    client.force_login(researcher)
    assert edit not in client.get(case.get_absolute_url()).content.decode()
    client.logout()
    assert edit not in client.get(case.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/password-reset/",
        "/accounts/password-reset/sent/",
        "/accounts/reset/done/",
    ],
)
def test_sign_in_and_reset_pages_are_the_sites_own(client, db, path):
    body = client.get(path).content.decode()
    assert 'class="site-header"' in body  # the public layout, not the admin's
    assert "permission to view or edit anything" not in body and "Django administration" not in body
