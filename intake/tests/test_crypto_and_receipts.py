"""Decryption with the right key, clean failure with a wrong one, keys, receipts and status."""

import subprocess
import sys
import uuid

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from intake import crypto, services
from intake.models import Submission

from .helpers import form_data, receipt_code, upload

pytestmark = pytest.mark.django_db


def _submit(client, **overrides):
    data = form_data(**overrides)
    response = client.post("/intake/", data)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response


def test_right_key_decrypts_the_marker(client, intake_keys):
    marker = f"MARKER-{uuid.uuid4().hex}"
    data = form_data(what_happened=f"Told {marker}", contact=f"signal {marker}")
    data["attachments"] = [upload("note.txt", f"file {marker}".encode())]
    client.post("/intake/", data)
    opened = services.decrypt(Submission.objects.get(), intake_keys.private_key)
    assert opened.fields["what_happened"] == f"Told {marker}"
    assert opened.fields["contact"] == f"signal {marker}"
    assert opened.fields["country"] == "NI"
    assert opened.fields["share_with_un"] is True
    assert opened.fields["language"] == "en"
    assert opened.attachments[0].data == f"file {marker}".encode()


def test_wrong_key_fails_cleanly(client):
    _submit(client)
    submission = Submission.objects.get()
    _public, other_private = crypto.generate_keypair()
    with pytest.raises(crypto.WrongKey, match="does not belong to the public key"):
        services.decrypt(submission, crypto.parse_private_key(other_private))
    # Even without the fingerprint check, the sealed box itself refuses.
    submission.key_fingerprint = ""
    with pytest.raises(crypto.WrongKey, match="cannot decrypt this submission"):
        services.decrypt(submission, crypto.parse_private_key(other_private))


@pytest.mark.parametrize("text", ["", "not base64 !!", "QUJD", "# only a comment\n"])
def test_malformed_private_keys_are_refused(text):
    with pytest.raises(crypto.InvalidKey):
        crypto.parse_private_key(text)


def test_private_key_accepted_in_keygen_format(intake_keys):
    text = f"# comment\nINTAKE_PUBLIC_KEY={intake_keys.public}\nINTAKE_PRIVATE_KEY={intake_keys.private}\n"
    assert bytes(crypto.parse_private_key(text)) == bytes(intake_keys.private_key)
    assert bytes(crypto.parse_private_key(f"  {intake_keys.private}\n")) == bytes(intake_keys.private_key)


def test_ciphertext_sizes_are_padded(intake_keys):
    key = crypto.parse_public_key(intake_keys.public)
    assert len(crypto.seal(b"a", key)) == len(crypto.seal(b"a" * 1000, key))


def test_receipt_shows_status_only(client):
    marker = f"MARKER-{uuid.uuid4().hex}"
    response = _submit(client, what_happened=f"Secret {marker}")
    code = receipt_code(response)
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    submission = Submission.objects.get()
    assert submission.receipt_hash == services.receipt_hash(code)
    assert code not in submission.receipt_hash

    page = client.post("/intake/status/", {"code": code}).content.decode()
    assert "Received; not yet reviewed." in page
    assert marker not in page and submission.reference not in page and "Nicaragua" not in page

    services.change_status(submission, Submission.Status.UNDER_REVIEW)
    # Codes are forgiving about case, spaces and look-alike letters.
    retyped = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert "Under review by our team." in client.post("/intake/status/", {"code": retyped}).content.decode()


def test_unknown_receipt(client):
    page = client.post("/intake/status/", {"code": "0000-0000-0000-0000-0000-0000"}).content.decode()
    assert "No report matches this receipt code." in page
    page = client.post("/intake/status/", {"code": "short"}).content.decode()
    assert "No report matches this receipt code." in page


def test_receipt_codes_are_high_entropy():
    codes = {services.new_receipt_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(services.normalise_receipt_code(c)) == 24 for c in codes)


def test_form_page_works_without_inline_script_or_style(client):
    page = client.get("/intake/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "<script>" not in page and " style=" not in page and "<style" not in page
    for name in (
        "what_happened",
        "incident_year",
        "country",
        "mechanism",
        "perpetrator",
        "share_with_un",
        "publication",
        "contact",
        "attachments",
    ):
        assert f'name="{name}"' in page


@pytest.mark.parametrize("language", ["fr", "ar", "zh-hans"])
def test_form_renders_in_every_language(client, language):
    client.cookies["django_language"] = language
    response = client.get("/intake/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_missing_fields_are_refused_with_messages(client):
    response = client.post("/intake/", form_data(what_happened="", country="", share_with_un=""))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Submission.objects.exists()


def test_future_date_is_refused(client):
    response = client.post("/intake/", form_data(incident_year="2099"))
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_development_key_is_created_on_first_use(client, settings, tmp_path, curator):
    settings.INTAKE_PUBLIC_KEY = ""
    settings.INTAKE_DEV_KEY_DIR = tmp_path / "dev"
    _submit(client)
    key_file = tmp_path / "dev" / "private.key"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    private = crypto.parse_private_key(key_file.read_text())
    assert services.decrypt(Submission.objects.get(), private).fields["country"] == "NI"

    client.force_login(curator)
    page = client.get("/intake/staff/").content.decode()
    assert "Development key in use." in page and str(key_file) in page


def test_development_key_refused_in_production(settings):
    settings.INTAKE_PUBLIC_KEY = ""
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        crypto.configured_public_key()


def test_production_refuses_to_start_without_a_public_key(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "ENDREPRISALS_ENV": "production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "endreprisals.settings",
    }
    script = "import django; django.setup()"
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)  # noqa: S603
    assert result.returncode != 0
    assert "INTAKE_PUBLIC_KEY must be set" in result.stderr
    _public, _private = crypto.generate_keypair()
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env={**env, "INTAKE_PUBLIC_KEY": _public},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_invalid_public_key_fails_the_system_check(settings):
    settings.INTAKE_PUBLIC_KEY = "not-a-key"
    assert "intake.E001" in {m.id for m in run_checks()}
