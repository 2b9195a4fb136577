from django_tasks import task

from .services import deliver


@task(queue_name="default")
def deliver_email(email_id: int) -> str:
    return deliver(email_id)
