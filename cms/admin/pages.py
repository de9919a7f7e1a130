"""Editing of the configuration pages (halls, rosters, delegations, 一件事): panels and forms, set on the
page models when the app is ready so the models stay free of admin code (DESIGN.md §7)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Page

from cms.admin.bundle_forms import BundleForm, BundleTemplateForm
from cms.admin.page_forms import AuthorizationRosterPageForm, DelegationPageForm, RegionDocumentPageForm
from cms.admin.panels import HallOverviewPanel
from config_models.models import AuthorizationRoster, Bundle, BundleTemplate, Delegation, Hall


def configure_page_editing() -> None:
    # Wagtail reads a page's base_form_class when it first builds the edit form, after the apps are ready.
    BundleTemplate.base_form_class = BundleTemplateForm
    Bundle.base_form_class = BundleForm
    Hall.base_form_class = RegionDocumentPageForm
    Hall.content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("phone")]),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
        FieldPanel("zones"),
        InlinePanel("sessions", heading=_("办公时段（含延时、错时、周末）"), label=_("办公时段")),
        InlinePanel("closures", heading=_("节假日及例外"), label=_("例外日期")),
        InlinePanel("windows", heading=_("窗口"), label=_("窗口"), panels=[
            FieldRowPanel([FieldPanel("number"), FieldPanel("name")]),
            FieldRowPanel([FieldPanel("window_type"), FieldPanel("sector"), FieldPanel("department")]),
            FieldPanel("accepted_bundles", widget=forms.CheckboxSelectMultiple),
            FieldPanel("notes"),
        ]),
        HallOverviewPanel(heading=_("窗口受理事项与授权人员（只读）")),
    ]
    AuthorizationRoster.base_form_class = AuthorizationRosterPageForm
    AuthorizationRoster.content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("department"), FieldPanel("document_number")]),
        FieldPanel("basis"),
        InlinePanel("entries", heading=_("授权条目"), label=_("授权条目"), panels=[
            FieldPanel("staff"), FieldPanel("windows"), FieldPanel("implementations"), FieldPanel("scopes"),
        ]),
    ]
    Delegation.base_form_class = DelegationPageForm
    Delegation.content_panels = [
        *Page.content_panels,
        FieldPanel("implementation"),
        FieldRowPanel([FieldPanel("receiving_department"), FieldPanel("delegation_type")]),
        FieldRowPanel([FieldPanel("document_number"), FieldPanel("effective_on"), FieldPanel("ends_on")]),
        MultiFieldPanel([InlinePanel("supervision_duties", max_num=1, label=_("监管责任"))],
                        heading=_("配套监管责任")),
    ]
