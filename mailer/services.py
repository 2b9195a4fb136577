"""The one way the project sends e-mail: render subject/text/HTML templates, queue, deliver.

    queue_email("campaigns/email/confirm", to=..., context={...})

renders `<prefix>_subject.txt`, `<prefix>.txt` and (if it exists) `<prefix>.html`, stores the
message and enqueues its delivery on the background worker in the surrounding transaction
(`endreprisals.background`): the message and its job commit together.

The suppression list is checked here, where every app's messages pass, and again by the worker
just before delivery: a message to (or with the Reply-To of) a suppressed address is never
queued (`queue_email` returns None), and one queued before the address was suppressed is
cancelled instead of sent. No app can forget the check.
"""

import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from endreprisals import background

from .addresses import is_suppressed
from .models import OutboundEmail

MAX_ATTEMPTS = 5


def render_email(template_prefix: str, context: dict) -> tuple[str, str, str]:
    subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
    text = render_to_string(f"{template_prefix}.txt", context)
    try:
        html = render_to_string(f"{template_prefix}.html", context)
    except TemplateDoesNotExist:
        html = ""
    return subject, text, html


def queue_email(
    template_prefix: str,
    *,
    to: str,
    context: dict,
    category: str,
    reply_to: str = "",
    headers: dict | None = None,
    dedupe_key: str | None = None,
    not_before=None,
    language: str | None = None,
) -> OutboundEmail | None:
    """Render and queue one message; returns the existing row when `dedupe_key` was used, and
    None (nothing queued) when the recipient or the Reply-To address is suppressed."""
    if is_suppressed(to, reply_to):
        return None
    with translation.override(language or translation.get_language()):
        subject, text, html = render_email(template_prefix, {**context, "site_url": settings.SITE_URL})
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                to=to,
                reply_to=reply_to,
                subject=subject,
                body_text=text,
                body_html=html,
                headers=headers or {},
                category=category,
                dedupe_key=dedupe_key,
                not_before=not_before,
            )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return OutboundEmail.objects.get(dedupe_key=dedupe_key)
    _enqueue(email)
    return email


def _enqueue(email: OutboundEmail) -> None:
    from .tasks import deliver_email

    task = deliver_email.using(run_after=email.not_before) if email.not_before else deliver_email
    background.enqueue(task, email.pk)


def claim(email_id: int) -> OutboundEmail | None:
    """Move a queued message to 'sending'; None if another worker (or an earlier run) has it."""
    claimed = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.QUEUED).update(
        status=OutboundEmail.Status.SENDING, attempts=F("attempts") + 1
    )
    return OutboundEmail.objects.get(pk=email_id) if claimed == 1 else None


def deliver(email_id: int) -> str:
    """Send one claimed message over SMTP. Returns the final status."""
    email = claim(email_id)
    if email is None:
        return "not-claimed"
    if is_suppressed(email.to, email.reply_to):  # suppressed after it was queued
        OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.CANCELLED)
        return OutboundEmail.Status.CANCELLED
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers=email.headers,
        connection=get_connection(),
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        return _failed(email, exc)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return OutboundEmail.Status.SENT


def _failed(email: OutboundEmail, exc: Exception) -> str:
    permanent = isinstance(exc, smtplib.SMTPRecipientsRefused) or email.attempts >= MAX_ATTEMPTS
    status = OutboundEmail.Status.FAILED if permanent else OutboundEmail.Status.QUEUED
    retry_at = None if permanent else timezone.now() + timedelta(seconds=30 * 2**email.attempts)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=status, last_error=str(exc)[:2000], not_before=retry_at
    )
    if not permanent:
        email.not_before = retry_at
        _enqueue(email)
    return status
