"""Drafts, locks, revisions and change-feed entries of the rows an import (or its rollback) writes.

Catalog items and implementations are Wagtail drafts with locks and revisions: an import must not write
over a row someone has locked, must not silently overtake a pending draft, and writes each change as a
new published revision, as the admin's "publish" does. Every written row gets its change-feed entry,
tagged with the batch, in bulk.
"""

from collections import defaultdict

from django.db.models import Max
from wagtail.signal_handlers import disable_reference_index_auto_update

from config_models.history import acting
from config_models.models import CatalogItem, Implementation
from config_models.models.change import Change
from config_models.models.publishing import publishing_directly
from config_models.services.feed import SPECS, feed_record
from config_models.services.revisions import draft_refusal, lock_refusal

REVISIONED = (CatalogItem, Implementation)
CHUNK = 500


def write_refusal(instance, user, *, overwrite_drafts: bool) -> str | None:
    """Why an import may not change this existing row (Chinese), or None."""
    if not isinstance(instance, REVISIONED) or instance.pk is None:
        return None
    refusal = lock_refusal(instance, user)
    if refusal or overwrite_drafts:
        return refusal
    refusal = draft_refusal(instance)
    # Name the import's own switch: the checkbox of the upload form, the flag of the command.
    return refusal and refusal.replace("“覆盖草稿”", "“覆盖未发布的草稿”（命令行：--overwrite-drafts）")


def publish_created(rows, *, user, reason: str) -> None:
    """Give rows just bulk-inserted (as not live) their first revision and publish it.

    The bulk insert keeps a large import to a few statements per table; the revision is what the admin
    shows in the row's history, and publishing it is what makes the row live. The bulk insert never
    updated Wagtail's reference index (it sends no signals); neither do these saves, which would otherwise
    cost a task run per save.
    """
    with acting(user, reason), publishing_directly(), disable_reference_index_auto_update():
        for row in rows:
            revision = row.save_revision(user=user, log_action=True, clean=False)
            revision.publish(user=user, skip_permission_checks=True)


def feed_mark() -> int:
    """The last feed entry before a write: entries after it are the write's own."""
    return Change.objects.aggregate(last=Max("sequence"))["last"] or 0


def record_once(written: dict[str, dict[type, list]], *, since: int, actor, batch: str, reason: str = "") -> int:
    """Append feed entries for `written` ({operation: {model: [rows]}}), except for rows already recorded.

    A service the import called may already have recorded a row (the services are becoming the only
    writers of the feed): such entries are kept, given the batch, and the row is not recorded twice.
    Returns the number of entries appended here.
    """
    # Look first, write after: the parent entries written below must not hide a row's own entry.
    pending = []
    for operation, by_model in written.items():
        for model, rows in by_model.items():
            rows = [row for row in rows if row.pk is not None]
            recorded = set()
            spec = SPECS.get(model)
            if spec is not None and rows:
                ids = sorted({row.pk for row in rows})
                for start in range(0, len(ids), CHUNK):
                    own = Change.objects.filter(sequence__gt=since, entity=spec.entity, operation=operation,
                                                object_id__in=ids[start:start + CHUNK])
                    recorded |= set(own.values_list("object_id", flat=True))
                    own.filter(batch="").update(batch=batch)
            remaining = [row for row in rows if row.pk not in recorded]
            if remaining:
                pending.append((operation, remaining))
    return sum(feed_record(rows, operation=operation, actor=actor, batch=batch, reason=reason)
               for operation, rows in pending)


def grouped() -> dict[str, dict[type, list]]:
    return defaultdict(lambda: defaultdict(list))
