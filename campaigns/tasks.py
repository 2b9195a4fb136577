"""Background jobs of the campaigns app (run by `manage.py db_worker`)."""

import datetime

from django_tasks import task

from endreprisals import background

from . import mailings
from .bounces import sync_mission_deliveries


@task(queue_name="default")
def send_mailing(mailing_id: int) -> int:
    return mailings.send(mailing_id)


@task(queue_name="default")
def sync_deliveries() -> dict:
    return sync_mission_deliveries()


def schedule_sync(submission) -> None:
    """After a letter's messages are queued: copy their outcome (and count bounces) shortly
    after the last one is due, and once more an hour later to catch retries."""
    last = max((m.not_before for m in submission.messages.all() if m.not_before), default=None)
    if last is None and not submission.messages.exclude(outbound=None).exists():
        return
    from django.utils import timezone

    base = max(last or timezone.now(), timezone.now())
    for delay in (datetime.timedelta(minutes=2), datetime.timedelta(hours=1, minutes=2)):
        background.enqueue(sync_deliveries.using(run_after=base + delay))
