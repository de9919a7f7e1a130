"""What a viewer may read of the lists and the certificate catalog: only what was published."""

from django.db.models import Prefetch, Q, QuerySet

from config_models.models import CertificateType, Implementation, Publication, PublicationStatus, PublishedListPage


def published_lists(viewer) -> QuerySet[PublishedListPage]:
    # Batches are public once published; the list page itself must be live to be listed.
    return PublishedListPage.objects.live().select_related("list_type")


def publications(viewer) -> QuerySet[Publication]:
    return Publication.objects.filter(status=PublicationStatus.PUBLISHED, published_list__live=True)


def _public_implementations():
    return (Implementation.objects.public()
            .select_related("catalog_item", "region", "department").order_by("pk"))


def certificate_types(viewer) -> QuerySet[CertificateType]:
    return CertificateType.objects.prefetch_related(
        "issuing_departments",
        Prefetch("issuing_implementations", queryset=_public_implementations()),
        Prefetch("accepting_implementations", queryset=_public_implementations()),
    )


def certificate_types_search(queryset, search: str):
    from config_models.search import normalize_query, query_segments

    query = normalize_query(search)
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
