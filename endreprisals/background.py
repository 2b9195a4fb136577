"""Enqueueing background jobs so that a job and the rows it acts on become visible together.

With the database task backend (the default), the task row is written on the same connection,
so it joins the surrounding transaction: one commit for the rows and their job, and no job lost
if the process dies between the two. Any other backend lives outside the database, so the job
is enqueued only after the transaction commits; otherwise a worker could pick it up before the
rows it needs exist, or act on rows a rollback later removed.
"""

from django.db import transaction
from django_tasks_db import DatabaseBackend


def enqueue(task, *args, **kwargs) -> None:
    """Enqueue `task(*args, **kwargs)` as part of the current transaction (see above)."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))
