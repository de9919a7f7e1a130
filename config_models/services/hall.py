"""Writes of halls: publishing and unpublishing a hall with its windows, sessions and closures.

A hall's windows, sessions and closures are edited inline in its page and published with it; the windows
are rows of their own collection for a mirror, so they get feed entries with the hall (and `D` entries for
windows a new revision drops). The items a window accepts are edited apart (`window_item_save`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from config_models.models import Hall, WindowItem
from config_models.models.change import ChangeOperation
from config_models.services.feed import feed_record
from config_models.services.pages import page_publish, page_unpublish, register_page
from config_models.services.registry import register

HALL_FEED_CHILDREN = ("windows",)


def hall_validate(*, hall: Hall) -> None:
    """The hall's own rules (kind and name for its region's level), on the revision about to be published."""
    if not hall.region_id and hall.path:
        hall.place_under(hall.get_parent())
    hall.clean()


def hall_publish(*, instance: Hall, revision, user=None, **options) -> Hall:
    return page_publish(instance=instance, revision=revision, user=user, check=lambda hall: hall_validate(hall=hall),
                        child_relations=HALL_FEED_CHILDREN, **options)


def hall_unpublish(*, instance: Hall, user=None, **options) -> Hall:
    return page_unpublish(instance=instance, user=user, child_relations=HALL_FEED_CHILDREN, **options)


@transaction.atomic
def hall_save(*, instance: Hall, user=None, publish: bool = True) -> Hall:
    """Save an existing hall as a new revision (published unless `publish` is false)."""
    if instance.pk is None:
        raise ValidationError("新建大厅请在区划页面下添加。")
    hall_validate(hall=instance)
    revision = instance.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return Hall.objects.get(pk=instance.pk)


@transaction.atomic
def window_item_save(*, item: WindowItem, user=None) -> WindowItem:
    """Save what a window accepts, validated and audited; its window and hall change for a mirror."""
    from config_models.services import save_validated

    creating = item.pk is None
    save_validated(item, user=user)
    feed_record(item, operation=ChangeOperation.INSERT if creating else ChangeOperation.UPDATE, actor=user)
    return item


@transaction.atomic
def window_item_delete(*, item: WindowItem, user=None) -> None:
    feed_record(item, operation=ChangeOperation.DELETE, actor=user)
    item._history_user = user
    item.delete()


def _window_item_save(*, instance, user=None, **options):
    return window_item_save(item=instance, user=user)


def _window_item_delete(*, instance, user=None, **options):
    window_item_delete(item=instance, user=user)


register(WindowItem, save=_window_item_save, delete=_window_item_delete)
register_page(Hall, save=hall_save, publish=hall_publish, unpublish=hall_unpublish,
              child_relations=HALL_FEED_CHILDREN)
