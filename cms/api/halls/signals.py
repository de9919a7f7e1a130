"""Bumps and tombstones of halls, windows, authorizations and delegations (as cms.api.signals does for the
catalog): a window item's save or delete bumps its window's `updated_at`; a hall, window, roster entry or
delegation that leaves (deleted or unpublished) leaves a Tombstone. Authorization tombstones are not
public: only clients of the region see them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_unpublished

from cms.models import Tombstone, TombstoneKind, TombstoneReason
from config_models.models import AuthorizationEntry, AuthorizationRoster, Delegation, Hall, Window, WindowItem


@receiver([post_save, post_delete], sender=WindowItem, dispatch_uid="api_window_item_bumps_window")
def window_item_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.window_id:
        Window.objects.filter(pk=instance.window_id).update(updated_at=timezone.now())


def _tombstone(kind, pk, code, region, reason, *, public=True):
    Tombstone.objects.create(kind=kind, object_id=str(pk), code=code, region_path=region.path if region else "",
                             public=public, reason=reason)


def _window_code(window) -> str:
    return f"{window.hall_id}:{window.number}"


@receiver(post_delete, sender=Window, dispatch_uid="api_tombstone_window")
def window_deleted(sender, instance, **kwargs):
    hall = Hall.objects.filter(pk=instance.hall_id).select_related("region").first()
    if hall is not None and hall.live:
        _tombstone(TombstoneKind.WINDOW, instance.pk, _window_code(instance), hall.region, TombstoneReason.DELETED)


@receiver(post_delete, sender=AuthorizationEntry, dispatch_uid="api_tombstone_authorization")
def entry_deleted(sender, instance, **kwargs):
    roster = AuthorizationRoster.objects.filter(pk=instance.roster_id).select_related("region").first()
    if roster is not None:
        _tombstone(TombstoneKind.AUTHORIZATION, instance.pk, roster.document_number, roster.region,
                   TombstoneReason.DELETED, public=False)


def _page_left(page, reason):
    if isinstance(page, Hall):
        _tombstone(TombstoneKind.HALL, page.pk, page.title, page.region, reason)
        for window in page.windows.all():
            _tombstone(TombstoneKind.WINDOW, window.pk, _window_code(window), page.region, reason)
    elif isinstance(page, AuthorizationRoster):
        for entry in page.entries.all():
            _tombstone(TombstoneKind.AUTHORIZATION, entry.pk, page.document_number, page.region, reason,
                       public=False)
    elif isinstance(page, Delegation):
        _tombstone(TombstoneKind.DELEGATION, page.pk, page.document_number, page.region, reason)


@receiver(page_unpublished, dispatch_uid="api_tombstone_unpublished_hall_pages")
def page_unpublished_left(sender, instance, **kwargs):
    if sender in (Hall, AuthorizationRoster, Delegation):
        _page_left(instance, TombstoneReason.UNPUBLISHED)


@receiver(post_delete, sender=Hall, dispatch_uid="api_tombstone_hall")
@receiver(post_delete, sender=Delegation, dispatch_uid="api_tombstone_delegation")
def page_deleted(sender, instance, **kwargs):
    if instance.live and instance.region_id:
        if sender is Hall:
            _tombstone(TombstoneKind.HALL, instance.pk, instance.title, instance.region, TombstoneReason.DELETED)
        else:
            _tombstone(TombstoneKind.DELEGATION, instance.pk, instance.document_number, instance.region,
                       TombstoneReason.DELETED)
