"""Snippet viewsets of the configuration models, all scoped by region (config_models.scope)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChosenMultipleViewMixin, ChosenViewMixin
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.admin.forms import ScopedAdminModelForm
from cms.admin.panels import CatalogItemSummaryPanel
from cms.admin.service_views import with_services
from cms.admin.views import (
    ExcelFriendlyCsvMixin,
    ScopedChooserMixin,
    ScopedChosenMixin,
    ScopedObjectMixin,
    ScopedPublishMixin,
    forbidden_as_403,
)
from config_models import scope
from config_models.models import (
    CatalogItem,
    CatalogStatus,
    Department,
    Implementation,
    ImplementationStatus,
    ItemType,
    Membership,
    Region,
    RegionLevel,
)


def _scoped_choices(model):
    """Filter drop-downs list only rows the user may see, so names of other regions do not leak."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return scope.scoped(request.user, ["view"], model.objects.all())

    return queryset


class ScopedChooserViewSet(SnippetChooserViewSet):
    def construct_view(self, view_class, **kwargs):
        if hasattr(view_class, "get_object_list"):
            view_class = type(view_class.__name__, (ScopedChooserMixin, view_class), {})
        if issubclass(view_class, (ChosenViewMixin, ChosenMultipleViewMixin)):
            view_class = type(view_class.__name__, (ScopedChosenMixin, view_class), {})
        return forbidden_as_403(super().construct_view(view_class, **kwargs))


class ScopedSnippetViewSet(SnippetViewSet):
    """Listings, exports, search, choosers and object views show only the user's scope."""

    chooser_viewset_class = ScopedChooserViewSet
    inspect_view_enabled = True
    search_backend_name = None  # ORM substring search: finds 施工许可 inside longer Chinese names

    def get_queryset(self, request):
        return scope.scoped(request.user, ["view"], self.model._default_manager.all())

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=ScopedAdminModelForm).bind_to_model(self.model)

    def construct_view(self, view_class, **kwargs):
        bases = []
        if hasattr(view_class, "stream_csv"):
            bases.append(ExcelFriendlyCsvMixin)
        if hasattr(view_class, "get_object"):
            bases.append(ScopedObjectMixin)
        if hasattr(view_class, "get_available_actions"):
            bases.append(ScopedPublishMixin)
        if bases:
            view_class = type(view_class.__name__, (*bases, view_class), {})
        return forbidden_as_403(super().construct_view(view_class, **kwargs))


class RegionFilterSet(WagtailFilterSet):
    level = django_filters.ChoiceFilter(label=_("层级"), choices=RegionLevel.choices)

    class Meta:
        model = Region
        fields = ["level"]


@with_services
class RegionViewSet(ScopedSnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("行政区划")
    list_display = ["name", "code", "level", "kind", "parent"]
    list_export = ["code", "name", "level", "kind", "parent"]
    search_fields = ["name", "code"]
    filterset_class = RegionFilterSet
    ordering = ["code"]
    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("level"), FieldPanel("kind"), FieldPanel("parent")]


class DepartmentFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("所属区划"), queryset=_scoped_choices(Region))
    level = django_filters.ChoiceFilter(label=_("层级"), field_name="region__level", choices=RegionLevel.choices)

    class Meta:
        model = Department
        fields = ["region", "level", "nature"]


@with_services
class DepartmentViewSet(ScopedSnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("实施主体")
    list_display = ["name", "credit_code", "region", "nature"]
    list_export = ["name", "credit_code", "region", "nature"]
    search_fields = ["name", "credit_code"]
    filterset_class = DepartmentFilterSet
    panels = [
        FieldPanel("name"),
        FieldPanel("credit_code"),
        FieldPanel("credit_code_check_acknowledged"),
        FieldPanel("region"),
        FieldPanel("nature"),
    ]


class CatalogItemFilterSet(WagtailFilterSet):
    item_type = django_filters.ChoiceFilter(label=_("事项类型"), choices=ItemType.choices)
    status = django_filters.ChoiceFilter(label=_("事项状态"), choices=CatalogStatus.choices)
    level = django_filters.ChoiceFilter(
        label=_("行使层级"), choices=RegionLevel.choices, method="filter_level"
    )

    class Meta:
        model = CatalogItem
        fields = ["item_type", "status", "level"]

    def filter_level(self, queryset, name, value):
        # allowed_levels is a JSON list; contains-lookups differ by database, so match the quoted value.
        return queryset.filter(allowed_levels__icontains=f'"{value}"')


@with_services
class CatalogItemViewSet(ScopedSnippetViewSet):
    model = CatalogItem
    icon = "list-ul"
    menu_label = _("基本目录")
    list_display = ["name", "code", Column("item_type", label=_("事项类型"), accessor="get_item_type_display"),
                    "status", "updated_at"]
    list_export = ["code", "name", "item_type", "parent", "region", "allowed_levels", "local_code", "status",
                   "effective_date", "cancel_date"]
    search_fields = ["name", "code", "local_code"]
    filterset_class = CatalogItemFilterSet
    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("item_type")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("parent"), FieldPanel("region")]),
        FieldPanel("allowed_levels"),
        FieldPanel("local_code"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("effective_date"), FieldPanel("cancel_date")]),
        InlinePanel("legal_bases", heading=_("设定依据"), label=_("设定依据")),
    ]


class ImplementationFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("实施区划"), queryset=_scoped_choices(Region))
    level = django_filters.ChoiceFilter(label=_("层级"), field_name="region__level", choices=RegionLevel.choices)
    department = django_filters.ModelChoiceFilter(label=_("实施主体"), queryset=_scoped_choices(Department))
    item_type = django_filters.ChoiceFilter(
        label=_("事项类型"), field_name="catalog_item__item_type", choices=ItemType.choices
    )
    status = django_filters.ChoiceFilter(label=_("实施状态"), choices=ImplementationStatus.choices)

    class Meta:
        model = Implementation
        fields = ["region", "level", "department", "item_type", "status"]


@with_services
class ImplementationViewSet(ScopedSnippetViewSet):
    model = Implementation
    icon = "doc-full"
    menu_label = _("实施清单")
    list_display = [
        Column("name", label=_("事项名称"), accessor="name"),
        Column("implementation_code", label=_("实施编码"), accessor="implementation_code"),
        "region",
        "department",
        "status",
        "updated_at",
    ]
    list_export = ["implementation_code", "name", "code", "item_type", "region", "department", "local_code",
                   "statutory_limit", "statutory_limit_unit", "committed_limit", "committed_limit_unit",
                   "handling_type", "visit_count", "online_depth", "charges_fee", "consult_phone",
                   "complaint_phone", "service_area", "status"]
    export_headings = {"implementation_code": _("实施编码"), "name": _("事项名称"), "code": _("基本编码"),
                       "item_type": _("事项类型")}
    search_fields = ["catalog_item__name", "catalog_item__code", "department__name", "local_code"]
    filterset_class = ImplementationFilterSet

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("catalog_item", "region", "department")

    def get_edit_handler(self):
        basics = [
            FieldPanel("catalog_item"),
            CatalogItemSummaryPanel(heading=_("基本目录信息（只读）")),
            FieldRowPanel([FieldPanel("region"), FieldPanel("department")]),
            FieldRowPanel([FieldPanel("local_code"), FieldPanel("status"), FieldPanel("ended_on")]),
        ]
        handling = [
            FieldPanel("accept_conditions"),
            FieldPanel("procedure"),
            MultiFieldPanel([
                FieldRowPanel([FieldPanel("statutory_limit"), FieldPanel("statutory_limit_unit"),
                               FieldPanel("statutory_limit_note")]),
                FieldRowPanel([FieldPanel("committed_limit"), FieldPanel("committed_limit_unit"),
                               FieldPanel("committed_limit_note")]),
                FieldPanel("handling_type"),
            ], heading=_("办结时限")),
            FieldPanel("service_objects"),
            MultiFieldPanel([
                FieldRowPanel([FieldPanel("visit_count"), FieldPanel("online_depth")]),
                FieldPanel("visit_reason"),
                FieldRowPanel([FieldPanel("window_handling"), FieldPanel("online_handling"), FieldPanel("courier"),
                               FieldPanel("booking"), FieldPanel("online_payment")]),
                FieldPanel("online_url"),
            ], heading=_("办理形式")),
            MultiFieldPanel([FieldPanel("charges_fee"), FieldPanel("fee_standard"), FieldPanel("fee_basis")],
                            heading=_("收费")),
            MultiFieldPanel([
                FieldRowPanel([FieldPanel("consult_phone"), FieldPanel("complaint_phone")]),
                FieldPanel("address"), FieldPanel("office_hours"), FieldPanel("service_area"),
            ], heading=_("办理地点与咨询投诉")),
        ]
        materials = [InlinePanel("materials", heading=_("申请材料"), label=_("申请材料"))]
        return TabbedInterface(
            [
                ObjectList(basics, heading=_("基本信息")),
                ObjectList(handling, heading=_("办理要素")),
                ObjectList(materials, heading=_("申请材料")),
            ],
            base_form_class=ScopedAdminModelForm,
        ).bind_to_model(self.model)


@with_services
class MembershipViewSet(ScopedSnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("区划角色")
    list_display = ["user", "region", "role", "department"]
    list_export = ["user", "region", "role", "department"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "region__name"]
    list_filter = ["role"]
    panels = [FieldPanel("user"), FieldPanel("region"), FieldPanel("role"), FieldPanel("department"),
              FieldPanel("office")]


class ConfigurationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("政务服务配置")
    menu_icon = "cogs"
    menu_order = 100
    items = (CatalogItemViewSet, ImplementationViewSet, DepartmentViewSet, RegionViewSet, MembershipViewSet)

