from django.db import transaction

from config_models.services import save_validated
from config_models.services.registry import services_for

# Publication state is Wagtail's (publish, unpublish), not a value a revert should bring back: reverting to
# a version saved before the first publication would otherwise take the row off line.
NOT_REVERTED = frozenset({"id", "updated_at", "live"})


@transaction.atomic
def history_revert(*, record, user=None):
    """Bring a row back to the values of one of its history records.

    The revert is an ordinary save through the entity's service: today's rules apply (a cancelled catalog
    item ends its implementations again), it is itself a history entry, and it writes the feed entry.
    """
    model = record.instance_type
    current = model._default_manager.get(pk=record.instance.pk)
    tracked = {field.attname for field in record.instance._meta.fields} & {
        field.attname for field in record._meta.fields
    }
    for attname in tracked - NOT_REVERTED:
        setattr(current, attname, getattr(record, attname))
    reason = f"恢复到 {record.history_date:%Y-%m-%d %H:%M} 的版本"
    services = services_for(model)
    if services is None:
        return save_validated(current, user=user, reason=reason)
    return services.save(instance=current, user=user, reason=reason)
