"""Writes of halls: publishing and unpublishing a hall with its windows, sessions and closures.

A hall's windows, sessions and closures are edited inline in its page and published with it; the windows
are rows of their own collection for a mirror, so they get feed entries with the hall (and `D` entries for
windows a new revision drops). The items a window accepts are edited apart (`window_item_save`), and so are the
items handled outside the hall (`hall_exemption_save`, the 入驻负面清单).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from config_models.models import Hall, HallExemption, WindowItem
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


@transaction.atomic
def hall_exemption_save(*, exemption: HallExemption, user=None, reason: str = "") -> HallExemption:
    """Record that an implementation is handled outside the hall (入驻负面清单), with why; a window that
    accepts it would contradict that, so such an exemption is refused until the window item is removed."""
    from config_models.services import save_validated

    accepted = WindowItem.objects.filter(implementation_id=exemption.implementation_id).select_related("window")
    if exemption.implementation_id and accepted.exists():
        windows = "、".join(sorted({item.window.name for item in accepted}))
        raise ValidationError(
            {"implementation": f"该事项仍由大厅窗口（{windows}）受理，请先取消窗口受理再列入负面清单。"})
    return save_validated(exemption, user=user, reason=reason)


@transaction.atomic
def hall_exemption_delete(*, exemption: HallExemption, user=None) -> None:
    exemption._history_user = user
    exemption.delete()


register(WindowItem, save=_window_item_save, delete=_window_item_delete)
register(
    HallExemption,
    save=lambda *, instance, user=None, reason="": hall_exemption_save(exemption=instance, user=user, reason=reason),
    delete=lambda *, instance, user=None: hall_exemption_delete(exemption=instance, user=user),
)
register_page(Hall, save=hall_save, publish=hall_publish, unpublish=hall_unpublish,
              child_relations=HALL_FEED_CHILDREN)
