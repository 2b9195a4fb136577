"""The intake's global budget per hour (intake/budget.py): past it, 503 with Retry-After, the
text typed shown back, nothing stored, and no address kept anywhere."""

import datetime

import pytest
from django.utils import timezone

from intake import budget
from intake.models import HourlyUsage, Submission

from .helpers import form_data, upload

pytestmark = pytest.mark.django_db


def _busy(response, typed):
    assert response.status_code == 503
    assert 1 <= int(response["Retry-After"]) <= 3600
    page = response.content.decode()
    assert "We are receiving more reports than we can take in just now" in page
    assert typed in page  # nothing the user typed is lost


def test_submissions_past_the_hourly_budget_are_refused_with_the_text_kept(client, settings):
    settings.INTAKE_MAX_SUBMISSIONS_PER_HOUR = 2
    for _ in range(2):
        assert client.post("/intake/", form_data()).status_code == 200
    typed = "Detained at the airport after the session — budget marker"
    _busy(client.post("/intake/", form_data(what_happened=typed)), typed)
    assert Submission.objects.count() == 2


def test_bytes_past_the_hourly_budget_are_refused_before_the_files_are_read(client, settings):
    settings.INTAKE_MAX_BYTES_PER_HOUR = 50_000
    data = form_data(what_happened="Big upload marker")
    data["attachments"] = [upload("a.txt", b"a" * 60_000)]
    _busy(client.post("/intake/", data), "Big upload marker")
    assert Submission.objects.count() == 0
    # A small report still fits.
    assert client.post("/intake/", form_data()).status_code == 200


def test_refused_uploads_count_towards_the_bytes(client, settings):
    settings.INTAKE_MAX_FILE_BYTES = 1000
    settings.INTAKE_MAX_BYTES_PER_HOUR = 30_000

    def with_big_file():
        return {**form_data(), "attachments": [upload("big.txt", b"a" * 20_000)]}

    assert client.post("/intake/", with_big_file()).status_code == 400  # too large, but received
    _busy(client.post("/intake/", with_big_file()), "")
    assert HourlyUsage.objects.get().received_bytes >= 20_000


def test_the_budget_is_per_clock_hour(client, settings):
    settings.INTAKE_MAX_SUBMISSIONS_PER_HOUR = 1
    last_hour = budget.current_hour() - datetime.timedelta(hours=1)
    HourlyUsage.objects.create(hour=last_hour, submissions=1)
    assert client.post("/intake/", form_data()).status_code == 200


def test_old_hours_are_forgotten():
    now = timezone.now()
    HourlyUsage.objects.create(hour=budget.current_hour(now) - datetime.timedelta(hours=5), submissions=9)
    budget.count_submission(now)
    assert list(HourlyUsage.objects.values_list("hour", "submissions")) == [(budget.current_hour(now), 1)]


def test_the_budget_keeps_counts_only():
    fields = {f.name for f in HourlyUsage._meta.get_fields()}
    assert fields == {"id", "hour", "submissions", "received_bytes"}
