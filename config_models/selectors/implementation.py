"""What may be read of implementations: the one place "published, in force, in this subtree" is put together.

The API (with its drafts scope on top), the public site, the list rules and the bundle loaders read here.
"""

import datetime as dt

from django.db.models import Prefetch, QuerySet

from config_models.models import Implementation, Material, Region


def published(region: Region | None = None) -> QuerySet[Implementation]:
    """Published implementations of published catalog items (ended ones included: the API marks them ended)."""
    rows = Implementation.objects.public()
    return rows.in_subtree(region) if region is not None else rows


def in_force(region: Region | None = None, on: dt.date | None = None) -> QuerySet[Implementation]:
    """Published and not ended (on a date: already published then and not ended by it): what a list, a bundle,
    an item guide or an indicator counts."""
    return published(region).in_force(on=on)


def item_guide(region: Region, pk: int) -> Implementation | None:
    """One implementation of the region's subtree, with everything its 办事指南 shows; None if not public."""
    return (
        in_force(region).filter(pk=pk)
        .select_related("catalog_item", "region", "department")
        .prefetch_related(Prefetch("materials", Material.objects.select_related("proof")), "catalog_item__legal_bases",
                          "accepted_certificate_types", "issued_certificate_types")
        .first()
    )
