"""Wagtail's drafts, locks and revisions as the services use them.

The admin writes a draft/lockable row as a revision and publishes it; every other writer (importers, demo,
revert, the API) must do the same, so that a lock holds, a pending draft is not silently overtaken, and the
object's revision history shows the change. `save_published` is that path; `publish_revision` and
`unpublish_instance` are Wagtail's own work, for the services' publish and unpublish functions.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction

from config_models.history import acting
from config_models.models import ChangeOperation
from config_models.models.publishing import publishing_directly
from config_models.services.feed import SPECS, feed_record


def _name(user) -> str:
    if user is None:
        return "未知用户"
    return user.get_full_name() or user.get_username()


def lock_refusal(instance: models.Model, user=None) -> str | None:
    """Why a locked row may not be written by `user` (Chinese); None when it is not locked against them."""
    if not getattr(instance, "locked", False) or instance.pk is None:
        return None
    if user is not None and instance.locked_by_id == getattr(user, "pk", None):
        return None
    return f"该记录已被{_name(instance.locked_by)}锁定，请待其解锁后再修改。"


def draft_refusal(instance: models.Model) -> str | None:
    """Why writing over the live row would overtake a pending draft (Chinese); None when there is none."""
    if instance.pk is None or not getattr(instance, "has_unpublished_changes", False):
        return None
    revision = instance.latest_revision
    who = _name(revision.user) if revision is not None else "未知用户"
    when = f"{revision.created_at:%Y-%m-%d %H:%M}" if revision is not None else ""
    return f"该记录有{who}于{when}保存的未发布草稿；如要以本次内容取代草稿，请选择“覆盖草稿”。"


def publish_revision(*, instance: models.Model, revision, user=None, **options) -> models.Model:
    """Wagtail's publish of a revision; returns the row as now stored (Wagtail saves a copy, not `instance`)."""
    with acting(user), publishing_directly():
        type(instance).publish(instance, revision, user=user, **options)
    return type(instance)._default_manager.get(pk=instance.pk)


def unpublish_instance(*, instance: models.Model, user=None, **options) -> models.Model:
    with acting(user), publishing_directly():
        type(instance).unpublish(instance, user=user, **options)
    return instance


@transaction.atomic
def save_published(*, instance: models.Model, user=None, reason: str = "", overwrite_draft: bool = False):
    """Save a draft/lockable row as a new published revision, as the admin's "publish" does.

    Refused (ValidationError, nothing written) when another user holds the lock, or when a draft is pending
    and `overwrite_draft` is not set; with it, the new revision supersedes the draft on the record.
    Returns the published revision. The caller has validated the row and runs the entity's own rules.
    """
    current = type(instance)._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    if current is not None:
        refusal = lock_refusal(current, user) or (None if overwrite_draft else draft_refusal(current))
        if refusal:
            raise ValidationError(refusal)
    with acting(user, reason):
        if instance.pk is None:
            instance.live = False
            instance.save()
        revision = instance.save_revision(user=user, log_action=True, clean=False)
        with publishing_directly():
            revision.publish(user=user, skip_permission_checks=True)
    return revision


def draft_record(*, instance: models.Model, user=None, created: bool = False) -> None:
    """A saved draft changes what clients with the drafts scope read (a new row, or the latest revision of a
    live one): a feed entry only they see. Publishing it later writes the public entry."""
    if type(instance) in SPECS:
        feed_record(instance, operation=ChangeOperation.INSERT if created else ChangeOperation.UPDATE, draft=True,
                    actor=user)
