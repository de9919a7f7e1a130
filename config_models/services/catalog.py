import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history
from wagtail.search.backends import get_search_backends

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
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(CatalogItem, items)
    return items
