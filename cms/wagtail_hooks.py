from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from cms.admin import delegation_requests, evaluations, hall_viewsets, indicators, lists, proposals, reviews, views
from cms.admin.bulk_actions import ScopedDeleteBulkAction
from cms.admin.bundle_viewsets import BundleQuotaViewSet
from cms.admin.hall_viewsets import HallViewSetGroup
from cms.admin.permissions import RegionScopedPermissionPolicy
from cms.admin.policy_viewsets import PolicyListsViewSetGroup
from cms.admin.viewsets import ConfigurationViewSetGroup
from config_models import scope
from config_models.models import (
    BadReviewCase,
    BundleQuota,
    BusinessPolicy,
    CatalogItem,
    CatalogProposal,
    CertificateType,
    DelegationRequest,
    Department,
    Evaluation,
    HallExemption,
    Holiday,
    Implementation,
    Indicator,
    IndicatorTarget,
    IntermediaryService,
    ListType,
    Membership,
    Proof,
    Region,
    ReviewMark,
    Staff,
    WindowItem,
)
from config_models.services.pages import page_move_refusal, page_removal_record
from config_models.services.publishing import page_publish_problems

# Before any view asks: Wagtail falls back to plain model permissions for unregistered models.
for model in (Region, Department, CatalogItem, Implementation, Membership, BundleQuota, CertificateType, Proof,
              ListType):
    register_permission_policy(model, RegionScopedPermissionPolicy(model))

register_snippet(ConfigurationViewSetGroup)
register_snippet(BundleQuotaViewSet)
register_snippet(lists.ListsViewSetGroup)
hooks.register("register_page_header_buttons", lists.publish_button)
hooks.register("register_page_listing_more_buttons", lists.publish_button)

# 中介服务事项, 惠企政策
for model in (IntermediaryService, BusinessPolicy):
    register_permission_policy(model, RegionScopedPermissionPolicy(model))
register_snippet(PolicyListsViewSetGroup)

# Halls, windows and authorizations
for model in (Staff, WindowItem, HallExemption):
    register_permission_policy(model, RegionScopedPermissionPolicy(model))
register_snippet(HallViewSetGroup)


@hooks.register("register_admin_urls")
def register_hall_urls():
    return [path("halls/worklists/", hall_viewsets.hall_worklists, name="tongban_hall_worklists")]


@hooks.register("register_admin_menu_item")
def hall_worklists_menu_item():
    return MenuItem(_("大厅覆盖与授权"), reverse("tongban_hall_worklists"), icon_name="tasks", order=120)

# 待复核 worklist (catalog and template changes)
@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path("reviews/", reviews.review_worklist_view, name="tongban_review_worklist"),
        path("reviews/<int:pk>/act/", reviews.review_mark_act_view, name="tongban_review_mark_act"),
    ]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return scope.user_may(request.user, "view", ReviewMark)


@hooks.register("register_admin_menu_item")
def review_worklist_menu_item():
    return ReviewMenuItem(_("待复核"), reverse("tongban_review_worklist"), icon_name="warning", order=110)


# 事项申请 (catalog proposals)
@hooks.register("register_admin_urls")
def register_proposal_urls():
    return [
        path("proposals/", proposals.proposal_list_view, name="tongban_proposals"),
        path("proposals/new/", proposals.proposal_submit_view, name="tongban_proposal_new"),
        path("proposals/<int:pk>/resubmit/", proposals.proposal_submit_view, name="tongban_proposal_resubmit"),
        path("proposals/<int:pk>/review/", proposals.proposal_review_view, name="tongban_proposal_review"),
    ]


class ProposalMenuItem(MenuItem):
    def is_shown(self, request):
        return scope.user_may(request.user, "view", CatalogProposal)


@hooks.register("register_admin_menu_item")
def proposal_menu_item():
    return ProposalMenuItem(_("事项申请"), reverse("tongban_proposals"), icon_name="form", order=112)


# 放权申请 (点菜式放权)
@hooks.register("register_admin_urls")
def register_delegation_request_urls():
    return [
        path("delegation-requests/", delegation_requests.delegation_request_list_view,
             name="tongban_delegation_requests"),
        path("delegation-requests/new/", delegation_requests.delegation_request_submit_view,
             name="tongban_delegation_request_new"),
        path("delegation-requests/<int:pk>/decide/", delegation_requests.delegation_request_decide_view,
             name="tongban_delegation_request_decide"),
    ]


class DelegationRequestMenuItem(MenuItem):
    def is_shown(self, request):
        return scope.user_may(request.user, "view", DelegationRequest)


@hooks.register("register_admin_menu_item")
def delegation_request_menu_item():
    return DelegationRequestMenuItem(_("放权申请"), reverse("tongban_delegation_requests"), icon_name="resubmit",
                                     order=113)


# Performance indicators
for model in (Indicator, IndicatorTarget):
    register_permission_policy(model, RegionScopedPermissionPolicy(model))
