"""What mirrors need to hear about writes: bumps of parents and tombstones of rows that leave.

- A material edit (save or delete) bumps its implementation's `updated_at`; a legal basis bumps its
  catalog item's. A department edit bumps its implementations; a region edit, the implementations of
  its subtree (they show the region and its parent chain). Bumps are single UPDATE statements that
  write no history (they change no configuration).
- A catalog item rename needs no bump: `changedSince` joins the catalog item's `updated_at`.
- A deleted region, department, catalog item or implementation, an unpublished catalog item or
  implementation, and an implementation that ends leave a Tombstone.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import unpublished

from cms.models import Tombstone, TombstoneKind, TombstoneReason
from config_models import codes
from config_models.models import (
    CatalogItem,
    Department,
    Implementation,
    ImplementationStatus,
    LegalBasis,
    Material,
    Region,
)


def _bump(queryset) -> None:
    queryset.update(updated_at=timezone.now())


@receiver([post_save, post_delete], sender=Material, dispatch_uid="api_material_bumps_implementation")
def material_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.implementation_id:
        _bump(Implementation.objects.filter(pk=instance.implementation_id))


@receiver([post_save, post_delete], sender=LegalBasis, dispatch_uid="api_legal_basis_bumps_catalog_item")
def legal_basis_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.catalog_item_id:
        _bump(CatalogItem.objects.filter(pk=instance.catalog_item_id))


@receiver(post_save, sender=Department, dispatch_uid="api_department_bumps_implementations")
def department_changed(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        _bump(Implementation.objects.filter(department_id=instance.pk))


@receiver(post_save, sender=Region, dispatch_uid="api_region_bumps_implementations")
def region_changed(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        _bump(Implementation.objects.filter(region__path__startswith=instance.path))


# Tombstones -------------------------------------------------------------------------------------------


def _implementation_code(implementation: Implementation) -> str:
    return codes.implementation_code(
        implementation.department.credit_code, implementation.region.level, implementation.catalog_item.code
    )


def tombstone_implementation(implementation: Implementation, reason: str, *, public: bool) -> Tombstone:
    return Tombstone.objects.create(
        kind=TombstoneKind.IMPLEMENTATION,
        object_id=str(implementation.pk),
        code=_implementation_code(implementation),
        region_path=implementation.region.path,
        public=public,
        reason=reason,
    )


@receiver(post_delete, sender=Implementation, dispatch_uid="api_tombstone_implementation")
def implementation_deleted(sender, instance, **kwargs):
    tombstone_implementation(instance, TombstoneReason.DELETED, public=instance.live)


@receiver(pre_save, sender=Implementation, dispatch_uid="api_remember_implementation_status")
def remember_status(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields is not None and "status" not in update_fields):
        instance._api_status_before = None
        return
    instance._api_status_before = (
        Implementation.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    )


@receiver(post_save, sender=Implementation, dispatch_uid="api_tombstone_ended_implementation")
def implementation_saved(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_api_status_before", None)
    if not raw and before and before != ImplementationStatus.ENDED and instance.status == ImplementationStatus.ENDED:
        tombstone_implementation(instance, TombstoneReason.ENDED, public=instance.live)


@receiver(post_delete, sender=CatalogItem, dispatch_uid="api_tombstone_catalog_item")
def catalog_item_deleted(sender, instance, **kwargs):
    Tombstone.objects.create(
        kind=TombstoneKind.CATALOG_ITEM, object_id=str(instance.pk), code=instance.code,
        region_path=instance.region.path, public=instance.live, reason=TombstoneReason.DELETED,
    )


@receiver(post_delete, sender=Department, dispatch_uid="api_tombstone_department")
def department_deleted(sender, instance, **kwargs):
    Tombstone.objects.create(
        kind=TombstoneKind.DEPARTMENT, object_id=str(instance.pk), code=instance.credit_code,
        region_path=instance.region.path, public=True, reason=TombstoneReason.DELETED,
    )


@receiver(post_delete, sender=Region, dispatch_uid="api_tombstone_region")
def region_deleted(sender, instance, **kwargs):
    Tombstone.objects.create(
        kind=TombstoneKind.REGION, object_id=str(instance.pk), code=instance.code,
        region_path=instance.path, public=True, reason=TombstoneReason.DELETED,
    )


@receiver(unpublished, sender=Implementation, dispatch_uid="api_tombstone_unpublished_implementation")
def implementation_unpublished(sender, instance, **kwargs):
    tombstone_implementation(instance, TombstoneReason.UNPUBLISHED, public=True)


@receiver(unpublished, sender=CatalogItem, dispatch_uid="api_tombstone_unpublished_catalog_item")
def catalog_item_unpublished(sender, instance, **kwargs):
    """The item leaves, and so do its published implementations (the public sees none of an unpublished item)."""
    Tombstone.objects.create(
        kind=TombstoneKind.CATALOG_ITEM, object_id=str(instance.pk), code=instance.code,
        region_path=instance.region.path, public=True, reason=TombstoneReason.UNPUBLISHED,
    )
    running = Implementation.objects.filter(catalog_item=instance, live=True).exclude(status=ImplementationStatus.ENDED)
    for implementation in running.select_related("region", "department", "catalog_item"):
        tombstone_implementation(implementation, TombstoneReason.UNPUBLISHED, public=True)
