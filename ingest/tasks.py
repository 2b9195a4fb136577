from django_tasks import task

from .services.jobs import run_job


@task(queue_name="default")
def process_report(job_id: int) -> str:
    return run_job(job_id)
