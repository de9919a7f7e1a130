"""Public pages outside the page tree: the item guide (办事指南), the certificate catalog and the 政务服务效能
page of a site.

They answer for the region of the request's Wagtail Site: its subtree's published implementations, the
certificate types kept by the region, above it or below it, and the performance indicators of the region or
of a region below it.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from wagtail.models import Site

from config_models.models import Necessity, Region
from config_models.selectors import certificate, implementation
from config_models.selectors import indicator as figures


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
    materials = list(guide.materials.all())
    return render(request, "public/item_guide.html", {
        "implementation": guide, "region": region,
        "submitted": [material for material in materials if material.necessity != Necessity.PLEDGE],
        "pledged": [material for material in materials if material.necessity == Necessity.PLEDGE],
    })


def certificate_catalog(request):
    region = _site_region(request)
    query = (request.GET.get("q") or "").strip()
    return render(request, "public/certificate_catalog.html",
                  {"certificate_types": certificate.region_catalog(region, query), "query": query, "region": region})


def performance(request):
    """政务服务效能: the indicators of the site's region, or of a region below it (`?region=<code>`), today,
    from published data; their monthly trend and the region's subregions side by side."""
    site_region = _site_region(request)
    code = request.GET.get("region")
    region = get_object_or_404(Region.objects.subtree_of(site_region), code=code) if code else site_region
    day = timezone.localdate()
    indicator_list = figures.indicators()
    children = list(Region.objects.filter(parent=region).order_by("code"))
    values = figures.region_figures([region, *children], on=day, indicator_list=indicator_list)
    return render(request, "public/performance.html", {
        "region": region, "site_region": site_region, "day": day, "figures": values[region.pk],
        "children": [(child, values[child.pk]) for child in children],
        "trend": figures.trend(region, indicator_list, until=day),
    })
