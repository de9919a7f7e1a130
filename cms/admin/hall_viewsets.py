"""Snippet viewsets of staff, window items and hall exemptions (scoped like the catalog core), and the
coverage worklists page of the halls."""

import datetime as dt

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
from config_models.models import HallExemption, Implementation, Region, Staff, Window, WindowItem
from config_models.selectors import authorization as answers


class StaffViewSet(ScopedSnippetViewSet):
    model = Staff
    icon = "user"
    menu_label = _("窗口人员")
    list_display = ["name", "employee_number", "department", "region", "is_chief_approver", "active"]
    list_export = ["name", "employee_number", "department", "region", "phone", "is_chief_approver", "active"]
    search_fields = ["name", "employee_number", "department__name"]
    list_filter = ["is_chief_approver", "active"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("employee_number")]),
        FieldRowPanel([FieldPanel("department"), FieldPanel("region")]),
        FieldPanel("phone"),
        FieldRowPanel([FieldPanel("is_chief_approver"), FieldPanel("active")]),
    ]


@with_services
class WindowItemViewSet(ScopedSnippetViewSet):
    model = WindowItem
    icon = "list-ul"
    menu_label = _("窗口受理事项")
    list_display = ["window", "implementation", "hours", "booking"]
    list_export = ["window", "implementation", "hours", "booking", "notes"]
    search_fields = ["implementation__catalog_item__name", "window__name", "window__hall__title"]
    panels = [FieldPanel("window"), FieldPanel("implementation"), FieldPanel("hours"), FieldPanel("booking"),
              FieldPanel("notes")]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("window__hall", "implementation__catalog_item",
                                                            "implementation__region", "implementation__department")


@with_services
class HallExemptionViewSet(ScopedSnippetViewSet):
    model = HallExemption
    icon = "warning"
    menu_label = _("进驻例外（负面清单）")
    list_display = ["implementation", "reason", "approved_document"]
    list_export = ["implementation", "reason", "approved_document", "place"]
    search_fields = ["implementation__catalog_item__name", "reason"]
    panels = [FieldPanel("implementation"), FieldPanel("reason"), FieldPanel("approved_document"),
              FieldPanel("place")]


class HallViewSetGroup(SnippetViewSetGroup):
    menu_label = _("大厅与授权")
    menu_icon = "home"
    menu_order = 110
    items = (StaffViewSet, WindowItemViewSet, HallExemptionViewSet)


def _parse_day(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@require_admin_access
def hall_worklists(request):
    """Coverage worklists and the chief approvers' share for a region of the user's scope, and the
    "who may approve" search."""
    regions = scope.scoped(request.user, ["view"], Region.objects.filter(level__in=["city", "county", "township"]))
    region = get_object_or_404(regions, code=request.GET["region"]) if request.GET.get("region") else regions.first()
    day = _parse_day(request.GET.get("on"))
    context = {"regions": regions, "region": region, "day": day}
    if region is not None:
        halls = answers.halls_of(region).order_by("path")
        context.update(
            region_share=answers.region_share(region, on=day),
            hall_shares=[(hall, answers.hall_share(hall, on=day)) for hall in halls],
            unaccepted=answers.unaccepted_implementations(region).select_related("catalog_item", "department"),
            uncovered=answers.uncovered_window_items(region, on=day),
            expiring=answers.expiring_rosters(region),
            outside=answers.outside_hall(region),
            windows=Window.objects.filter(hall__in=halls).select_related("hall").order_by("hall__path", "sort_order"),
            implementations=scope.scoped(request.user, ["view"], Implementation.objects.all()).filter(
                window_items__window__hall__in=halls).distinct().select_related("catalog_item"),
        )
        window_id, implementation_id = request.GET.get("window"), request.GET.get("implementation")
        if window_id and implementation_id:
            window = get_object_or_404(context["windows"], pk=window_id)
            implementation = get_object_or_404(context["implementations"], pk=implementation_id)
            context.update(asked_window=window, asked_implementation=implementation,
                           authorities=answers.who_may(implementation=implementation, window=window, on=day))
    return TemplateResponse(request, "cms/hall_worklists.html", context)

