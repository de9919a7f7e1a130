"""What a viewer may read of the 一件事 pages: the published ones (drafts stay in the admin's previews)."""

from django.db.models import QuerySet

from cms.api.auth import Viewer
from config_models.models import Bundle, BundleTemplate


def bundle_templates(viewer: Viewer) -> QuerySet[BundleTemplate]:
    return BundleTemplate.objects.live()


def bundles(viewer: Viewer) -> QuerySet[Bundle]:
    """Published bundles of published templates."""
    return Bundle.objects.live().filter(bundle_template__live=True)
