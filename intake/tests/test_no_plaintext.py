"""Neither the database nor the logs hold what a submitter wrote, nor their address."""

import logging
import uuid

import pytest
from django.apps import apps
from django.db import connection, models

from intake import services
from intake.models import Attachment, Submission

from .helpers import CLIENT_IP, form_data, jpeg_with_exif, receipt_code, tables_containing, upload

pytestmark = pytest.mark.django_db


def _model_text_values():
    """Every text and binary column of every model, read through the ORM."""
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed:  # e.g. SQLite's FTS table: absent on PostgreSQL, copies cases_case
            continue
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.BinaryField | models.JSONField)
        ]
        if not columns:
            continue
        for row in model._base_manager.values_list(*columns):
            yield model, row


def _orm_models_containing(*needles):
    found = set()
    for model, row in _model_text_values():
        for value in row:
            if value is None:
                continue
            raw = bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
            if any(n.encode() in raw for n in needles):
                found.add(model._meta.label)
    return found


def test_database_and_logs_never_hold_plaintext_or_address(client, caplog, intake_keys):
    marker = f"MARKER-{uuid.uuid4().hex}"
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.db.backends", "django.request", "django.security"):
        caplog.set_level(logging.DEBUG, logger=name)
    connection.force_debug_cursor = True  # log every SQL statement with its parameters
    try:
        data = form_data(
            what_happened=f"What happened {marker}",
            location=f"Place {marker}",
            perpetrator_details=f"Officer {marker}",
            victim_name=f"Name {marker}",
            victim_description=f"Description {marker}",
            contact=f"signal {marker}",
        )
        data["attachments"] = [
            upload(f"notes-{marker}.txt", f"Attachment text {marker}\n".encode()),
            upload("photo.jpg", jpeg_with_exif(marker)),
        ]
        response = client.post(
            "/intake/",
            data,
            REMOTE_ADDR=CLIENT_IP,
            HTTP_X_FORWARDED_FOR=f"{CLIENT_IP}, 10.0.0.1",
            HTTP_X_REAL_IP=CLIENT_IP,
            HTTP_USER_AGENT=f"Browser {marker}",
        )
        # A refused submission from the same person must not leave traces either.
        bad = form_data(what_happened=f"Refused {marker}")
        bad["attachments"] = [upload(f"evil-{marker}.jpg", b"%PDF-1.4 not really")]
        refused = client.post("/intake/", bad, REMOTE_ADDR=CLIENT_IP, HTTP_X_FORWARDED_FOR=CLIENT_IP)
        code = receipt_code(response)
        status = client.post("/intake/status/", {"code": code}, REMOTE_ADDR=CLIENT_IP)
    finally:
        connection.force_debug_cursor = False

    assert response.status_code == 200
    assert refused.status_code == 400
    assert status.status_code == 200
    assert Submission.objects.count() == 1
    assert Attachment.objects.count() == 2
    assert any("SELECT" in r.getMessage() or "INSERT" in r.getMessage() for r in caplog.records), (
        "the SQL log was not captured, so this test would prove nothing"
    )

    needles = (marker, CLIENT_IP, code, code.replace("-", ""))
    assert tables_containing(*needles) == set()
    assert _orm_models_containing(*needles) == set()
    for record in caplog.records:
        text = record.getMessage() + repr(record.__dict__)
        assert marker not in text
        assert CLIENT_IP not in text
        assert code not in text


def test_what_is_stored_is_only_ciphertext_and_triage_metadata(client, intake_keys):
    client.post("/intake/", form_data())
    submission = Submission.objects.get()
    stored = {
        f.name
        for f in Submission._meta.concrete_fields
        if f.name not in ("id", "reference", "received_on", "status", "status_changed_on", "case")
    }
    assert stored == {"receipt_hash", "key_fingerprint", "ciphertext"}
    assert len(submission.receipt_hash) == 64
    opened = services.decrypt(submission, intake_keys.private_key)
    assert opened.fields["what_happened"].startswith("Police questioned")


def test_client_address_is_stripped_before_the_view(rf):
    from intake.middleware import StripClientAddressMiddleware

    seen = {}

    def view(request):
        seen.update(request.META)
        return None

    middleware = StripClientAddressMiddleware(view)
    middleware(
        rf.post(
            "/intake/",
            REMOTE_ADDR=CLIENT_IP,
            HTTP_X_FORWARDED_FOR=CLIENT_IP,
            HTTP_FORWARDED=f"for={CLIENT_IP}",
        )
    )
    assert CLIENT_IP not in repr(seen)
    assert "HTTP_X_FORWARDED_FOR" not in seen and "HTTP_FORWARDED" not in seen

    seen.clear()
    middleware(rf.get("/cases/", REMOTE_ADDR=CLIENT_IP))
    assert seen["REMOTE_ADDR"] == CLIENT_IP  # other paths are untouched


def test_intake_middleware_comes_first():
    from django.conf import settings

    assert settings.MIDDLEWARE[0] == "intake.middleware.StripClientAddressMiddleware"


def test_public_intake_sets_no_session(client):
    response = client.post("/intake/", form_data())
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    from django.contrib.sessions.models import Session

    assert not Session.objects.exists()
