"""Running a batch: checking (dry run) and importing, in the request or in a background thread.

No broker (DESIGN.md §6: one command to run). A large file runs in a thread started by the view; the
thread records its progress on the ImportBatch row and the page polls it, so the user can leave and
come back. A thread rather than a subprocess: it needs no second entry point, settings or environment to
pass, and it works the same on SQLite and PostgreSQL because checking writes nothing until the final
transaction; progress updates are autocommitted single-row UPDATEs that never wait on a long write lock.
The cost: a server restart kills the thread, so a batch left running too long is shown as failed
(`mark_stale`) and can simply be uploaded again; nothing was written, the write being one transaction.
"""

import datetime
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from importers.engine import run_import
from importers.models import BatchStatus, ImportBatch

STALE_AFTER = datetime.timedelta(minutes=30)


def background_threshold() -> int:
    """Files larger than this many bytes are checked and imported in a background thread."""
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
                            reason=batch.change_reason, progress=progress)
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


def _run_in_thread(batch_id: int, confirm: bool) -> None:
    close_old_connections()
    try:
        run_batch(batch_id, confirm=confirm)
    finally:
        connection.close()  # the thread's own connection


def start_batch(batch: ImportBatch, *, confirm: bool) -> bool:
    """Run the batch now, or in a background thread for a large file. True when it went to the background."""
    status = BatchStatus.IMPORTING if confirm else BatchStatus.QUEUED
    ImportBatch.objects.filter(pk=batch.pk).update(status=status, processed_rows=0, updated_at=timezone.now())
    if batch.file.size <= background_threshold():
        run_batch(batch.pk, confirm=confirm)
        return False
    threading.Thread(target=_run_in_thread, args=(batch.pk, confirm), daemon=True,
                     name=f"import-batch-{batch.pk}").start()
    return True


def mark_stale(batch: ImportBatch) -> ImportBatch:
    """A batch that stopped reporting progress long ago was cut off (the server restarted)."""
    if batch.is_running and timezone.now() - batch.updated_at > STALE_AFTER:
        batch.status = BatchStatus.FAILED
        batch.report = {**batch.report, "failure": "导入进程已中断（服务器可能已重启），未写入任何数据，请重新上传。"}
        batch.save()
    return batch
