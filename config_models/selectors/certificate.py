"""What may be read of the e-certificate catalog (电子证照目录): every type is public; the implementations
that issue or accept it are shown only when published."""

from django.db.models import Prefetch, Q, QuerySet

from config_models.models import CertificateType, Region, in_subtree
from config_models.search import normalize_query, query_segments
from config_models.selectors import implementation


def _linked_implementations(region: Region | None = None) -> QuerySet:
    return implementation.published(region).select_related("catalog_item", "region", "department").order_by("pk")


def certificate_types() -> QuerySet[CertificateType]:
    return CertificateType.objects.prefetch_related(
        "issuing_departments",
        Prefetch("issuing_implementations", queryset=_linked_implementations()),
        Prefetch("accepting_implementations", queryset=_linked_implementations()),
    )


def search(queryset: QuerySet[CertificateType], text: str) -> QuerySet[CertificateType]:
    """Types whose name, code, defining body or pinyin initials match, or whose segmented name has every word."""
    query = normalize_query(text)
    if not query:
        return queryset
    match = (Q(name__contains=query) | Q(type_code__icontains=query)
             | Q(search_initials__contains=query.lower()) | Q(defining_body__contains=query))
    words = query_segments(query)
    if words:
        segmented = Q()
        for word in words:
            segmented &= Q(search_segments__contains=word)
        match |= segmented
    return queryset.filter(match)


def region_catalog(region: Region, text: str = "") -> QuerySet[CertificateType]:
    """A region site's catalog: types kept by the region, above it or below it, with the implementations of
    its subtree that accept them (in force: each links to its item guide)."""
    visible = in_subtree(region, "region") | Q(region__code__in=region.ancestor_codes())
    accepting = implementation.in_force(region).select_related("catalog_item", "region").order_by("pk")
    return search(CertificateType.objects.filter(visible), text).select_related("region").prefetch_related(
        Prefetch("accepting_implementations", queryset=accepting),
    )
