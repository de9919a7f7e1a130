"""点菜式放权 in the admin: the scoped list of requests, the request form of a township or development zone,
and the owner's decision, all through config_models.services.delegation_request."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.admin.auth import require_admin_access

from config_models import scope
from config_models.models import (
    DelegationRequest,
    DelegationRequestStatus,
    Department,
    Implementation,
    Region,
    RegionKind,
    RegionLevel,
)
from config_models.services.delegation_request import (
    decider_refusal,
    delegation_request_decide,
    delegation_request_submit,
)


def _refuse_without_access(user) -> None:
    if not scope.user_may(user, "view", DelegationRequest):
        raise PermissionDenied


def _visible(user):
    return scope.scoped(user, ["view"], DelegationRequest.objects.all()).select_related(
        "region", "implementation__region", "implementation__catalog_item", "implementation__department",
        "receiving_department", "requested_by", "decided_by", "delegation")


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_admin_access
def delegation_request_list_view(request):
    _refuse_without_access(request.user)
    status = request.GET.get("status", "")
    requests = _visible(request.user)
    if status in DelegationRequestStatus.values:
        requests = requests.filter(status=status)
    page = Paginator(requests.order_by("-requested_at", "-pk"), 50).get_page(request.GET.get("p"))
    may_decide = {r.pk for r in page if decider_refusal(request=r, user=request.user) is None}
    return TemplateResponse(request, "cms/delegation_requests/list.html", {
        "page": page, "status": status, "status_choices": DelegationRequestStatus.choices,
        "may_decide": may_decide, "may_request": scope.user_may(request.user, "add", DelegationRequest),
    })


class DelegationRequestForm(forms.ModelForm):
    class Meta:
        model = DelegationRequest
        fields = ["region", "implementation", "receiving_department", "delegation_type", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        granted = scope.regions_granting(user, "add", DelegationRequest)
        regions = Region.objects.filter(Q(level=RegionLevel.TOWNSHIP) | Q(kind=RegionKind.DEVELOPMENT_ZONE))
        regions = (regions if granted is None else regions.filter(granted)).order_by("code")
        self.fields["region"].queryset = regions
        # The powers of the regions above the requesting ones: their live implementations.
        above = {code for region in regions for code in region.ancestor_codes()}
        self.fields["implementation"].queryset = Implementation.objects.filter(
            region__code__in=above, live=True).select_related("region", "catalog_item").order_by(
            "region__code", "catalog_item__code")
        self.fields["receiving_department"].queryset = scope.scoped(user, ["view"], Department.objects.all())
        self.fields["receiving_department"].help_text = "承接该事项的本区划单位，如园区管委会或乡镇人民政府。"
        for name, message in (("region", "请选择申请区划。"), ("implementation", "请选择申请承接的事项。"),
                              ("receiving_department", "请选择承接单位。"), ("reason", "请填写申请理由。")):
            self.fields[name].error_messages["required"] = message


@require_admin_access
def delegation_request_submit_view(request):
    _refuse_without_access(request.user)
    if not scope.user_may(request.user, "add", DelegationRequest):
        raise PermissionDenied
    form = DelegationRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delegation_request = form.save(commit=False)
        try:
            delegation_request_submit(request=delegation_request, user=request.user)
        except PermissionDenied as refusal:
            form.add_error("region", str(refusal))
        except ValidationError as refusal:
            _form_errors(form, refusal)
        else:
            messages.success(request, f"放权申请“{delegation_request}”已提交，等待审批。")
            return redirect("tongban_delegation_requests")
    return TemplateResponse(request, "cms/delegation_requests/form.html", {
        "form": form, "title": "申请放权", "delegation_request": None,
    })


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="审批结论", choices=[("approve", "同意放权"), ("refuse", "不同意")], widget=forms.RadioSelect,
        error_messages={"required": "请选择同意或不同意。", "invalid_choice": "请选择同意或不同意。"},
    )
    document_number = forms.CharField(label="文件文号", required=False, max_length=100,
                                      help_text="同意时必填，如“广安区府发〔2026〕12号”。")
    effective_on = forms.DateField(label="生效日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    supervisor = forms.ModelChoiceField(label="监管单位", queryset=Department.objects.none(), required=False,
                                        help_text="谁放权、谁监管：同意时必填。")
    supervision_method = forms.CharField(label="监管方式", required=False, max_length=500,
                                         widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="不同意的理由", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, delegation_request, **kwargs):
        super().__init__(*args, **kwargs)
        # The supervisor is a department of the power's owner, or of a region above it.
        owner = delegation_request.implementation.region
        self.fields["supervisor"].queryset = Department.objects.filter(
            region__code__in=[owner.code, *owner.ancestor_codes()]).order_by("region__code", "name")


@require_admin_access
def delegation_request_decide_view(request, pk):
    _refuse_without_access(request.user)
    delegation_request = get_object_or_404(_visible(request.user), pk=pk)
    refusal = decider_refusal(request=delegation_request, user=request.user)
    if refusal:
        raise PermissionDenied(refusal)
    form = DecisionForm(request.POST or None, delegation_request=delegation_request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            delegation_request_decide(
                request=delegation_request, user=request.user, approve=data["decision"] == "approve",
                reason=data["reason"], document_number=data["document_number"], effective_on=data["effective_on"],
                supervisor=data["supervisor"], supervision_method=data["supervision_method"],
            )
        except ValidationError as refusal:
            _form_errors(form, refusal)
        else:
            messages.success(request, f"已审批放权申请“{delegation_request}”。")
            return redirect("tongban_delegation_requests")
    return TemplateResponse(request, "cms/delegation_requests/form.html", {
        "form": form, "title": "审批放权申请", "delegation_request": delegation_request,
    })
