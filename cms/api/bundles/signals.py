"""Bundles follow what they show: bumps of `Bundle.updated_at` (changedSince) and tombstones of withdrawn bundles.

A bundle's material set, form and efficiency table are computed from its region's implementations, so an
edit of one of those implementations, of one of their materials, of the catalog item, of the template or of
a department it names is a change of the bundle for a mirror. Bumps are single UPDATE statements that write
no history (they change no configuration).
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from cms.models import Tombstone, TombstoneKind, TombstoneReason
from config_models.models import Bundle, BundleTemplate, CatalogItem, Department, Implementation, Material, Region


def bump(queryset) -> None:
    Bundle.objects.filter(pk__in=list(queryset.values_list("pk", flat=True))).update(updated_at=timezone.now())


def bundles_of_implementations(condition: Q):
    """Bundles whose region implements one of their template's items in a way matching `condition`."""
    used = Implementation.objects.filter(
        condition, region_id=OuterRef("region_id"),
        catalog_item__bundle_items__template_id=OuterRef("bundle_template_id"),
    )
    return Bundle.objects.filter(Exists(used))


@receiver([post_save, post_delete], sender=Material, dispatch_uid="api_material_bumps_bundles")
def material_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.implementation_id:
        bump(bundles_of_implementations(Q(pk=instance.implementation_id)))


@receiver([post_save, post_delete], sender=Implementation, dispatch_uid="api_implementation_bumps_bundles")
def implementation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump(Bundle.objects.filter(region_id=instance.region_id,
                                   bundle_template__items__catalog_item_id=instance.catalog_item_id))


@receiver(post_save, sender=CatalogItem, dispatch_uid="api_catalog_item_bumps_bundles")
def catalog_item_changed(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        bump(Bundle.objects.filter(bundle_template__items__catalog_item_id=instance.pk))


@receiver(post_save, sender=Department, dispatch_uid="api_department_bumps_bundles")
def department_changed(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        named = Bundle.objects.filter(Q(lead_department=instance) | Q(cooperating_departments=instance))
        bump(named)
        bump(bundles_of_implementations(Q(department_id=instance.pk)))


@receiver(post_save, sender=Region, dispatch_uid="api_region_bumps_bundles")
def region_changed(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        bump(Bundle.objects.filter(region__path__startswith=instance.path))


@receiver(page_published, sender=BundleTemplate, dispatch_uid="api_template_bumps_bundles")
def template_published(sender, instance, **kwargs):
    bump(Bundle.objects.filter(bundle_template_id=instance.pk))


def tombstone_bundle(bundle: Bundle, reason: str, *, public: bool) -> Tombstone:
    return Tombstone.objects.create(
        kind=TombstoneKind.BUNDLE, object_id=str(bundle.pk), code=bundle.code, region_path=bundle.region.path,
        public=public, reason=reason,
    )


@receiver(page_unpublished, sender=Bundle, dispatch_uid="api_tombstone_unpublished_bundle")
def bundle_unpublished(sender, instance, **kwargs):
    tombstone_bundle(instance, TombstoneReason.UNPUBLISHED, public=True)


@receiver(post_delete, sender=Bundle, dispatch_uid="api_tombstone_bundle")
def bundle_deleted(sender, instance, **kwargs):
    tombstone_bundle(instance, TombstoneReason.DELETED, public=instance.live)
