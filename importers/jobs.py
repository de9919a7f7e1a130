"""Running a batch: checking (dry run) and importing, in the request or in the task worker (importers.tasks).

The run records its progress on the ImportBatch row and the batch page polls it. It works the same on
SQLite and PostgreSQL because checking writes nothing until the final transaction; progress updates are
autocommitted single-row UPDATEs that never wait on a long write lock. A worker stopped mid-run (or never
started) leaves a batch that stops reporting progress: after a while it is shown as failed (`mark_stale`)
and can simply be uploaded again; nothing was written, the write being one transaction.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from importers.engine import run_import
from importers.models import BatchStatus, ImportBatch

STALE_AFTER = datetime.timedelta(minutes=30)


def background_threshold() -> int:
    """Files larger than this many bytes are checked and imported by the task worker."""
    return getattr(settings, "IMPORTERS_BACKGROUND_BYTES", 200_000)


def run_batch(batch_id: int, *, confirm: bool) -> ImportBatch:
    batch = ImportBatch.objects.select_related("user").get(pk=batch_id)
    working = BatchStatus.IMPORTING if confirm else BatchStatus.CHECKING
    ImportBatch.objects.filter(pk=batch_id).update(status=working, processed_rows=0, updated_at=timezone.now())

    def progress(done: int, total: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(processed_rows=done, total_rows=total,
                                                       updated_at=timezone.now())

    with batch.file.open("rb") as handle:
        data = handle.read()
    try:
        report = run_import(batch.resource, data, batch.original_name, user=batch.user, dry_run=not confirm,
                            reason=batch.change_reason, progress=progress,
                            overwrite_drafts=batch.overwrite_drafts, batch=str(batch.pk))
    except Exception as error:  # ImportRefused or a failure while writing: the write rolled back; record why
        batch.refresh_from_db()
        batch.status = BatchStatus.FAILED
        batch.report = {**batch.report, "failure": str(error) or error.__class__.__name__}
        batch.save()
        return batch
    batch.refresh_from_db()
    batch.report = report.as_dict()
    batch.total_rows = report.total_rows
    batch.processed_rows = report.total_rows
    if report.errors:
        batch.status = BatchStatus.INVALID
    elif confirm:
        batch.status = BatchStatus.DONE
        batch.imported_at = timezone.now()
    else:
        batch.status = BatchStatus.PREVIEW
    batch._history_user = batch.user
    batch.save()
    return batch


def mark_stale(batch: ImportBatch) -> ImportBatch:
    """A batch that stopped reporting progress long ago was cut off, or no worker ever took it."""
    if batch.is_running and timezone.now() - batch.updated_at > STALE_AFTER:
        batch.status = BatchStatus.FAILED
        batch.report = {**batch.report, "failure": "后台任务进程已中断或未运行，未写入任何数据，请重新上传。"}
        batch.save()
    return batch
