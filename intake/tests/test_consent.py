"""The submitter's consent travels from the sealed submission to the case and to each victim,
and holds at publication: a name given under "Yes, anonymised" never reaches a public surface."""

import uuid

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from cases.tests.test_admin import case_form_data
from intake import services
from intake.models import Submission

from .helpers import form_data

pytestmark = pytest.mark.django_db
S = Submission.Status


def _marker() -> tuple[str, str]:
    """A first and last name found nowhere else."""
    tag = uuid.uuid4().hex[:8]
    return f"Zorbalina{tag}", f"Quixtepec{tag}"


def _case_from_intake(client, curator, intake_keys, **fields) -> Case:
    """Through the pages, as the submitter and then a curator would: submit, review, convert."""
    assert client.post("/intake/", form_data(**fields)).status_code == 200
    submission = Submission.objects.get()
    services.change_status(submission, S.UNDER_REVIEW)
    client.force_login(curator)
    response = client.post(
        f"/intake/staff/{submission.reference}/decrypt/",
        {"private_key": intake_keys.private, "action": "create_case"},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    return submission.case


def _public_surfaces(case: Case) -> list[str]:
    """Every address where the public reads a published case, its text or its names."""
    first = case.title.split()[0]
    return [
        "/",
        case.get_absolute_url(),
        "/cases/",
        "/cases/?q=Zorbalina",
        f"/cases/?q={first}",
        "/cases.csv",
        "/cases.json",
        f"/countries/{case.country.iso2.lower()}/",
        "/api/v1/cases",
        f"/api/v1/cases/{case.public_id}",
        "/api/v1/cases?q=Zorbalina",
        reverse("tracking:case-feed", args=[case.public_id]),
        reverse("tracking:search-feed"),
        reverse("tracking:country-feed", args=[case.country.iso2.lower()]),
    ]


def test_anonymised_name_never_reaches_a_public_surface(client, curator, intake_keys):
    """The failure reported in issue 25: intake "Yes, anonymised" → case → set public → Publish
    → the name on the public page. Now the case keeps the name only in its consent record."""
    first, last = _marker()
    case = _case_from_intake(
        client,
        curator,
        intake_keys,
        victim_name=f"{first} {last}",
        publication="anonymised",
        what_happened=f"{first} {last} was questioned after speaking at the Council; {last} left.",
    )
    # A curator sets it public and presses Publish.
    response = client.post(
        reverse("admin:cases_case_change", args=[case.pk]), case_form_data(case, visibility="public")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(reverse("admin:cases_case_publish", args=[case.pk]))
    assert response.status_code == 302, response.content.decode()
    case.refresh_from_db()
    assert case.is_published and case.visibility == "public"

    client.logout()
    for url in _public_surfaces(case):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        assert first not in text and last not in text, url
    assert case.title in client.get(case.get_absolute_url()).content.decode()  # the page did show it
    # Nor anywhere in the case that a wider audience could ever read.
    victim = case.victims.get()
    assert victim.name == "" and first not in case.summary and last not in case.summary
    assert all(first not in row.name for row in victim.history.all())


def test_anonymised_name_is_kept_in_the_consent_record(client, curator, intake_keys):
    from cases.models import Consent

    first, last = _marker()
    case = _case_from_intake(
        client, curator, intake_keys, victim_name=f"{first} {last}", publication="anonymised"
    )
    consent = case.victims.get().consent
    assert consent.publication == Consent.Publication.ANONYMISED and consent.share_with_un is True
    assert consent.withheld_name == f"{first} {last}"
    assert consent.source == Consent.Source.INTAKE
    assert consent.source_reference == Submission.objects.get().reference


def test_named_consent_keeps_the_name(client, curator, intake_keys):
    first, last = _marker()
    case = _case_from_intake(client, curator, intake_keys, victim_name=f"{first} {last}", publication="named")
    from cases.models import Consent

    victim = case.victims.get()
    assert victim.name == f"{first} {last}" and first in case.title
    assert victim.consent.publication == Consent.Publication.NAMED and victim.consent.withheld_name == ""


def test_details_not_to_disclose_stay_out_of_the_case(client, curator, intake_keys):
    secret_place, secret_detail = _marker()
    case = _case_from_intake(
        client,
        curator,
        intake_keys,
        publication="named",
        victim_name="Ana Example",
        location=f"{secret_place} prison",
        withhold=["location"],
        do_not_disclose=f"{secret_detail}\n",
        what_happened=f"Held at {secret_place} prison; her cousin {secret_detail} was threatened.",
    )
    assert secret_place not in case.summary and secret_detail not in case.summary
    assert "Two police officers" in case.summary  # not withheld, so kept
    consent = case.victims.get().consent
    assert consent.withheld_details.splitlines() == [f"{secret_place} prison", secret_detail]
    # Typed back in by a curator, the detail blocks publication.
    case.summary += f" Seen at {secret_place} prison."
    case.save()
    client.force_login(curator)
    response = client.post(reverse("admin:cases_case_publish", args=[case.pk]))
    case.refresh_from_db()
    assert not case.is_published
    assert "must not be disclosed appears in the summary" in response.content.decode()


def test_confidential_consent_refuses_publication_and_the_override_is_audited(
    client, curator, administrator, intake_keys
):
    case = _case_from_intake(
        client, curator, intake_keys, victim_name="Ana Example", publication="confidential"
    )
    assert case.victims.get().name == "Ana Example"  # never published, so the team keeps it
    url = reverse("admin:cases_case_publish", args=[case.pk])

    page = client.get(url).content.decode()
    assert "do not publish: keep confidential" in page and "Publishing is refused" in page
    response = client.post(url, {"consent_override_reason": "a curator may not override"})
    assert response.status_code == 400
    assert "asked for the case to be kept confidential" in response.content.decode()
    case.refresh_from_db()
    assert not case.is_published and not AuditEvent.objects.filter(action="override").exists()

    client.force_login(administrator)
    assert client.post(url, {}).status_code == 400  # no reason, no override
    response = client.post(url, {"consent_override_reason": "The defender asked us by phone on 3 May."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_published
    event = AuditEvent.objects.get(action="override")
    assert event.public_id == case.public_id and event.username == "administrator"
    assert "The defender asked us by phone on 3 May." in event.summary
    assert "publish" in event.summary and "Ana Example" not in event.summary


def test_annual_submission_and_triage_show_the_consent(client, curator, intake_keys):
    case = _case_from_intake(client, curator, intake_keys, share_with_un="no", publication="anonymised")
    consent = case.victims.get().consent
    assert consent.share_with_un is False
    submission = Submission.objects.get()
    page = client.get(f"/intake/staff/{submission.reference}/").content.decode()
    assert "publish anonymised (no name)" in page and "Share with the UN: no" in page


def test_annual_submission_refuses_a_case_without_consent_to_share(client, curator, administrator):
    from cases.tests.factories import CaseFactory, ConsentFactory, VictimFactory

    case = CaseFactory(title="Shared only with us")
    ConsentFactory(victim=VictimFactory(case=case), share_with_un=False, publication="named")
    url = reverse("intake:staff-annual")
    data = {"title": "Submission 2026", "cases": [case.public_id], "format": "csv"}

    client.force_login(curator)
    page = client.get(url).content.decode()
    assert "NO consent to share with the UN" in page and "consent_override_reason" not in page
    response = client.post(url, {**data, "consent_override_reason": "curators cannot override"})
    assert response.status_code == 400
    assert "did not consent to sharing with the UN" in response.content.decode()

    client.force_login(administrator)
    assert client.post(url, data).status_code == 400
    response = client.post(url, {**data, "consent_override_reason": "Renewed consent, letter of 2 June"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    event = AuditEvent.objects.get(action="override")
    assert event.case_pk == case.pk and "annual" in event.summary
