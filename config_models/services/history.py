from django.db import transaction

from config_models.services import save_validated


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
    for attname in tracked - {"id", "updated_at"}:
        setattr(current, attname, getattr(record, attname))
    return save_validated(current, user=user, reason=f"恢复到 {record.history_date:%Y-%m-%d %H:%M} 的版本")
