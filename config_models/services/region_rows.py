"""The write path shared by a region's rows that name implementations (中介服务事项, 惠企政策): the acting
user's scope, every rule of the model and of the implementations it names, history with the actor.

These rows are outside the change feed; their history records advance the public caches
(services.feed.connect_outside_changes).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from config_models import scope
from config_models.history import acting


def check_scope(user, instance: models.Model, action: str) -> None:
    """Refuse a user (None: a system path) who may not `action` ("save" or "delete") this row where it is
    stored, or, for a save, where its values would place it."""
    if user is None:
        return
    stored = type(instance)._default_manager.filter(pk=instance.pk).first() if instance.pk is not None else None
    if stored is not None and not scope.user_may_act_on(user, "delete" if action == "delete" else "change", stored):
        raise PermissionDenied("您没有权限删除此记录。" if action == "delete" else "您没有权限修改此记录。")
    if action == "delete":
        return
    refusal = scope.placement_refusal(user, "change" if instance.pk else "add", instance)
    if refusal:
        field, message = refusal
        raise ValidationError({field: [message]})


@transaction.atomic
def save_with_implementations(instance, *, implementations=None, user=None, reason: str = ""):
    """Validate the row and the implementations it would name (the ones given, or those it names already), then
    write both with history naming the user. Nothing is written when a rule fails."""
    check_scope(user, instance, "save")
    if implementations is not None:
        rows = list(implementations)
    else:
        rows = list(instance.implementations.select_related("catalog_item", "region")) if instance.pk else []
    errors: dict[str, list] = {}
    try:
        instance.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for field, messages in instance.implementation_errors(rows).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    instance.save()
    if implementations is not None:
        with acting(user, reason):
            instance.implementations.set(rows)
    return instance


@transaction.atomic
def delete_row(instance, *, user=None) -> None:
    check_scope(user, instance, "delete")
    with acting(user):
        instance.delete()
