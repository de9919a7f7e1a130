"""What may be read of the published lists: live list pages and their published batches (frozen snapshots)."""

from django.db.models import QuerySet

from config_models.models import Publication, PublicationStatus, PublishedListPage


def published_lists() -> QuerySet[PublishedListPage]:
    return PublishedListPage.objects.live().select_related("list_type")


def published_batches() -> QuerySet[Publication]:
    """Batches are public once published, while their list page is live."""
    return Publication.objects.filter(status=PublicationStatus.PUBLISHED, published_list__live=True)
