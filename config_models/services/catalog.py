import datetime

from django.db import transaction

from config_models.models import CatalogItem, CatalogStatus, Implementation, ImplementationStatus
from config_models.services import save_validated


@transaction.atomic
def catalog_item_save(*, item: CatalogItem, user=None, reason: str = "") -> CatalogItem:
    """Save a catalog item as live; a cancellation ends its implementations."""
    item.live = True
    save_validated(item, user=user, reason=reason)
    catalog_item_apply_status(item=item, user=user)
    return item


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
    ended = 0
    running = Implementation.objects.filter(catalog_item=item).exclude(status=ImplementationStatus.ENDED)
    for implementation in running.select_related("region", "department"):
        implementation.status = ImplementationStatus.ENDED
        implementation.ended_on = item.cancel_date
        implementation._history_user = user
        implementation._change_reason = f"基本目录事项{item.code}已取消"
        implementation.save(update_fields=["status", "ended_on", "updated_at"])
        ended += 1
    return ended
