"""Publishing, unpublishing and deleting configuration pages, for the entity services to share.

Every path that publishes a page (the page editor, bulk publish, scheduled publishing, revert to a revision,
the demo loaders) ends in `instance.publish(revision)`, which `ServicePublishingMixin` hands to the
entity's registered service; those services are built from `page_publish` and `page_unpublish` here, so the
rules, the audit history and the change feed are the same whatever the path.

The feed follows what a mirror stores: a page, and the child rows it publishes as rows of their own
collection (a hall's windows, a roster's entries). Rows that leave are recorded before they go, so their
entries still carry their code, region and public flag.
"""

from collections.abc import Callable

from django.db import models, transaction
from django.utils import timezone
from wagtail.models import Page

from config_models.models.change import ChangeOperation, LeaveReason
from config_models.models.region import RegionPage
from config_models.services.feed import SPECS, feed_record
from config_models.services.revisions import publish_revision, unpublish_instance


def _children(instance: models.Model, child_relations: tuple[str, ...]):
    """The child relations of `instance` whose rows are feed rows of their own: (name, key field, model)."""
    for name in child_relations:
        relation = getattr(type(instance), name).rel
        if relation.related_model in SPECS:
            yield name, relation.field.name, relation.related_model


def _record_leaving_children(*, stored, published, child_relations, actor) -> None:
    """D entries for the children the new revision drops (Wagtail deletes them while publishing)."""
    if not stored.live:
        return
    for name, key, model in _children(stored, child_relations):
        kept = [row.pk for row in getattr(published, name).all() if row.pk]
        gone = model._default_manager.filter(**{key: stored.pk}).exclude(pk__in=kept)
        if gone.exists():
            feed_record(gone, operation=ChangeOperation.DELETE, reason=LeaveReason.DELETED, actor=actor,
                        parents=False)


@transaction.atomic
def page_publish(
    *,
    instance: Page,
    revision,
    user=None,
    check: Callable[[Page], None] | None = None,
    child_relations: tuple[str, ...] = (),
    **options,
) -> Page:
    """Publish `revision` of a page: `check(draft)` first (raises ValidationError: nothing is published),
    then Wagtail's publish, then the feed: `I` when the page was not live before, `U` when it was.

    A revision scheduled for later (go-live date in the future) changes nothing public yet: no feed entry
    until `publish_scheduled` publishes it, which comes back here.
    """
    draft = revision.as_object()
    if check is not None:
        check(draft)
    stored = type(instance)._default_manager.get(pk=instance.pk)
    was_live = stored.live
    scheduled = draft.go_live_at is not None and draft.go_live_at > timezone.now()  # Wagtail only schedules it
    if not scheduled:
        _record_leaving_children(stored=stored, published=draft, child_relations=child_relations, actor=user)
    page = publish_revision(instance=instance, revision=revision, user=user, **options)
    if not page.live or page.live_revision_id != revision.pk:
        return page
    operation = ChangeOperation.UPDATE if was_live else ChangeOperation.INSERT
    feed_record(page, operation=operation, actor=user)
    for name, _key, _model in _children(page, child_relations):
        rows = getattr(page, name).all()
        feed_record(rows, operation=operation, actor=user, parents=False)
    return page


def _record_leaving(page: Page, *, reason: str, actor, child_relations: tuple[str, ...]) -> None:
    """D entries for a live page and its feed children, before they leave (their entries are still public)."""
    if not page.live:
        return
    feed_record(page, operation=ChangeOperation.DELETE, reason=reason, actor=actor, parents=False)
    for name, _key, _model in _children(page, child_relations):
        feed_record(getattr(page, name).all(), operation=ChangeOperation.DELETE, reason=reason, actor=actor,
                    parents=False)


@transaction.atomic
def page_unpublish(*, instance: Page, user=None, child_relations: tuple[str, ...] = (), **options) -> Page:
    """Unpublish a page: D entries (reason unpublished) for it and its feed children, then Wagtail's unpublish."""
    stored = type(instance)._default_manager.get(pk=instance.pk)
    _record_leaving(stored, reason=LeaveReason.UNPUBLISHED, actor=user, child_relations=child_relations)
    return unpublish_instance(instance=instance, user=user, **options)


# The feed children of each page model, filled in by the entity services as they register.
CHILD_RELATIONS: dict[type[Page], tuple[str, ...]] = {}


def page_removal_record(*, page: Page, user=None) -> None:
    """D entries (reason deleted) for a page about to be deleted and every live registered page below it.

    The admin's delete view calls this (hook `before_delete_page`) inside the transaction of its delete.
    """
    for descendant in Page.objects.descendant_of(page, inclusive=True).live().specific():
        model = type(descendant)
        if model in SPECS or model in CHILD_RELATIONS:
            _record_leaving(descendant, reason=LeaveReason.DELETED, actor=user,
                            child_relations=CHILD_RELATIONS.get(model, ()))


@transaction.atomic
def page_delete(*, instance: Page, user=None) -> None:
    """Delete a page and its subtree, with D entries for what leaves and Wagtail's delete log entry."""
    from wagtail.actions.delete_page import DeletePageAction

    page_removal_record(page=instance, user=user)
    DeletePageAction(instance, user=user).execute(skip_permission_checks=True)


def page_move_refusal(*, page: Page, destination: Page) -> str | None:
    """Why a page may not be moved under `destination` (Chinese); None when it may.

    A region page follows its region (the region service moves it); a configuration page belongs to the
    region it was created in, whose rules it passed (a hall accepts that region's items): it may be reordered
    or moved within its region, not into another one.
    """
    page = page.specific
    if isinstance(page, RegionPage):
        return f"“{page.title}”是区划页面，随行政区划调整：请在“行政区划”中修改其上级区划。"
    region = getattr(page, "region", None)
    if region is None:
        return None
    target = getattr(destination.specific, "region", None)
    if target is None or target.pk != region.pk:
        where = target.name if target is not None else destination.title
        return f"“{page.title}”属于{region.name}，不能移动到{where}：请在目标区划下新建。"
    return None


def register_page(model: type[Page], *, save: Callable, publish: Callable, unpublish: Callable,
                  child_relations: tuple[str, ...] = ()):
    """Register a page model's services; its deletion is `page_delete`, with its feed children recorded."""
    from config_models.services.registry import register

    CHILD_RELATIONS[model] = child_relations
    return register(model, save=save, delete=page_delete, publish=publish, unpublish=unpublish)
