"""Triage, the decrypting staff view, and turning a submission into a confidential case."""

import io
import json
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from cases.models import AccessGrant, Case, Consent
from cases.visibility import Visibility
from intake import crypto, services
from intake.models import Submission

from .helpers import form_data, jpeg_with_exif, upload

pytestmark = pytest.mark.django_db
S = Submission.Status


@pytest.fixture
def submission(client):
    data = form_data(
        victim_name="Ana Example",
        contact="signal +000 contact-marker",
        what_happened="Questioned after speaking at the Council.",
    )
    data["attachments"] = [upload("photo.jpg", jpeg_with_exif())]
    assert client.post("/intake/", data).status_code == 200
    return Submission.objects.get()


def test_triage_transitions(submission):
    assert services.allowed_transitions(submission) == [S.UNDER_REVIEW]
    with pytest.raises(services.TriageError):
        services.change_status(submission, S.INCLUDED)
    for status in (S.UNDER_REVIEW, S.SENT_TO_UN, S.INCLUDED):
        services.change_status(submission, status)
    submission.refresh_from_db()
    assert submission.status == S.INCLUDED and submission.status_changed_on is not None
    assert services.allowed_transitions(submission) == []

    other = Submission.objects.create(
        received_on=submission.received_on, receipt_hash="0" * 64, ciphertext=b""
    )
    services.change_status(other, S.UNDER_REVIEW)
    services.change_status(other, S.NOT_INCLUDED)
    services.change_status(other, S.UNDER_REVIEW)  # reopened


def test_triage_through_the_staff_page(client, curator, submission):
    client.force_login(curator)
    response = client.post(f"/intake/staff/{submission.reference}/status/", {"status": S.UNDER_REVIEW})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == S.UNDER_REVIEW
    # Not a permitted step from here: refused, nothing changed.
    response = client.post(f"/intake/staff/{submission.reference}/status/", {"status": S.INCLUDED})
    assert response.status_code == 400
    submission.refresh_from_db()
    assert submission.status == S.UNDER_REVIEW


