"""Public pages outside the page tree: the item guide (办事指南) and the certificate catalog of a site.

Both answer for the region of the request's Wagtail Site: its subtree's published implementations, and the
certificate types kept by the region, above it or below it.
"""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from wagtail.models import Site

from cms.api.lists.selectors import certificate_types, certificate_types_search
from config_models.models import Implementation, Region, in_subtree


def _site_region(request) -> Region:
    site = Site.find_for_request(request)
    region = getattr(site.root_page.specific, "region", None) if site else None
    if region is None:
        raise Http404
    return region


def item_guide(request, pk: int):
    region = _site_region(request)
    implementation = (
        Implementation.objects.public().in_force().in_subtree(region).filter(pk=pk)
        .select_related("catalog_item", "region", "department")
        .prefetch_related("materials", "catalog_item__legal_bases", "accepted_certificate_types",
                          "issued_certificate_types")
        .first()
    )
    if implementation is None:
        raise Http404
    return render(request, "public/item_guide.html", {"implementation": implementation, "region": region})


def certificate_catalog(request):
    region = _site_region(request)
    query = (request.GET.get("q") or "").strip()
    visible = in_subtree(region, "region") | Q(region__code__in=region.ancestor_codes())
    rows = certificate_types_search(certificate_types(None).filter(visible), query)
    rows = rows.select_related("region").prefetch_related(
        Prefetch("accepting_implementations",
                 queryset=Implementation.objects.public().in_subtree(region)
                 .select_related("catalog_item", "region")),
    )
    return render(request, "public/certificate_catalog.html",
                  {"certificate_types": rows, "query": query, "region": region})
