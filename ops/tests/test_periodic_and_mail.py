"""`make run`'s local mail (file backend, listed at /ops/mail/) and the periodic-jobs scheduler."""

import io

import pytest
from django.core import mail as django_mail
from django.core.management import call_command
from django.urls import reverse

from ops import periodic
from ops.periodic import Job


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_due_jobs_run_once_per_interval_and_a_failure_does_not_stop_the_others(var_dir):
    jobs = (
        Job("statistics", "refresh_statistics", 3600),
        Job("broken", "no_such_command", 60),
        Job("reminders", "campaigns_remind", 3600),
    )
    assert periodic.run_due(now=1000.0, jobs=jobs, stdout=io.StringIO()) == [
        "refresh_statistics",
        "campaigns_remind",
    ]
    assert periodic.due(now=1000.0 + 1800, jobs=jobs) == [jobs[1]]  # only the failed one is still due
    assert periodic.run_due(now=1000.0 + 3600, jobs=jobs, stdout=io.StringIO()) == [
        "refresh_statistics",
        "campaigns_remind",
    ]


@pytest.mark.django_db
def test_run_periodic_once_runs_every_real_job(var_dir):
    out = io.StringIO()
    call_command("run_periodic", "--once", stdout=out)
    for job in periodic.JOBS:
        assert f"ran {job.command}" in out.getvalue()
    assert periodic.due(jobs=periodic.JOBS) == []


@pytest.mark.django_db
def test_mail_is_kept_locally_and_listed_for_superusers(client, settings, tmp_path, administrator, curator):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    django_mail.send_mail(
        "Confirm your signature", "Click http://127.0.0.1:8000/c/abc", None, ["ana@example.org"]
    )
    assert list((tmp_path / "mail").glob("*.log"))
    client.force_login(curator)
    assert client.get(reverse("ops:mail")).status_code == 403
    client.force_login(administrator)
    page = client.get(reverse("ops:mail")).content.decode()
    assert "Confirm your signature" in page and "ana@example.org" in page and "/c/abc" in page


@pytest.mark.django_db
def test_the_mail_page_exists_only_with_the_file_backend(client, settings, administrator):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    client.force_login(administrator)
    assert client.get(reverse("ops:mail")).status_code == 404
