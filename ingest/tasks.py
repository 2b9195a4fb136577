from django_tasks import task

from audit.context import acting_as

from .models import IngestJob
from .services.jobs import run_job

# Reports are read on their own queue, by their own worker (`manage.py db_worker --queue-name
# ingest`), so that e-mail (password resets, signature confirmations, on the "default" queue)
# never waits behind a long report.
INGEST_QUEUE = "ingest"


@task(queue_name=INGEST_QUEUE)
def process_report(job_id: int) -> str:
    # What the worker creates (the report, its paragraphs, the candidates) is recorded in the
    # audit log as done by the curator who uploaded the file, not by an anonymous process.
    job = IngestJob.objects.select_related("created_by").defer("source").filter(pk=job_id).first()
    user = job.created_by if job else None
    with acting_as(user, via="ingest.worker"):
        return run_job(job_id)
