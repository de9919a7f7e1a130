import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history
from wagtail.search.backends import get_search_backends

from config_models.history import acting
from config_models.models import (
    CatalogItem,
    CatalogStatus,
    ChangeOperation,
    Implementation,
    ImplementationStatus,
    LeaveReason,
)
from config_models.services import save_validated
from config_models.services.feed import feed_record
from config_models.services.registry import register
from config_models.services.review_marks import catalog_item_snapshot, review_marks_raise
from config_models.services.revisions import publish_revision, unpublish_instance


@transaction.atomic
def catalog_item_save(*, item: CatalogItem, user=None, reason: str = "") -> CatalogItem:
    """Save a catalog item as live; its implementations are marked 待复核 with what changed in what they
    inherit, and a cancellation ends them."""
    creating = item.pk is None
    before = catalog_item_snapshot(item.pk)
    item.live = True
    save_validated(item, user=user, reason=reason)
    feed_record(item, operation=ChangeOperation.INSERT if creating else ChangeOperation.UPDATE, actor=user)
    review_marks_raise(source=item, before=before, after=catalog_item_snapshot(item.pk), user=user)
    catalog_item_apply_status(item=item, user=user)
    return item


@transaction.atomic
def catalog_item_publish(*, instance: CatalogItem, revision, user=None, **options) -> CatalogItem:
    """Publish a revision (admin, bulk action, schedule, revision revert): the same rules as a save."""
    first = not CatalogItem.objects.filter(pk=instance.pk, live=True).exists()  # off line until now: new to mirrors
    before = None if first else catalog_item_snapshot(instance.pk)
    item = publish_revision(instance=instance, revision=revision, user=user, **options)
    if item.live:
        feed_record(item, operation=ChangeOperation.INSERT if first else ChangeOperation.UPDATE, actor=user)
        review_marks_raise(source=item, before=before, after=catalog_item_snapshot(item.pk), user=user)
        catalog_item_apply_status(item=item, user=user)
    else:  # scheduled for later: only clients reading drafts hear of the new revision
        feed_record(item, draft=True, actor=user)
    return item


@transaction.atomic
def catalog_item_unpublish(*, instance: CatalogItem, user=None, **options) -> CatalogItem:
    """Take an item off line; its published implementations leave the public's view with it."""
    feed_record(instance, operation=ChangeOperation.DELETE, reason=LeaveReason.UNPUBLISHED, actor=user,
                parents=False)
    running = Implementation.objects.filter(catalog_item=instance, live=True).in_force()
    feed_record(running, operation=ChangeOperation.DELETE, reason=LeaveReason.UNPUBLISHED, actor=user,
                parents=False)
    return unpublish_instance(instance=instance, user=user, **options)


@transaction.atomic
def catalog_item_delete(*, instance: CatalogItem, user=None) -> None:
    feed_record(instance, operation=ChangeOperation.DELETE, reason=LeaveReason.DELETED, actor=user, parents=False)
    with acting(user):
        instance.delete()


@transaction.atomic
def catalog_item_cancel(*, item: CatalogItem, cancel_date: datetime.date, user=None) -> CatalogItem:
    item.status = CatalogStatus.CANCELLED
    item.cancel_date = cancel_date
    return catalog_item_save(item=item, user=user)


def catalog_item_apply_status(*, item: CatalogItem, user=None) -> int:
    """Cancelling a catalog item ends its implementations and keeps them (for the record).

    Returns how many implementations were ended. Called by the save service and when the admin publishes.
    """
    if item.status != CatalogStatus.CANCELLED:
        return 0
    running = list(Implementation.objects.filter(catalog_item=item).in_force().select_related("region", "department"))
    for implementation in running:
        implementation.status = ImplementationStatus.ENDED
        implementation.ended_on = item.cancel_date
        implementation._history_user = user
        implementation._change_reason = f"基本目录事项{item.code}已取消"
        implementation.save(update_fields=["status", "ended_on", "updated_at"])
    feed_record(running, operation=ChangeOperation.DELETE, reason=LeaveReason.ENDED, actor=user)
    return len(running)


@transaction.atomic
def catalog_item_bulk_create(*, items: list[CatalogItem], user=None, reason: str = "") -> list[CatalogItem]:
    """Create many new catalog items with the rules of `catalog_item_save`, for large imports.

    Each item is validated by its own `full_clean`; the unique code is checked for all items in one query;
    rows and history are bulk inserted and the search index is updated in bulk (bulk inserts send no
    signals).
    """
    errors = {}
    for index, item in enumerate(items):
        item.live = True
        try:
            item.full_clean(validate_unique=False)
        except ValidationError as error:
            errors[f"items[{index}]"] = error.messages
    wanted = [item.code for item in items]
    taken = set()
    for start in range(0, len(wanted), 500):
        taken |= set(CatalogItem.objects.filter(code__in=wanted[start:start + 500]).values_list("code", flat=True))
    seen = set()
    for index, item in enumerate(items):
        if item.code in taken or item.code in seen:
            errors.setdefault(f"items[{index}]", [f"基本编码“{item.code}”已存在。"])
        seen.add(item.code)
    if errors:
        raise ValidationError(errors)
    bulk_create_with_history(items, CatalogItem, batch_size=500, default_user=user, default_change_reason=reason)
    feed_record(items, operation=ChangeOperation.INSERT, actor=user)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(CatalogItem, items)
    return items


register(
    CatalogItem,
    save=lambda *, instance, user=None, reason="": catalog_item_save(item=instance, user=user, reason=reason),
    publish=catalog_item_publish,
    unpublish=catalog_item_unpublish,
    delete=catalog_item_delete,
)
