"""What may be read of implementations: the one place "published, in force, in this subtree" is put together.

The API (with its drafts scope on top), the public site, the list rules and the bundle loaders read here.
"""

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet

from config_models.models import Implementation, Material, Region
from config_models.search import initials, normalize_query, query_segments


def published(region: Region | None = None) -> QuerySet[Implementation]:
    """Published implementations of published catalog items (ended ones included: the API marks them ended)."""
    rows = Implementation.objects.public()
    return rows.in_subtree(region) if region is not None else rows


def in_force(region: Region | None = None, on: dt.date | None = None) -> QuerySet[Implementation]:
    """Published and not ended (on a date: already published then and not ended by it): what a list, a bundle,
    an item guide or an indicator counts."""
    return published(region).in_force(on=on)


# A guide's materials with what each names: the proof it asks for, its e-certificate type, its form and sample.
GUIDE_MATERIALS = Prefetch("materials", Material.objects.select_related("proof", "certificate_type", "blank_form",
                                                                         "sample"))


def item_guide(region: Region, pk: int) -> Implementation | None:
    """One implementation of the region's subtree, with everything its 办事指南 shows; None if not public."""
    return (
        in_force(region).filter(pk=pk)
        .select_related("catalog_item", "region", "department")
        .prefetch_related(GUIDE_MATERIALS, "catalog_item__legal_bases", "accepted_certificate_types",
                          "issued_certificate_types")
        .first()
    )


def search(rows: QuerySet[Implementation], text: str) -> QuerySet[Implementation]:
    """Rows whose item name contains the text or each of its jieba segments, whose 基本编码 or department name
    matches, or whose item name's pinyin initials contain it (yyzz): the rules of config_models.search, in SQL
    (initials are worked out for the rows' distinct item names, a few thousand at most in a region)."""
    query = normalize_query(text)
    if not query:
        return rows
    match = (Q(catalog_item__name__contains=query) | Q(catalog_item__code__startswith=query)
             | Q(department__name__contains=query))
    words = query_segments(query)
    if words:
        every_word = Q()
        for word in words:
            every_word &= Q(catalog_item__name__contains=word)
        match |= every_word
    lowered = query.lower()
    if lowered.isascii() and lowered.isalpha():
        names = rows.order_by().values_list("catalog_item_id", "catalog_item__name").distinct()
        match |= Q(catalog_item_id__in=[pk for pk, name in names if lowered in initials(name)])
    return rows.filter(match)
