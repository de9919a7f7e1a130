from django.db import transaction

from config_models.models import Region
from config_models.services import save_validated
from config_models.services.region import region_save

# Publication state is Wagtail's (publish, unpublish), not a value a revert should bring back: reverting to
# a version saved before the first publication would otherwise take the row off line.
NOT_REVERTED = frozenset({"id", "updated_at", "live"})


@transaction.atomic
def history_revert(*, record, user=None):
    """Bring a row back to the values of one of its history records.

    The revert is an ordinary validated save: today's rules apply, and it is itself a history entry.
    """
    model = record.instance_type
    current = model._default_manager.get(pk=record.instance.pk)
    tracked = {field.attname for field in record.instance._meta.fields} & {
        field.attname for field in record._meta.fields
    }
    for attname in tracked - NOT_REVERTED:
        setattr(current, attname, getattr(record, attname))
    reason = f"恢复到 {record.history_date:%Y-%m-%d %H:%M} 的版本"
    if isinstance(current, Region):
        # A region's page and its descendants' paths follow its name and parent.
        return region_save(region=current, user=user, reason=reason)
    return save_validated(current, user=user, reason=reason)
