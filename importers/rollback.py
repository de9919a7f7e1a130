"""Rolling back a whole import batch, from the history rows that carry its reason ("导入批次#12")."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config_models.models import CatalogItem, Department, Implementation, Material, Region, RegionPage
from config_models.models.change import ChangeOperation, LeaveReason
from config_models.services.feed import feed_record
from config_models.services.history import history_revert
from config_models.services.revisions import save_published
from importers.changes import REVISIONED, feed_mark, grouped, record_once
from importers.models import BatchStatus, ImportBatch

# Children before parents: deleting what the batch created must not meet a protected reference.
MODELS = [Material, Implementation, CatalogItem, Department, Region]


def _records(model, reason):
    return list(model.history.filter(history_change_reason=reason).order_by("-history_date", "-history_id"))


def batch_rollback(*, batch: ImportBatch, user=None) -> dict[str, int]:
    """Undo every change of the batch, or nothing: refused when a row was changed again after it."""
    if batch.status != BatchStatus.DONE:
        raise ValidationError("只有已导入的批次可以回滚。")
    reason = batch.change_reason
    undo_reason = f"回滚{reason}"
    counts = {"deleted": 0, "restored": 0, "reverted": 0}
    feed = {"actor": user, "batch": str(batch.pk)}
    restored = grouped()
    revisions = {}
    with transaction.atomic():
        since = feed_mark()
        records = {model: _records(model, reason) for model in MODELS}
        for model, rows in records.items():
            for record in rows:
                later = model.history.filter(id=record.id, history_date__gt=record.history_date).exclude(
                    history_change_reason=reason)
                if later.exists():
                    raise ValidationError(
                        f"{model._meta.verbose_name}“{record.instance}”在导入后又被修改过，不能整批回滚，请逐条处理。"
                    )
        for model, rows in records.items():
            created = [r for r in rows if r.history_type == "+"]
            if model is CatalogItem:  # sub-items before their main items
                created.sort(key=lambda r: r.parent_id is None)
            if model is Region:  # deepest regions first
                created.sort(key=lambda r: -len(r.instance.path or ""))
            for record in created:
                obj = model._default_manager.filter(pk=record.id).first()
                if obj is None:
                    continue
                if model is Region:
                    page = RegionPage.objects.filter(region=obj).first()
                    if page is not None:
                        page.delete()
                obj._history_user = user
                obj._change_reason = undo_reason
                # Before the delete: the entry reads the row (and its parents) while it is still there.
                feed_record(obj, operation=ChangeOperation.DELETE, reason=LeaveReason.DELETED, **feed)
                obj.delete()
                counts["deleted"] += 1
            for record in rows:
                if record.history_type == "-" and model is Material:
                    if Implementation.objects.filter(pk=record.implementation_id).exists():
                        material = record.instance
                        material._history_user = user
                        material._change_reason = undo_reason
                        material.save()
                        restored[ChangeOperation.UPDATE][Material].append(material)
                        counts["restored"] += 1
                elif record.history_type == "~":
                    previous = record.prev_record
                    if previous is not None and model._default_manager.filter(pk=record.id).exists():
                        if model in REVISIONED:
                            revisions.setdefault((model, record.id), model._default_manager.filter(
                                pk=record.id).values_list("latest_revision_id", flat=True).get())
                        reverted = history_revert(record=previous, user=user)
                        restored[ChangeOperation.UPDATE][model].append(reverted)
                        counts["reverted"] += 1
        # The import's revision is the latest of the rows it changed: the admin would edit (and a publish put
        # back) the imported values. The restored values become the latest published revision, unless the
        # revert made one itself. Refused, like the import, over someone else's lock.
        for (model, pk), latest_before in revisions.items():
            row = model._default_manager.get(pk=pk)
            if row.latest_revision_id == latest_before:
                save_published(instance=row, user=user, reason=undo_reason, overwrite_draft=True)
        # Restored rows are updates (U) of the rows the batch had changed; not twice if the revert recorded them.
        record_once(restored, since=since, **feed)
        batch.status = BatchStatus.ROLLED_BACK
        batch.rolled_back_at = timezone.now()
        batch._history_user = user
        batch.save()
    return counts
