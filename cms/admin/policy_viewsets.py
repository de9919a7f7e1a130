"""Admin of 中介服务事项 and 惠企政策: snippet viewsets scoped by region, whose forms check the implementations
they name and save the row and its implementations through the entity's service in one call."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.admin.forms import ScopedAdminModelForm
from cms.admin.service_views import ServiceDeleteMixin
from cms.admin.viewsets import ScopedSnippetViewSet, _scoped_choices
from config_models.models import (
    BusinessPolicy,
    Department,
    IntermediaryService,
    IntermediaryStatus,
    PolicyStatus,
    Region,
    RegionLevel,
)
from config_models.services.registry import services_for


class ImplementationLinksForm(ScopedAdminModelForm):
    """Checks the implementations chosen against the row's region (and, for a policy, its 免申即享 flag) with the
    model's own rule, so a refusal is a form error in Chinese rather than a failed save."""

    def clean(self):
        cleaned = super().clean()
        if self.errors or "implementations" not in cleaned:
            return cleaned
        for name in ("region", "exempt_from_application"):
            if name in cleaned:
                setattr(self.instance, name, cleaned[name])
        for field, messages in self.instance.implementation_errors(cleaned["implementations"]).items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        return cleaned


class ImplementationLinksSaveMixin:
    """Save the row and the implementations chosen through the service, in one transaction and one history."""

    def save_instance(self):
        creating = self.view_name in ("create", "copy") or self.form.instance.pk is None
        instance = self.form.save(commit=False)
        instance = services_for(type(instance)).save(
            instance=instance, user=self.request.user, implementations=self.form.cleaned_data["implementations"],
        )
        log(instance=instance, action="wagtail.create" if creating else "wagtail.edit", user=self.request.user)
        return instance


class ImplementationLinksViewSet(ScopedSnippetViewSet):
    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=ImplementationLinksForm).bind_to_model(self.model)

    def _with(self, name, mixin):
        base = getattr(super(), name)
        return type(base.__name__, (mixin, base), {})

    @property
    def add_view_class(self):
        return self._with("add_view_class", ImplementationLinksSaveMixin)

    @property
    def edit_view_class(self):
        return self._with("edit_view_class", ImplementationLinksSaveMixin)

    @property
    def copy_view_class(self):
        return self._with("copy_view_class", ImplementationLinksSaveMixin)

    @property
    def delete_view_class(self):
        return self._with("delete_view_class", ServiceDeleteMixin)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "department")


IMPLEMENTATIONS_WIDGET = forms.SelectMultiple(attrs={"size": 10})


class IntermediaryServiceFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("所属区划"), queryset=_scoped_choices(Region))
    level = django_filters.ChoiceFilter(label=_("层级"), field_name="region__level", choices=RegionLevel.choices)
    department = django_filters.ModelChoiceFilter(label=_("审批部门"), queryset=_scoped_choices(Department))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=IntermediaryStatus.choices)

    class Meta:
        model = IntermediaryService
        fields = ["region", "level", "department", "status", "charges_fee"]


class IntermediaryServiceViewSet(ImplementationLinksViewSet):
    model = IntermediaryService
    icon = "resubmit"
    menu_label = _("中介服务事项")
    list_display = ["name", "department", "region",
                    Column("time_limit", label=_("服务时限"), accessor="time_limit_display"), "charges_fee", "status"]
    list_export = ["name", "region", "department", "legal_basis", "time_limit", "time_limit_unit", "charges_fee",
                   "fee_standard", "fee_basis", "providers", "status", "sort_order"]
    search_fields = ["name", "legal_basis", "providers"]
    filterset_class = IntermediaryServiceFilterSet
    ordering = ["region__code", "sort_order", "pk"]
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("region"), FieldPanel("department")]),
        FieldPanel("legal_basis"),
        FieldRowPanel([FieldPanel("time_limit"), FieldPanel("time_limit_unit")]),
        MultiFieldPanel([FieldPanel("charges_fee"), FieldPanel("fee_standard"), FieldPanel("fee_basis")],
                        heading=_("收费")),
        FieldPanel("providers"),
        FieldPanel("implementations", widget=IMPLEMENTATIONS_WIDGET),
        FieldRowPanel([FieldPanel("status"), FieldPanel("sort_order")]),
    ]


class BusinessPolicyFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("所属区划"), queryset=_scoped_choices(Region))
    level = django_filters.ChoiceFilter(label=_("层级"), field_name="region__level", choices=RegionLevel.choices)
    department = django_filters.ModelChoiceFilter(label=_("发布部门"), queryset=_scoped_choices(Department))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=PolicyStatus.choices)

    class Meta:
        model = BusinessPolicy
        fields = ["region", "level", "department", "status", "exempt_from_application"]


class BusinessPolicyViewSet(ImplementationLinksViewSet):
    model = BusinessPolicy
    icon = "pick"
    menu_label = _("惠企政策")
    list_display = ["name", "document_number", "department", "region", "exempt_from_application", "valid_from",
                    "valid_until", "status"]
    list_export = ["name", "document_number", "region", "department", "beneficiaries", "exempt_from_application",
                   "valid_from", "valid_until", "summary", "policy_url", "status"]
    search_fields = ["name", "document_number", "beneficiaries"]
    filterset_class = BusinessPolicyFilterSet
    ordering = ["region__code", "-valid_from", "pk"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("document_number")]),
        FieldRowPanel([FieldPanel("region"), FieldPanel("department")]),
        FieldPanel("beneficiaries"),
        FieldPanel("exempt_from_application"),
        FieldPanel("implementations", widget=IMPLEMENTATIONS_WIDGET),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until"), FieldPanel("status")]),
        FieldPanel("summary"),
        FieldPanel("policy_url"),
    ]


class PolicyListsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("中介服务与惠企政策")
    menu_icon = "resubmit"
    menu_order = 115
    items = (IntermediaryServiceViewSet, BusinessPolicyViewSet)
