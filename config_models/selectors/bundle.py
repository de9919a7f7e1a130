"""What may be read of 一件事: published templates, and published bundles of published templates."""

from django.db.models import QuerySet

from config_models.models import Bundle, BundleTemplate


def published_templates() -> QuerySet[BundleTemplate]:
    return BundleTemplate.objects.live()


def published_bundles() -> QuerySet[Bundle]:
    return Bundle.objects.live().filter(bundle_template__live=True)
