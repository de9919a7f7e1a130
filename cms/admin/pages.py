"""Editing of the configuration pages (halls, rosters, delegations, 一件事): panels and forms, set on the
page models when the app is ready so the models stay free of admin code (DESIGN.md §7)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Page

from cms.admin.bundle_forms import BundleForm, BundleTemplateForm
from cms.admin.page_forms import AuthorizationRosterPageForm, DelegationPageForm, RegionDocumentPageForm
from cms.admin.panels import HallOverviewPanel
from config_models.models import AuthorizationRoster, Bundle, BundleTemplate, Delegation, Hall
from config_models.services.registry import services_for


class ServicePublishPageRevisionAction(PublishPageRevisionAction):
    """The page editor's publish, routed like `revision.publish()`: the page's registered publish service runs
    the rules and writes the feed (Wagtail's edit view calls the action directly, not the model's publish)."""

    def execute(self, skip_permission_checks=False):
        self.check(skip_permission_checks=skip_permission_checks)
        if services_for(type(self.object)) is None:
            return super().execute(skip_permission_checks=True)
        return self.revision.publish(user=self.user, changed=self.changed, log_action=self.log_action,
                                     previous_revision=self.previous_revision, skip_permission_checks=True)


class ServiceUnpublishPageAction(UnpublishPageAction):
    """The unpublish view's action, routed to the page's registered unpublish service (via `page.unpublish`)."""

    def _unpublish_object(self, object, set_expired, commit, user, log_action):
        services = services_for(type(object))
        if services is None or services.unpublish is None or not commit:
            return super()._unpublish_object(object, set_expired, commit, user, log_action)
        if object.live:
            object.unpublish(set_expired=set_expired, user=user, log_action=log_action)
        return None


def route_page_actions_to_services() -> None:
    """Wagtail's page edit and unpublish views build these actions themselves; use the routed ones there."""
    from wagtail.admin.views.pages import edit, unpublish

    edit.PublishPageRevisionAction = ServicePublishPageRevisionAction
    unpublish.UnpublishPageAction = ServiceUnpublishPageAction


def configure_page_editing() -> None:
    route_page_actions_to_services()
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
