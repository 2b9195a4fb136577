from django_tasks import task

from .services.jobs import run_job

# Reports are read on their own queue, by their own worker (`manage.py db_worker --queue-name
# ingest`), so that e-mail (password resets, signature confirmations, on the "default" queue)
# never waits behind a long report.
INGEST_QUEUE = "ingest"


@task(queue_name=INGEST_QUEUE)
def process_report(job_id: int) -> str:
    return run_job(job_id)
