"""Effects of admin publishing that the services apply on their own paths."""

from django.dispatch import receiver
from wagtail.signals import published

from config_models.models import CatalogItem
from config_models.services.catalog import catalog_item_apply_status


@receiver(published, sender=CatalogItem)
def end_implementations_of_cancelled_item(sender, instance, revision=None, **kwargs):
    catalog_item_apply_status(item=instance, user=revision.user if revision else None)
