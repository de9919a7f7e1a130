"""Tombstones of certificate types (deleted). Published lists leave the API through the change feed, written
by their services (config_models.services.published_list)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from cms.models import Tombstone, TombstoneKind, TombstoneReason
from config_models.models import CertificateType


@receiver(post_delete, sender=CertificateType, dispatch_uid="api_tombstone_certificate_type")
def certificate_type_deleted(sender, instance, **kwargs):
    Tombstone.objects.create(kind=TombstoneKind.CERTIFICATE_TYPE, object_id=str(instance.pk),
                             code=instance.type_code, region_path=instance.region.path, reason=TombstoneReason.DELETED)
