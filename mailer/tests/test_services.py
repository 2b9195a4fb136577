import smtplib

import pytest

from mailer.models import OutboundEmail
from mailer.services import deliver, queue_email

pytestmark = pytest.mark.django_db(transaction=True)


def _queue(**kwargs):
    return queue_email(
        "mailer/email/test", to="someone@example.org", context={"name": "Ana"}, category="test", **kwargs
    )


def test_queued_mail_is_delivered_by_the_worker_over_smtp(smtp_server, run_worker):
    email = _queue(reply_to="supporter@example.net", headers={"List-Unsubscribe": "<https://example.org/u>"})
    assert smtp_server.messages == []  # nothing is sent inside the request
    run_worker()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT and email.attempts == 1
    [message] = smtp_server.messages
    assert message["Subject"] == "Test message for Ana"
    assert message["Reply-To"] == "supporter@example.net"
    assert message["List-Unsubscribe"] == "<https://example.org/u>"
    assert "Hello Ana" in message.get_body(("plain",)).get_content()
    assert "<p>Hello Ana,</p>" in message.get_body(("html",)).get_content()


def test_a_message_is_never_sent_twice(smtp_server, run_worker):
    email = _queue()
    run_worker()
    assert deliver(email.pk) == "not-claimed"  # a retried task finds it already claimed
    assert len(smtp_server.messages) == 1


def test_dedupe_key_queues_once(smtp_server, run_worker):
    first = _queue(dedupe_key="confirm:1")
    second = _queue(dedupe_key="confirm:1")
    assert first.pk == second.pk
    run_worker()
    assert len(smtp_server.messages) == 1


def test_temporary_failure_is_retried_later(settings, monkeypatch):
    email = _queue()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on the discard port

    assert deliver(email.pk) == OutboundEmail.Status.QUEUED
    email.refresh_from_db()
    assert email.attempts == 1 and email.not_before is not None and email.last_error


def test_refused_recipient_fails_permanently(monkeypatch):
    email = _queue()

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"someone@example.org": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    assert deliver(email.pk) == OutboundEmail.Status.FAILED
