from django_tasks import task


@task(queue_name="default")
def clean_pdf_attachment(pending_id: int) -> str:
    """Rewrite one received PDF without its metadata and seal it (intake/pending.py)."""
    from .pending import clean_pending

    return clean_pending(pending_id)
