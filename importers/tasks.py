"""Background imports: a large file is checked and imported by the task worker (`manage.py run_worker`).

The task only runs the batch; its progress and result are written on the ImportBatch row (importers.jobs),
which the batch page polls, so the user can leave and come back.
"""

from django.utils import timezone
from django_tasks import task

from importers.jobs import background_threshold, run_batch
from importers.models import BatchStatus, ImportBatch


@task()
def run_batch_task(batch_id: int, confirm: bool) -> str:
    """Check (confirm=False) or import one batch; returns the batch's final status."""
    status = ImportBatch.objects.filter(pk=batch_id).values_list("status", flat=True).first()
    if status not in (BatchStatus.QUEUED, BatchStatus.IMPORTING):
        return status  # given up on while it waited for the worker (importers.jobs.mark_stale), or deleted
    return run_batch(batch_id, confirm=confirm).status


def start_batch(batch: ImportBatch, *, confirm: bool) -> bool:
    """Run the batch now, or enqueue it for the worker when the file is large. True when it was enqueued."""
    status = BatchStatus.IMPORTING if confirm else BatchStatus.QUEUED
    ImportBatch.objects.filter(pk=batch.pk).update(status=status, processed_rows=0, updated_at=timezone.now())
    if batch.file.size <= background_threshold():
        run_batch(batch.pk, confirm=confirm)
        return False
    run_batch_task.enqueue(batch.pk, confirm)
    return True
