"""Admin of the performance indicators: their definitions and targets (snippets, through their services),
and the 效能指标 dashboard: every indicator of a region against its target, its subregions for the
drill-down, its departments, and the worklist of the rows that pull an unmet indicator down."""

import datetime as dt

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.admin.indicator_workbook import XLSX, indicator_workbook
from cms.admin.service_views import with_services
from cms.admin.viewsets import ScopedSnippetViewSet
from config_models import scope
from config_models.indicators import computation
from config_models.models import Department, Indicator, IndicatorTarget, ItemType, Region, in_subtree
from config_models.selectors import bundle as bundle_selectors
from config_models.selectors import data_quality
from config_models.selectors import evaluation as evaluation_selectors
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
    list_display = ["indicator", "region", "level", "subject", "value", "due_date", "document_number"]
    list_filter = ["indicator", "level"]
    panels = [
        FieldRowPanel([FieldPanel("indicator"), FieldPanel("region"), FieldPanel("level"), FieldPanel("subject")]),
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


def dashboard_figures(request) -> dict:
    """What the dashboard and its export show: a region of the user's scope (the first one by default) on a
    date, its figures, its subregions' and its departments'."""
    regions = _own_regions(request.user).filter(level__in=["city", "county", "township"]).order_by("path")
    region = get_object_or_404(regions, code=request.GET["region"]) if request.GET.get("region") else regions.first()
    day = _parse_day(request.GET.get("on"))
    context = {"regions": regions, "region": region, "day": day}
    if region is None:
        return context
    indicator_list = figures.indicators()
    children = list(regions.filter(parent=region))
    own = figures.region_figures([region], on=day, indicator_list=indicator_list)[region.pk]
    below = figures.region_figures(children, on=day, indicator_list=indicator_list) if children else {}
    by_department = figures.breakdown(region, "department", on=day, indicator_list=indicator_list)
    departments = Department.objects.in_bulk(list(by_department))
    by_type = figures.breakdown(region, "item_type", on=day, indicator_list=indicator_list)
    type_labels = dict(ItemType.choices)
    context.update(
        indicators=indicator_list,
        figures=own,
        unmet=[figure for figure in own if figure.met is False],
        children=[(child, below[child.pk]) for child in children],
        departments=[(departments[pk], row) for pk, row in by_department.items() if pk in departments],
        item_types=[(str(type_labels.get(code, code)), row) for code, row in by_type.items()],
        quality=data_quality.counts(region, on=day),
        trend=figures.trend(region, indicator_list, until=day),
        quotas=bundle_selectors.quotas_judging(region, on=day),
        # 好差评 of the year up to the day: one aggregate query
        evaluations=evaluation_selectors.region_totals(region=region, date_from=day.replace(month=1, day=1),
                                                       date_to=day, today=day),
    )
    return context


@require_admin_access
def indicator_dashboard(request):
    """The dashboard; `?indicator=` adds that indicator's worklist, `?quality=` a data-quality worklist."""
    context = dashboard_figures(request)
    region, day = context["region"], context["day"]
    if region is not None and (code := request.GET.get("indicator")):
        indicator = get_object_or_404(Indicator, code=code)
        context.update(worklist_indicator=indicator, worklist_source=computation(indicator.computation).source,
                       worklist=figures.worklist(indicator, region, on=day)[:WORKLIST_SIZE])
    if region is not None and (code := request.GET.get("quality")):
        if code not in data_quality.CHECKS:
            raise Http404
        context.update(quality_check=data_quality.CHECKS[code],
                       quality_rows=data_quality.rows(code, region, on=day)[:WORKLIST_SIZE])
    return TemplateResponse(request, "cms/indicators/dashboard.html", context)


@require_admin_access
def indicator_export(request):
    """The dashboard as a workbook: figures, subregions, departments, the unmet indicators' worklists and the
    data-quality counts."""
    context = dashboard_figures(request)
    if context["region"] is None:
        raise Http404
    response = HttpResponse(indicator_workbook(context), content_type=XLSX)
    filename = f"效能指标-{context['region'].name}-{context['day']:%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _own_regions(user):
    """The regions of the user's memberships and below them (not the chain above, which scope lets them read:
    a county's figures are not its city's)."""
    if user.is_superuser:
        return Region.objects.all()
    subtrees = Q(pk__in=[])
    for membership in scope.memberships_of(user):
        subtrees |= in_subtree(membership.region)
    return Region.objects.filter(subtrees)
