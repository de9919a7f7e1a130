"""Public pages outside the page tree: the catalog of a site's items (事项目录), the item guide (办事指南), the
certificate catalog, the 政务服务效能 page and the 好差评 page of a site.

They answer for the region of the request's Wagtail Site: its subtree's published implementations, the
certificate types kept by the region, above it or below it, and the performance indicators of the region or
of a region below it.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from wagtail.models import Site

from config_models.models import ItemType, Necessity, Region, RegionLevel
from config_models.selectors import certificate, implementation
from config_models.selectors import evaluation as evaluation_figures
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
        "evaluations": evaluation_figures.implementation_totals(implementation=guide),
    })


CATALOG_PAGE_SIZE = 50


def _present(choices, values) -> list[tuple[str, str]]:
    """The choices some row has (one query for the distinct values)."""
    found = set(values.order_by().distinct())
    return [(value, label) for value, label in choices if value in found]


def implementation_catalog(request):
    """事项目录: every published implementation in force in the site's region and below it (not only those on a
    list), searchable by name, pinyin initials or code, filtered by department, type and level, 50 a page."""
    region = _site_region(request)
    chosen = {name: (request.GET.get(name) or "").strip() for name in ("q", "department", "item_type", "level")}
    rows = implementation.in_force(region)
    choices = {
        "department_choices": rows.order_by("department__name").values_list("department__credit_code",
                                                                            "department__name").distinct(),
        "item_type_choices": _present(ItemType.choices, rows.values_list("catalog_item__item_type", flat=True)),
        "level_choices": _present(RegionLevel.choices, rows.values_list("region__level", flat=True)),
    }
    rows = implementation.search(rows, chosen["q"])
    if chosen["department"]:
        rows = rows.filter(department__credit_code=chosen["department"])
    if chosen["item_type"]:
        rows = rows.filter(catalog_item__item_type=chosen["item_type"])
    if chosen["level"]:
        rows = rows.filter(region__level=chosen["level"])
    rows = rows.select_related("catalog_item", "region", "department").order_by("catalog_item__code",
                                                                                "region__code", "pk")
    page = Paginator(rows, CATALOG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "public/implementation_catalog.html", {
        "region": region, "page": page, "filters": chosen, "query_string": query.urlencode(), **choices,
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


EVALUATION_GROUPS_SHOWN = 20


def evaluations(request):
    """好差评: the figures of the site's region, or of a region below it (`?region=<code>`), from 1 January to
    today, with the regions below it, its most evaluated items and windows. Aggregates only: never an
    evaluation's text or a staff name."""
    site_region = _site_region(request)
    code = request.GET.get("region")
    region = get_object_or_404(Region.objects.subtree_of(site_region), code=code) if code else site_region
    day = timezone.localdate()
    window = {"region": region, "date_from": day.replace(month=1, day=1), "date_to": day, "today": day}
    return render(request, "public/evaluations.html", {
        "region": region, "site_region": site_region, "day": day, "date_from": window["date_from"],
        "totals": evaluation_figures.region_totals(**window),
        "regions": evaluation_figures.evaluation_stats(group_by=evaluation_figures.GroupBy.REGION, **window),
        "items": evaluation_figures.evaluation_stats(group_by=evaluation_figures.GroupBy.ITEM, **window)[
            :EVALUATION_GROUPS_SHOWN],
        "windows": evaluation_figures.evaluation_stats(group_by=evaluation_figures.GroupBy.WINDOW, **window)[
            :EVALUATION_GROUPS_SHOWN],
    })
