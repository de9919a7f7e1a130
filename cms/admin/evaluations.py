"""好差评 in the admin: the evaluations (read only: they come from the national system through import and
API), the 差评 handling worklist with each step's form, the overdue worklist, and the holiday calendar. Every
listing is scoped by region (config_models.scope); every step goes through config_models.services.evaluation.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.admin.permissions import RegionScopedPermissionPolicy
from cms.admin.service_views import with_services
from cms.admin.viewsets import ScopedSnippetViewSet, _scoped_choices
from config_models import scope
from config_models.models import (
    BadReviewCase,
    BadReviewStep,
    Department,
    Evaluation,
    EvaluationChannel,
    Holiday,
    Rating,
    Region,
)
from config_models.selectors import evaluation as evaluation_selectors
from config_models.services.evaluation import (
    bad_review_call_back,
    bad_review_rectify,
    bad_review_verify,
    handler_refusal,
)


class ReadOnlyScopedPermissionPolicy(RegionScopedPermissionPolicy):
    """Rows written only by their services: the admin reads them in the user's scope, never adds or edits
    them through a generic form."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return action == "view" and super().user_has_permission_for_instance(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return "view" in actions and super().user_has_permission_for_instance(user, "view", instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if "view" not in actions:
            return self.model._default_manager.none()
        return super().instances_user_has_any_permission_for(user, ["view"])


class EvaluationFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("区划"), queryset=_scoped_choices(Region))
    department = django_filters.ModelChoiceFilter(label=_("被评价部门"), queryset=_scoped_choices(Department))
    channel = django_filters.ChoiceFilter(label=_("评价渠道"), choices=EvaluationChannel.choices)
    rating = django_filters.ChoiceFilter(label=_("评价等级"), choices=Rating.choices)
    bad = django_filters.BooleanFilter(label=_("差评"), field_name="rating", method="filter_bad")
    evaluated_on = django_filters.DateFromToRangeFilter(label=_("评价日期"), widget=DateRangePickerWidget)

    class Meta:
        model = Evaluation
        fields = ["region", "department", "channel", "rating", "bad", "evaluated_on"]

    def filter_bad(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(rating__lte=2) if value else queryset.filter(rating__gt=2)


class EvaluationViewSet(ScopedSnippetViewSet):
    model = Evaluation
    icon = "pick"
    menu_label = _("评价记录")
    list_display = ["external_id", "evaluated_on", "rating", "channel", "implementation", "window", "bundle",
                    "region"]
    list_export = ["external_id", "evaluated_on", "rating", "channel", "implementation", "window", "bundle",
                   "department", "region", "staff_name", "text"]
    search_fields = ["external_id", "implementation__catalog_item__name", "staff_name", "text"]
    filterset_class = EvaluationFilterSet
    # Shown by the inspect view; nobody edits an evaluation (ReadOnlyScopedPermissionPolicy).
    panels = [
        FieldRowPanel([FieldPanel("external_id"), FieldPanel("channel"), FieldPanel("rating"),
                       FieldPanel("evaluated_on")]),
        FieldRowPanel([FieldPanel("implementation"), FieldPanel("window"), FieldPanel("bundle"),
                       FieldPanel("region")]),
        FieldPanel("staff_name"), FieldPanel("text"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "region", "implementation__catalog_item", "window__hall", "bundle")


@with_services
class HolidayViewSet(ScopedSnippetViewSet):
    model = Holiday
    icon = "date"
    menu_label = _("节假日安排")
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("name"), FieldPanel("kind")])]


class EvaluationViewSetGroup(SnippetViewSetGroup):
    menu_label = _("好差评")
    menu_icon = "pick"
    menu_order = 126
    items = (EvaluationViewSet, HolidayViewSet)


# 差评 handling -------------------------------------------------------------------------------------------

WORKLIST_PAGE = 50


def _refuse_without_access(user) -> None:
    if not scope.user_may(user, "view", BadReviewCase):
        raise PermissionDenied


