"""The 待复核 worklist: marks raised by catalog and template changes, scoped like every listing (a county
administrator sees its subtree), and the actions that settle them through the review service."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access

from config_models import scope
from config_models.models import Region, ReviewMark, ReviewStatus
from config_models.selectors.review import OPEN, review_worklist
from config_models.services.review import ACTIONS, review_mark_resolve

STATUS_CHOICES = [(OPEN, "待处理（待复核、已上报）"), *ReviewStatus.choices, ("", "全部")]


class ReviewActionForm(forms.Form):
    action = forms.ChoiceField(label="处理方式", choices=list(ACTIONS.items()),
                               error_messages={"required": "请选择处理方式。", "invalid_choice": "请选择处理方式。"})
    note = forms.CharField(label="说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="上报时必填：说明不采纳的原因。")


def _refuse_without_access(user) -> None:
    if not scope.user_may(user, "view", ReviewMark):
        raise PermissionDenied


@require_admin_access
def review_worklist_view(request):
    _refuse_without_access(request.user)
    regions = scope.scoped(request.user, ["view"], Region.objects.filter(level__in=["city", "county", "township"]))
    region = get_object_or_404(regions, code=request.GET["region"]) if request.GET.get("region") else None
    status = request.GET.get("status", OPEN)
    marks = review_worklist(user=request.user, region=region, status=status)
    page = Paginator(marks, 50).get_page(request.GET.get("p"))
    may_settle = {mark.pk for mark in page if mark.is_open and scope.user_may_act_on(request.user, "change", mark)}
    return TemplateResponse(request, "cms/review_worklist.html", {
        "regions": regions, "region": region, "status": status, "status_choices": STATUS_CHOICES,
        "page": page, "may_settle": may_settle, "form": ReviewActionForm(),
    })


@require_admin_access
@require_POST
def review_mark_act_view(request, pk):
    _refuse_without_access(request.user)
    mark = get_object_or_404(review_worklist(user=request.user, status=""), pk=pk)
    form = ReviewActionForm(request.POST)
    back = request.POST.get("next") or "tongban_review_worklist"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        review_mark_resolve(mark=mark, action=form.cleaned_data["action"], user=request.user,
                            note=form.cleaned_data["note"])
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or "您无权处理该待复核标记。")
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"已处理：{mark.target}（{ACTIONS[form.cleaned_data['action']]}）。")
    return redirect(back)
