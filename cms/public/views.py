"""Public pages outside the page tree: the item guide (办事指南) and the certificate catalog of a site.

Both answer for the region of the request's Wagtail Site: its subtree's published implementations, and the
certificate types kept by the region, above it or below it.
"""

from django.http import Http404
from django.shortcuts import render
from wagtail.models import Site

from config_models.models import Region
from config_models.selectors import certificate, implementation


def _site_region(request) -> Region:
    site = Site.find_for_request(request)
    region = getattr(site.root_page.specific, "region", None) if site else None
    if region is None:
        raise Http404
    return region


def item_guide(request, pk: int):
    region = _site_region(request)
    guide = implementation.item_guide(region, pk)
    if guide is None:
        raise Http404
    return render(request, "public/item_guide.html", {"implementation": guide, "region": region})


def certificate_catalog(request):
    region = _site_region(request)
    query = (request.GET.get("q") or "").strip()
    return render(request, "public/certificate_catalog.html",
                  {"certificate_types": certificate.region_catalog(region, query), "query": query, "region": region})
