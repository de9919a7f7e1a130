"""Admin views: the generic Wagtail views, narrowed to the user's region scope, plus the audit view."""

import codecs
import functools

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms.choosers import BaseFilterForm

from config_models import scope
from config_models.services.history import history_revert


def forbidden_as_403(view):
    """Answer a refusal with 403 and a page saying so.

    Wagtail turns PermissionDenied into a redirect to the dashboard; a scoped refusal answers 403 instead,
    so a URL typed by hand gets a plain "no" (404 when the row is not even visible).
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return render(request, "cms/403.html", status=403)

    return wrapper


class ScopedObjectMixin:
    """A row outside the user's scope answers 404; one they see but may not act on answers 403."""

    def get_object(self, *args, **kwargs):
        user = self.request.user
        try:
            obj = super().get_object(*args, **kwargs)
        except PermissionDenied:
            # Wagtail's copy view refuses rows one may not view before this mixin can: outside the scope
            # that is a 404 all the same.
            pk = self.kwargs.get(getattr(self, "pk_url_kwarg", "pk"))
            if pk is None:
                raise
            rows = self.model._default_manager.filter(pk=unquote(str(pk)))
            if not scope.scoped(user, ["view"], rows).exists():
                raise Http404 from None
            raise
        if obj is None:  # the create view has no object yet; its form checks where the row is placed
            return obj
        if not scope.user_may_act_on(user, "view", obj):
            raise Http404
        action = getattr(self, "permission_required", None) or "view"
        if action != "view" and not scope.user_may_act_on(user, action, obj):
            raise PermissionDenied
        return obj


class ScopedPublishMixin:
    """Publishing is checked on the row and on where the form places it, not only on the model.

    Wagtail offers "publish" to anyone holding the publish permission somewhere; a reviewer of one county
    must not publish another county's row through a role they hold elsewhere.
    """

    def get_available_actions(self):
        actions = super().get_available_actions()
        row = getattr(self, "live_object", None)
        if "publish" in actions and row is not None and not scope.user_may_act_on(self.request.user, "publish", row):
            actions = [action for action in actions if action != "publish"]
        return actions

    def is_valid(self, form):
        valid = super().is_valid(form)
        if valid and self.action == "publish" and not scope.user_may_place(self.request.user, "publish", form.instance):
            form.add_error(None, _("您无权发布所选区划或部门的记录，请保存为草稿。"))
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return False
        return valid


class SubstringSearchFilterForm(BaseFilterForm):
    """Chooser search by substring over the viewset's search fields, as in the listings.

    Wagtail's search backends treat a run of Chinese characters as one word and cannot filter on the
    scope's lookups; a substring match finds 施工许可 inside 建设工程施工许可证核发 (DESIGN.md §7).
    """

    search_fields: tuple[str, ...] = ()
    q = forms.CharField(label=gettext_lazy("搜索"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("搜索")}))

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query and self.search_fields:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            objects = objects.filter(condition).distinct()
            self.is_searching = True
            self.search_query = query
        return objects


class ScopedChooserMixin:
    """Chooser listings and searches offer only the rows the user may see."""

    def get_object_list(self, *args, **kwargs):
        return scope.scoped(self.request.user, ["view"], super().get_object_list(*args, **kwargs))

    def get_filter_form_class(self):
        viewset = getattr(self.model_class, "snippet_viewset", None)
        fields = tuple(getattr(viewset, "search_fields", None) or ())
        if self.filter_form_class or not fields:
            return super().get_filter_form_class()
        return type("SubstringSearchFilterForm", (SubstringSearchFilterForm,), {"search_fields": fields})


class ScopedChosenMixin:
    """A hand-typed "chosen" URL of a row outside the scope answers 404 instead of the row's name."""

    def get_object(self, pk):
        return scope.scoped(self.request.user, ["view"], self.model_class._default_manager.all()).get(pk=pk)

    def get_objects(self, pks):
        return scope.scoped(self.request.user, ["view"], self.model_class._default_manager.filter(pk__in=pks))


class ExcelFriendlyCsvMixin:
    """Wagtail writes CSV without a BOM, and Excel then shows Chinese as mojibake (DESIGN.md §7)."""

    def stream_csv(self, queryset):
        yield codecs.BOM_UTF8.decode("utf-8")
        yield from super().stream_csv(queryset)


def _history_target(request, app_label, model_name, pk, action):
    content_type = get_object_or_404(ContentType, app_label=app_label, model=model_name)
    model = content_type.model_class()
    if model is None or not hasattr(model, "history"):
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    if not scope.user_may_act_on(request.user, "view", obj):
        raise Http404
    if action != "view" and not scope.user_may_act_on(request.user, action, obj):
        raise PermissionDenied
    return obj


@require_admin_access
@forbidden_as_403
def audit_history(request, app_label, model_name, pk):
    """Every saved version of one row: who, when, and the field-level differences."""
    obj = _history_target(request, app_label, model_name, pk, "view")
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, foreign_keys_are_objs=False)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append({"field": field.verbose_name, "old": change.old, "new": change.new})
        entries.append({"record": newer, "changes": changes, "is_initial": older is None})
    return TemplateResponse(
        request,
        "cms/audit_history.html",
        {
            "object": obj,
            "entries": entries,
            "can_revert": scope.user_may_act_on(request.user, "change", obj),
            "model_name": obj._meta.verbose_name,
            "app_label": app_label,
            "model": model_name,
        },
    )


@require_admin_access
@forbidden_as_403
def audit_revert(request, app_label, model_name, pk, history_id):
    obj = _history_target(request, app_label, model_name, pk, "change")
    record = get_object_or_404(obj.history, history_id=history_id)
    back = reverse("tongban_audit_history", args=[app_label, model_name, pk])
    if request.method != "POST":
        return redirect(back)
    try:
        history_revert(record=record, user=request.user)
    except ValidationError as error:
        messages.error(request, _("无法恢复：%(errors)s") % {"errors": "；".join(error.messages)})
    else:
        messages.success(request, _("已恢复到 %(date)s 的版本。") % {"date": f"{record.history_date:%Y-%m-%d %H:%M}"})
    return redirect(back)