def test_a_move_decided_on_a_stale_page_is_refused(client, curator, submission):
    """Two people open the same submission under review; the first sends it to the UN; the
    second, still looking at "under review", chose "not included": refused, with the first's
    change shown, and the next save (made knowing) goes through."""
    from cases.tests.factories import UserFactory
    from endreprisals.tests.test_edit_versions import form_values

    services.change_status(submission, S.UNDER_REVIEW)
    page = f"/intake/staff/{submission.reference}/"
    action = f"/intake/staff/{submission.reference}/status/"
    second = UserFactory(username="second", is_staff=True)
    second.groups.set(curator.groups.all())
    other = client.__class__()
    client.force_login(curator)
    other.force_login(second)
    stale = form_values(other.get(page), action)
    fresh = form_values(client.get(page), action)
    assert stale["edit_version"][0]

    assert client.post(action, {**fresh, "status": S.SENT_TO_UN}).status_code == 302
    refused = other.post(action, {**stale, "status": S.NOT_INCLUDED})

    assert refused.status_code == 400
    submission.refresh_from_db()
    assert submission.status == S.SENT_TO_UN
    assert "Status: changed by someone else to “sent to the UN”." in refused.content.decode()
    again = form_values(refused, action)
    assert other.post(action, {**again, "status": S.NOT_INCLUDED}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == S.NOT_INCLUDED


def test_staff_pages_need_permission(client, researcher, submission):
    for url in ("/intake/staff/", f"/intake/staff/{submission.reference}/", "/intake/staff/annual/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(researcher)
    for url in ("/intake/staff/", f"/intake/staff/{submission.reference}/", "/intake/staff/annual/"):
        assert client.get(url).status_code == 403
    assert (
        client.post(f"/intake/staff/{submission.reference}/decrypt/", {"private_key": "x"}).status_code == 403
    )


def test_staff_list_and_detail_show_no_plaintext(client, curator, submission):
    client.force_login(curator)
    listing = client.get("/intake/staff/").content.decode()
    assert submission.reference in listing
    detail = client.get(f"/intake/staff/{submission.reference}/").content.decode()
    assert "Questioned after" not in detail and "Ana Example" not in detail


def test_decrypt_view_shows_and_keeps_nothing(client, curator, submission, intake_keys, caplog):
    client.force_login(curator)
    url = f"/intake/staff/{submission.reference}/decrypt/"
    response = client.post(url, {"private_key": intake_keys.private, "action": "show"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Questioned after speaking at the Council." in page
    assert "signal +000 contact-marker" in page
    assert "photo.jpg" in page
    assert "no-store" in response["Cache-Control"]
    assert intake_keys.private not in page  # the key is never rendered back
    assert intake_keys.private not in json.dumps(dict(client.session))
    assert all(intake_keys.private not in r.getMessage() for r in caplog.records)
    assert "contact-marker" not in json.dumps(dict(client.session))


def test_decrypt_view_wrong_key_is_a_clean_error(client, curator, submission):
    client.force_login(curator)
    url = f"/intake/staff/{submission.reference}/decrypt/"
    _public, other = crypto.generate_keypair()
    response = client.post(url, {"private_key": other, "action": "show"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "does not belong to the public key" in page
    assert "Questioned after" not in page

    response = client.post(url, {"private_key": "garbage", "action": "show"})
    assert response.status_code == 400
    assert "This is not a valid intake private key." in response.content.decode()


def test_download_attachment(client, curator, submission, intake_keys):
    client.force_login(curator)
    url = f"/intake/staff/{submission.reference}/decrypt/"
    response = client.post(url, {"private_key": intake_keys.private, "attachment": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == f'attachment; filename="{submission.reference}-1.jpg"'
    assert response.content.startswith(b"\xff\xd8\xff")
    assert client.post(url, {"private_key": intake_keys.private, "attachment": "7"}).status_code == 404


def _assert_confidential_case(case, curator):
    assert case.visibility == Visibility.CONFIDENTIAL
    assert case.published_at is None
    assert case.country.iso2 == "NI"
    assert case.perpetrator_kind == Case.Perpetrator.STATE
    assert str(case.incident_date) == "2024-03-14" and case.incident_date_precision == "day"
    assert list(case.mechanisms.values_list("slug", flat=True)) == ["sr-defenders"]
    victim = case.victims.get()
    # Anonymised publication consent: the name is kept in the consent record, not the victim's.
    assert victim.name == "" and victim.description == "a woman human rights defender"
    assert "Questioned after speaking at the Council." in case.summary
    assert "Managua" in case.summary
    assert "contact-marker" not in case.summary
    # Anonymised publication consent: the title does not carry the name.
    assert "Ana Example" not in case.title
    consent = victim.consent
    assert consent.share_with_un is True and consent.publication == Consent.Publication.ANONYMISED
    assert consent.withheld_name == "Ana Example" and consent.source_reference
    # Invisible to the public and to anyone without a grant; the converter was granted it.
    assert not Case.objects.visible_to(AnonymousUser()).filter(pk=case.pk).exists()
    assert Case.objects.visible_to(curator).filter(pk=case.pk).exists()
    assert AccessGrant.objects.filter(user=curator, case=case).exists()


def test_create_case_from_the_decrypting_view(client, curator, submission, intake_keys):
    client.force_login(curator)
    url = f"/intake/staff/{submission.reference}/decrypt/"
    # Not yet reviewed: refused.
    response = client.post(url, {"private_key": intake_keys.private, "action": "create_case"})
    assert response.status_code == 400 and not Case.objects.exists()

    services.change_status(submission, S.UNDER_REVIEW)
    response = client.post(url, {"private_key": intake_keys.private, "action": "create_case"})
    assert response.status_code == 302
    submission.refresh_from_db()
    case = submission.case
    _assert_confidential_case(case, curator)
    assert client.get(case.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(case.get_absolute_url()).status_code == 404

    # Once only.
    client.force_login(curator)
    response = client.post(url, {"private_key": intake_keys.private, "action": "create_case"})
    assert response.status_code == 400 and Case.objects.count() == 1


def test_create_case_from_pasted_command_output(client, curator, submission, intake_keys, tmp_path):
    services.change_status(submission, S.UNDER_REVIEW)
    key_file = tmp_path / "key"
    key_file.write_text(intake_keys.private)
    out = io.StringIO()
    call_command("intake", "decrypt", "--key-file", str(key_file), submission.reference, stdout=out)
    pasted = out.getvalue()

    client.force_login(curator)
    url = f"/intake/staff/{submission.reference}/case/"
    other = json.loads(pasted) | {"reference": "zzzzzzzzzz"}
    response = client.post(url, {"pasted": json.dumps(other)})
    assert response.status_code == 400 and "belongs to submission zzzzzzzzzz" in response.content.decode()
    assert client.post(url, {"pasted": "not json"}).status_code == 400
    assert not Case.objects.exists()

    response = client.post(url, {"pasted": pasted})
    assert response.status_code == 302
    submission.refresh_from_db()
    _assert_confidential_case(submission.case, curator)


def test_decrypt_command(submission, intake_keys, tmp_path, capsys):
    key_file = tmp_path / "key"
    key_file.write_text(f"INTAKE_PRIVATE_KEY={intake_keys.private}\n")
    out = io.StringIO()
    call_command(
        "intake",
        "decrypt",
        "--key-file",
        str(key_file),
        "--attachments-dir",
        str(tmp_path / "files"),
        stdout=out,
    )
    (exported,) = json.loads(out.getvalue())
    assert exported["reference"] == submission.reference
    assert exported["fields"]["contact"] == "signal +000 contact-marker"
    assert exported["attachments"][0]["content_type"] == "image/jpeg"
    (written,) = (tmp_path / "files").iterdir()
    assert written.read_bytes().startswith(b"\xff\xd8\xff")

    _public, other = crypto.generate_keypair()
    key_file.write_text(other)
    with pytest.raises(CommandError, match="does not belong to the public key"):
        call_command("intake", "decrypt", "--key-file", str(key_file), submission.reference)
    key_file.write_text("nonsense")
    with pytest.raises(CommandError, match="not a valid intake private key"):
        call_command("intake", "decrypt", "--key-file", str(key_file))
    key_file.write_text(intake_keys.private)
    with pytest.raises(CommandError, match="No submission"):
        call_command("intake", "decrypt", "--key-file", str(key_file), "nosuchref")


def test_keygen_command(capsys):
    out, err = io.StringIO(), io.StringIO()
    call_command("intake", "keygen", stdout=out, stderr=err)
    text = out.getvalue()
    assert "offline" in err.getvalue().lower()
    public = next(
        line.split("=", 1)[1] for line in text.splitlines() if line.startswith("INTAKE_PUBLIC_KEY=")
    )
    private = crypto.parse_private_key(text)
    assert crypto.fingerprint(private.public_key) == crypto.fingerprint(crypto.parse_public_key(public))
    sealed = crypto.seal(b"hello", crypto.parse_public_key(public))
    assert crypto.open_sealed(sealed, private) == b"hello"


def test_unique_marker_survives_only_in_the_case(client, curator, intake_keys):
    """After conversion the case holds the text (by the curator's decision); the submission's
    contact details never leave the ciphertext."""
    marker = f"CONTACT-{uuid.uuid4().hex}"
    client.post("/intake/", form_data(contact=marker))
    submission = Submission.objects.get()
    services.change_status(submission, S.UNDER_REVIEW)
    fields = services.decrypt(submission, intake_keys.private_key).fields
    services.create_case(submission, fields)
    from .helpers import tables_containing

    assert tables_containing(marker) == set()
