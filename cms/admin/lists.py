"""Admin of published lists and the certificate catalog: snippet viewsets, page panels, the batch view."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, Panel
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.admin.service_views import with_services
from cms.admin.viewsets import ScopedSnippetViewSet
from config_models.models import CertificateType, ListType, Proof, PublishedListPage
from config_models.services import published_list as service


@with_services
class CertificateTypeViewSet(ScopedSnippetViewSet):
    model = CertificateType
    icon = "doc-full-inverse"
    menu_label = _("电子证照目录")
    list_display = ["name", "type_code", "defining_body", "holder_type", "region"]
    list_export = ["type_code", "name", "defining_body", "holder_type", "validity_years", "validity_note", "region"]
    search_fields = ["name", "type_code", "search_initials", "defining_body"]
    list_filter = ["holder_type"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("type_code")]),
        FieldRowPanel([FieldPanel("defining_body"), FieldPanel("region")]),
        FieldRowPanel([FieldPanel("holder_type"), FieldPanel("validity_years"), FieldPanel("validity_note")]),
        FieldPanel("issuing_departments", widget=forms.SelectMultiple(attrs={"size": 6})),
        FieldPanel("issuing_implementations", widget=forms.SelectMultiple(attrs={"size": 8})),
        FieldPanel("accepting_implementations", widget=forms.SelectMultiple(attrs={"size": 8})),
        FieldPanel("sample_identifier"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region")


@with_services
class ProofViewSet(ScopedSnippetViewSet):
    model = Proof
    icon = "doc-empty"
    menu_label = _("证明事项")
    list_display = ["name", "issuing_body", "status", "pledge_allowed", "data_sharing", "region"]
    list_export = ["name", "issuing_body", "legal_basis", "status", "pledge_allowed", "data_sharing", "replacement",
                   "region"]
    search_fields = ["name", "issuing_body"]
    list_filter = ["status", "pledge_allowed", "data_sharing"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("region")]),
        FieldRowPanel([FieldPanel("issuing_body"), FieldPanel("issuing_department")]),
        FieldPanel("legal_basis"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("pledge_allowed"), FieldPanel("data_sharing")]),
        FieldPanel("replacement"),
        FieldPanel("sort_order"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region")


class ListTypeViewSet(ScopedSnippetViewSet):
    model = ListType
    icon = "list-ol"
    menu_label = _("清单类型")
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name", "code"]
    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("description"), FieldPanel("sort_order")]


class ListsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("清单与证照")
    menu_icon = "list-ol"
    menu_order = 110
    items = (CertificateTypeViewSet, ProofViewSet, ListTypeViewSet)


class RuleCountPanel(Panel):
    """The number of entries the saved rule selects; the live preview (side panel) follows every edit."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/lists/rule_count_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["count"] = service.list_preview_count(page) if page.pk else None
            context["publish_url"] = reverse("tongban_list_publish", args=[page.pk]) if page.pk else None
            return context


# The page's panels live here with the rest of the admin wiring; Wagtail reads them when it first builds the form.
PublishedListPage.content_panels = [
    FieldPanel("title"),
    FieldRowPanel([FieldPanel("code"), FieldPanel("list_type")]),
    FieldPanel("introduction"),
    RuleCountPanel(heading=_("条目数")),
    FieldPanel("rule_combinator"),
    HelpPanel(content=str(_("条件字段、运算符和值均在下方选择填写；右侧“预览”随编辑实时显示纳入的事项和条目数。"))),
    FieldPanel("rule"),
    InlinePanel("overrides", heading=_("手工纳入 / 排除"), label=_("手工调整")),
]
PublishedListPage.promote_panels = [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")]


class PublishForm(forms.Form):
    document_number = forms.CharField(label=_("文号"), max_length=100)
    published_on = forms.DateField(label=_("公布日期"), widget=forms.DateInput(attrs={"type": "date"}))
    effective_on = forms.DateField(label=_("施行日期"), widget=forms.DateInput(attrs={"type": "date"}))
    change_note = forms.CharField(label=_("调整说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    scheduled_at = forms.DateTimeField(
        label=_("定时发布时间"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("留空则立即发布；定时发布时在该时刻生成条目快照。"),
    )


def publish_view(request, page_id):
    """发布新批次: the form, the refusal reasons when entries fail validation, and the batches so far."""
    page = get_object_or_404(PublishedListPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    form = PublishForm(request.POST or None)
    reasons = []
    if request.method == "POST" and form.is_valid():
        try:
            publication = service.publication_publish(page=page, user=request.user, **form.cleaned_data)
        except service.PublicationRefused as refused:
            reasons = refused.messages
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, f"{publication.batch_label}已{publication.get_status_display()}。")
            return redirect("tongban_list_publish", page.pk)
    return TemplateResponse(request, "cms/lists/publish.html", {
        "page": page, "form": form, "reasons": reasons, "count": service.list_preview_count(page),
        "publications": page.publications.order_by("-batch"),
    }, status=400 if reasons else 200)


def publish_button(page, user, view_name=None, next_url=None):
    if isinstance(page.specific_deferred, PublishedListPage) and page.permissions_for_user(user).can_publish():
        yield ListingButton(_("发布批次"), reverse("tongban_list_publish", args=[page.pk]), icon_name="upload",
                            priority=5)
