"""Tombstones of published lists (deleted or unpublished pages) and certificate types (deleted)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_unpublished

from cms.models import Tombstone, TombstoneKind, TombstoneReason
from config_models.models import CertificateType, PublishedListPage


def _list_tombstone(page, reason):
    Tombstone.objects.create(kind=TombstoneKind.PUBLISHED_LIST, object_id=str(page.pk), code=page.code,
                             region_path=page.region.path if page.region_id else "", reason=reason)


@receiver(page_unpublished, sender=PublishedListPage, dispatch_uid="api_tombstone_list_unpublished")
def list_unpublished(sender, instance, **kwargs):
    _list_tombstone(instance, TombstoneReason.UNPUBLISHED)


@receiver(post_delete, sender=PublishedListPage, dispatch_uid="api_tombstone_list_deleted")
def list_deleted(sender, instance, **kwargs):
    if instance.live:
        _list_tombstone(instance, TombstoneReason.DELETED)


@receiver(post_delete, sender=CertificateType, dispatch_uid="api_tombstone_certificate_type")
def certificate_type_deleted(sender, instance, **kwargs):
    Tombstone.objects.create(kind=TombstoneKind.CERTIFICATE_TYPE, object_id=str(instance.pk),
                             code=instance.type_code, region_path=instance.region.path, reason=TombstoneReason.DELETED)
