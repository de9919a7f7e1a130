"""What may be read of 一件事: published templates, and published bundles of published templates."""

from django.db.models import QuerySet

from config_models.models import Bundle, BundleTemplate


def published_templates(*, tier: str | None = None) -> QuerySet[BundleTemplate]:
    """Published templates; with `tier`, only those of that tier (国家 / 省 / 地方特色)."""
    rows = BundleTemplate.objects.live()
    return rows.filter(tier=tier) if tier is not None else rows


def published_bundles() -> QuerySet[Bundle]:
    return Bundle.objects.live().filter(bundle_template__live=True)