def _visible_cases(user):
    cases = scope.scoped(user, ["view"], BadReviewCase.objects.all())
    return cases.select_related("region", "evaluation__implementation__catalog_item", "evaluation__window__hall",
                                "evaluation__bundle")


@require_admin_access
def bad_review_list_view(request):
    """差评整改: the cases of the user's scope, by step; `overdue=1` is the overdue worklist."""
    _refuse_without_access(request.user)
    today = timezone.localdate()
    step, overdue = request.GET.get("step", ""), request.GET.get("overdue") == "1"
    cases = _visible_cases(request.user)
    if overdue:
        cases = cases.overdue(today)
    elif step in BadReviewStep.values:
        cases = cases.filter(step=step)
    else:
        cases = cases.open()
    page = Paginator(cases.order_by("deadline", "pk"), WORKLIST_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(request, "cms/evaluations/cases.html", {
        "page": page, "step": step, "overdue": overdue, "steps": BadReviewStep.choices, "today": today,
        "overdue_count": evaluation_selectors.overdue_cases(on=today).filter(
            pk__in=_visible_cases(request.user).values("pk")).count(),
    })


class VerifyForm(forms.Form):
    verified_true = forms.TypedChoiceField(label="核实结果", choices=[("1", "属实"), ("0", "不属实")],
                                           coerce=lambda value: value == "1", widget=forms.RadioSelect,
                                           error_messages={"required": "请选择属实或不属实。"})
    note = forms.CharField(label="核实情况", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RectifyForm(forms.Form):
    measures = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    done_on = forms.DateField(label="整改完成日期", widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"required": "请填写整改完成日期。", "invalid": "请填写有效的日期。"})


class CallBackForm(forms.Form):
    satisfied = forms.TypedChoiceField(label="回访结果", choices=[("1", "满意"), ("0", "不满意")],
                                       coerce=lambda value: value == "1", widget=forms.RadioSelect,
                                       error_messages={"required": "请选择满意或不满意。"})
    note = forms.CharField(label="回访情况", widget=forms.Textarea(attrs={"rows": 3}), required=False)


STEP_FORMS = {
    BadReviewStep.VERIFY: (VerifyForm, lambda case, user, data: bad_review_verify(
        case=case, user=user, founded=data["verified_true"], note=data["note"]), {"verify_note": "note"}),
    BadReviewStep.RECTIFY: (RectifyForm, lambda case, user, data: bad_review_rectify(
        case=case, user=user, measures=data["measures"], done_on=data["done_on"]), {"rectified_on": "done_on"}),
    BadReviewStep.CALL_BACK: (CallBackForm, lambda case, user, data: bad_review_call_back(
        case=case, user=user, satisfied=data["satisfied"], note=data["note"]), {"call_back_note": "note"}),
}


@require_admin_access
def bad_review_case_view(request, pk):
    """One 差评: the evaluation, the steps done, and the form of the current step for those who may act."""
    _refuse_without_access(request.user)
    case = get_object_or_404(_visible_cases(request.user), pk=pk)
    may_act = case.step in STEP_FORMS and handler_refusal(case=case, user=request.user) is None
    form = None
    if case.step in STEP_FORMS:
        form_class, act, field_names = STEP_FORMS[case.step]
        form = form_class(request.POST or None, prefix="step")
        if request.method == "POST":
            if not may_act:
                raise PermissionDenied
            if form.is_valid():
                try:
                    act(case, request.user, form.cleaned_data)
                except ValidationError as refusal:
                    for field, errors in getattr(refusal, "message_dict", {"__all__": refusal.messages}).items():
                        name = field_names.get(field, field)
                        form.add_error(name if name in form.fields else None, errors)
                except PermissionDenied as refusal:
                    form.add_error(None, str(refusal))
                else:
                    messages.success(request, f"已办理：{case}。")
                    return redirect("tongban_bad_review_case", pk=case.pk)
    return TemplateResponse(request, "cms/evaluations/case.html", {
        "case": case, "evaluation": case.evaluation, "form": form, "may_act": may_act,
        "overdue": case.is_overdue(timezone.localdate()),
        "history": case.history.select_related("history_user").order_by("history_date", "history_id"),
    })

