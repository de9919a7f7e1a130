"""事项申请 in the admin: the scoped list (proposers see their subtree's, reviewers the ones below them), the
submission form, and each step's decision, all through config_models.services.proposal."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access
from wagtail.documents import get_document_model

from config_models import scope
from config_models.models import (
    CatalogItem,
    CatalogProposal,
    Department,
    ProposalStatus,
    Region,
)
from config_models.services.proposal import (
    PROPOSING_LEVELS,
    proposal_review,
    proposal_submit,
    reviewer_refusal,
)


class ProposalForm(forms.ModelForm):
    class Meta:
        model = CatalogProposal
        fields = ["kind", "region", "department", "catalog_item", "code", "name", "item_type", "allowed_levels",
                  "law_name", "law_document_number", "law_clause", "law_text", "cancel_date", "reason",
                  "attachments"]
        widgets = {"cancel_date": forms.DateInput(attrs={"type": "date"}),
                   "reason": forms.Textarea(attrs={"rows": 3}), "law_text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = scope.scoped(user, ["view"], Region.objects.filter(
            level__in=PROPOSING_LEVELS)).order_by("code")
        self.fields["department"].queryset = scope.scoped(user, ["view"], Department.objects.all())
        self.fields["catalog_item"].queryset = scope.scoped(user, ["view"], CatalogItem.objects.all())
        self.fields["attachments"].queryset = get_document_model().objects.order_by("-created_at")
        self.fields["allowed_levels"].required = False
        self.fields["allowed_levels"].help_text = "新增事项必填；变更时只选要改成的层级，留空表示不变。"
        self.fields["name"].help_text = "新增事项必填；变更时填写新名称，留空表示不变。"


def _refuse_without_access(user) -> None:
    if not scope.user_may(user, "view", CatalogProposal):
        raise PermissionDenied


def _visible(user):
    return scope.scoped(user, ["view"], CatalogProposal.objects.all()).select_related(
        "region", "department", "catalog_item", "proposed_by", "result_item").prefetch_related(
        "reviews__reviewer", "attachments")


@require_admin_access
def proposal_list_view(request):
    _refuse_without_access(request.user)
    status = request.GET.get("status", "")
    proposals = _visible(request.user)
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    page = Paginator(proposals.order_by("-submitted_at", "-pk"), 50).get_page(request.GET.get("p"))
    may_decide = {p.pk for p in page if reviewer_refusal(proposal=p, user=request.user) is None}
    may_propose = scope.user_may(request.user, "add", CatalogProposal)
    return TemplateResponse(request, "cms/proposals/list.html", {
        "page": page, "status": status, "status_choices": ProposalStatus.choices, "may_decide": may_decide,
        "may_propose": may_propose,
    })


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_admin_access
def proposal_submit_view(request, pk=None):
    """A new proposal, or a returned one revised and submitted again (by whoever may propose for its region)."""
    _refuse_without_access(request.user)
    if not scope.user_may(request.user, "add", CatalogProposal):
        raise PermissionDenied
    instance = get_object_or_404(_visible(request.user), pk=pk, status=ProposalStatus.RETURNED) if pk else None
    form = ProposalForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        proposal = form.save(commit=False)
        try:
            proposal_submit(proposal=proposal, user=request.user, attachments=form.cleaned_data["attachments"])
        except PermissionDenied as refusal:
            form.add_error("region", str(refusal))
        except ValidationError as refusal:
            _form_errors(form, refusal)
        else:
            messages.success(request, f"事项申请“{proposal}”已提交，等待编办审核。")
            return redirect("tongban_proposals")
    return TemplateResponse(request, "cms/proposals/form.html", {"form": form, "proposal": instance})


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("pass", "通过"), ("return", "退回")],
        error_messages={"required": "请选择通过或退回。", "invalid_choice": "请选择通过或退回。"},
    )
    comment = forms.CharField(required=False, max_length=2000)


@require_admin_access
@require_POST
def proposal_review_view(request, pk):
    _refuse_without_access(request.user)
    proposal = get_object_or_404(_visible(request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("tongban_proposals")
    try:
        proposal_review(proposal=proposal, user=request.user, approve=form.cleaned_data["decision"] == "pass",
                        comment=form.cleaned_data["comment"])
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or "您不能审核该事项申请。")
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"已处理事项申请“{proposal}”。")
    return redirect("tongban_proposals")

