"""Admin of the performance indicators: their definitions and targets (snippets, through their services),
and the 效能指标 dashboard: every indicator of a region against its target, its subregions for the
drill-down, its departments, and the worklist of the rows that pull an unmet indicator down."""

import datetime as dt

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.admin.service_views import with_services
from cms.admin.viewsets import ScopedSnippetViewSet
from config_models import scope
from config_models.indicators import Source, computation
from config_models.models import Department, Indicator, IndicatorTarget, Region, in_subtree
from config_models.selectors import indicator as figures

WORKLIST_SIZE = 50


@with_services
class IndicatorViewSet(ScopedSnippetViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("指标定义")
    list_display = ["name", "code", "computation", "unit", "direction"]
    search_fields = ["name", "code"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("computation"), FieldPanel("unit"), FieldPanel("direction")]),
        FieldPanel("description"), FieldPanel("sort_order"),
    ]


@with_services
class IndicatorTargetViewSet(ScopedSnippetViewSet):
    model = IndicatorTarget
    icon = "pick"
    menu_label = _("指标目标")
    list_display = ["indicator", "region", "level", "value", "due_date", "document_number"]
    list_filter = ["indicator", "level"]
    panels = [
        FieldRowPanel([FieldPanel("indicator"), FieldPanel("region"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("value"), FieldPanel("due_date")]),
        FieldPanel("document_number"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator", "region")


class IndicatorViewSetGroup(SnippetViewSetGroup):
    menu_label = _("效能指标设置")
    menu_icon = "table"
    menu_order = 125
    items = (IndicatorViewSet, IndicatorTargetViewSet)


def _parse_day(value: str | None) -> dt.date:
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(value) if value else today
    except ValueError:
        return today
    return min(day, today)


@require_admin_access
def indicator_dashboard(request):
    """A region of the user's scope (the first one by default): its figures, its subregions' and its
    departments'; `?indicator=` adds that indicator's worklist."""
    regions = _own_regions(request.user).filter(level__in=["city", "county", "township"]).order_by("path")
    region = get_object_or_404(regions, code=request.GET["region"]) if request.GET.get("region") else regions.first()
    day = _parse_day(request.GET.get("on"))
    context = {"regions": regions, "region": region, "day": day}
    if region is not None:
        indicator_list = figures.indicators()
        children = list(regions.filter(parent=region))
        own = figures.region_figures([region], on=day, indicator_list=indicator_list)[region.pk]
        below = figures.region_figures(children, on=day, indicator_list=indicator_list) if children else {}
        by_department = figures.breakdown(region, "department", on=day, indicator_list=indicator_list)
        departments = Department.objects.in_bulk(list(by_department))
        context.update(
            indicators=indicator_list,
            figures=own,
            unmet=[figure for figure in own if figure.met is False],
            children=[(child, below[child.pk]) for child in children],
            departments=[(departments[pk], row) for pk, row in by_department.items() if pk in departments],
            trend=figures.trend(region, indicator_list, until=day),
        )
        code = request.GET.get("indicator")
        if code:
            indicator = get_object_or_404(Indicator, code=code)
            context.update(worklist_indicator=indicator, worklist_source=computation(indicator.computation).source,
                           worklist=_worklist(indicator, region, day))
    return TemplateResponse(request, "cms/indicators/dashboard.html", context)


def _own_regions(user):
    """The regions of the user's memberships and below them (not the chain above, which scope lets them read:
    a county's figures are not its city's)."""
    if user.is_superuser:
        return Region.objects.all()
    subtrees = Q(pk__in=[])
    for membership in scope.memberships_of(user):
        subtrees |= in_subtree(membership.region)
    return Region.objects.filter(subtrees)


def _worklist(indicator: Indicator, region: Region, day: dt.date):
    rows = figures.worklist(indicator, region, on=day)
    source = computation(indicator.computation).source
    if source == Source.IMPLEMENTATION:
        rows = rows.select_related("catalog_item", "department", "region")
    elif source == Source.MATERIAL:
        rows = rows.select_related("implementation__catalog_item", "implementation__department")
    return rows[:WORKLIST_SIZE]
