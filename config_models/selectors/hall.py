"""What the public sees of halls."""

from django.db.models import QuerySet

from config_models.models import ImplementationStatus, WindowItem


def public_window_items() -> QuerySet[WindowItem]:
    """Window items of implementations the public sees: published, in force, of a published catalog item."""
    return WindowItem.objects.filter(
        implementation__live=True, implementation__catalog_item__live=True,
    ).exclude(implementation__status=ImplementationStatus.ENDED)