register_snippet(indicators.IndicatorViewSetGroup)


@hooks.register("register_admin_urls")
def register_indicator_urls():
    return [
        path("indicators/", indicators.indicator_dashboard, name="tongban_indicator_dashboard"),
        path("indicators/export/", indicators.indicator_export, name="tongban_indicator_export"),
    ]


@hooks.register("register_admin_menu_item")
def indicator_dashboard_menu_item():
    return MenuItem(_("效能指标"), reverse("tongban_indicator_dashboard"), icon_name="table", order=124)


# 好差评: evaluations are read only here (import and API write them); 差评 are handled step by step
register_permission_policy(Evaluation, evaluations.ReadOnlyScopedPermissionPolicy(Evaluation))
register_permission_policy(BadReviewCase, evaluations.ReadOnlyScopedPermissionPolicy(BadReviewCase))
register_permission_policy(Holiday, RegionScopedPermissionPolicy(Holiday))
register_snippet(evaluations.EvaluationViewSetGroup)


@hooks.register("register_admin_urls")
def register_bad_review_urls():
    return [
        path("bad-reviews/", evaluations.bad_review_list_view, name="tongban_bad_review_cases"),
        path("bad-reviews/<int:pk>/", evaluations.bad_review_case_view, name="tongban_bad_review_case"),
    ]


class BadReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return scope.user_may(request.user, "view", BadReviewCase)


@hooks.register("register_admin_menu_item")
def bad_review_menu_item():
    return BadReviewMenuItem(_("差评整改"), reverse("tongban_bad_review_cases"), icon_name="warning", order=127)


# After Wagtail's own snippet bulk delete (order 0), so this one answers for the configuration models.
hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=100)


@hooks.register("before_delete_page")
def record_deleted_pages(request, page):
    """The page and the live pages below it leave the change feed (D, deleted); the view deletes them next,
    in the same transaction (Wagtail's delete view is atomic). It calls this hook on GET too: only a POST
    deletes."""
    if request.method == "POST":
        page_removal_record(page=page.specific, user=request.user)


@hooks.register("before_move_page")
def refuse_moves_across_regions(request, page, destination):
    refusal = page_move_refusal(page=page, destination=destination)
    if refusal:
        messages.error(request, refusal)
        return redirect("wagtailadmin_explore", page.get_parent().id)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_moves_across_regions(request, action_type, objects, action_class_instance):
    form = getattr(action_class_instance, "cleaned_form", None)
    if action_type != "move" or form is None or not objects:
        return None
    destination = form.cleaned_data["chooser"]
    refusals = [refusal for page in objects if (refusal := page_move_refusal(page=page, destination=destination))]
    if refusals:
        for refusal in refusals:
            messages.error(request, refusal)
        return redirect("wagtailadmin_explore", objects[0].get_parent().id)
    return None


@hooks.register("before_bulk_action")
def record_bulk_deleted_pages(request, action_type, objects, action_class_instance):
    """Pages deleted in bulk leave the change feed like one deleted through its delete view."""
    if action_type == "delete" and objects and all(isinstance(page, Page) for page in objects):
        for page in objects:
            page_removal_record(page=page.specific, user=request.user)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_of_incomplete_pages(request, action_type, objects, action_class_instance):
    """Publish all or none: pages whose drafts break their rules are listed with the reasons."""
    if action_type != "publish":
        return None
    problems = [f"“{page.title}”：{'；'.join(reasons)}" for page in objects
                if (reasons := page_publish_problems(page))]
    if not problems:
        return None
    messages.error(request, _("未发布任何页面。") + " ".join(problems))
    return redirect(request.GET.get("next") or reverse("wagtailadmin_explore_root"))


@hooks.register("register_admin_urls")
def register_audit_urls():
    return [
        path("audit/<str:app_label>/<str:model_name>/<str:pk>/", views.audit_history,
             name="tongban_audit_history"),
        path("audit/<str:app_label>/<str:model_name>/<str:pk>/revert/<int:history_id>/", views.audit_revert,
             name="tongban_audit_revert"),
        path("lists/<int:page_id>/publish/", lists.publish_view, name="tongban_list_publish"),
    ]


@hooks.register("register_snippet_listing_buttons")
def audit_history_button(snippet, user, next_url=None):
    if hasattr(type(snippet), "history") and snippet._meta.app_label == "config_models":
        yield ListingButton(
            _("变更记录"),
            reverse("tongban_audit_history", args=[snippet._meta.app_label, snippet._meta.model_name, snippet.pk]),
            icon_name="history",
            priority=50,
        )


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def show_catalog_item_warnings(request, instance):
    # Doubts that do not block saving (the code's type digits) must still reach the editor.
    for warning in getattr(instance, "warnings", []) if isinstance(instance, CatalogItem) else []:
        messages.warning(request, warning)
