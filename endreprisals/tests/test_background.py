import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from endreprisals import background
from mailer.models import OutboundEmail
from mailer.services import queue_email
from mailer.tasks import deliver_email

pytestmark = pytest.mark.django_db(transaction=True)


class Rollback(Exception):
    pass


def _queue():
    return queue_email(
        "mailer/email/test", to="someone@example.org", context={"name": "Ana"}, category="test"
    )


def test_with_the_database_backend_the_job_commits_with_its_rows():
    with transaction.atomic():
        email = _queue()
        # Written in the open transaction, not deferred to after it.
        assert DBTaskResult.objects.filter(args_kwargs__args=[email.pk]).count() == 1
    assert DBTaskResult.objects.get().task_path == deliver_email.module_path


def test_a_rollback_removes_the_job_with_its_rows():
    with pytest.raises(Rollback), transaction.atomic():
        _queue()
        raise Rollback
    assert not OutboundEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_another_backend_is_enqueued_only_after_commit():
    backend = deliver_email.get_backend()
    backend.clear()
    with transaction.atomic():
        background.enqueue(deliver_email, 1)
        assert backend.results == []  # a worker outside the database must not see it yet
    assert [result.args for result in backend.results] == [[1]]
