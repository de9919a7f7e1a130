"""Admin views: the generic Wagtail views, narrowed to the user's region scope, plus the audit view."""

import codecs

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.auth import require_admin_access

from config_models import scope
from config_models.services.history import history_revert
from config_models.services.region import region_save


class ScopedObjectMixin:
    """A row outside the user's scope answers 404; one they see but may not act on answers 403."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        user = self.request.user
        if not scope.user_may_act_on(user, "view", obj):
            raise Http404
        action = getattr(self, "permission_required", None) or "view"
        if action != "view" and not scope.user_may_act_on(user, action, obj):
            raise PermissionDenied
        return obj


class ScopedChooserMixin:
    def get_object_list(self, *args, **kwargs):
        return scope.scoped(self.request.user, ["view"], super().get_object_list(*args, **kwargs))


class ExcelFriendlyCsvMixin:
    """Wagtail writes CSV without a BOM, and Excel then shows Chinese as mojibake (DESIGN.md §7)."""

    def stream_csv(self, queryset):
        yield codecs.BOM_UTF8.decode("utf-8")
        yield from super().stream_csv(queryset)


class RegionSaveMixin:
    """Regions are saved by the region service, which keeps their pages and paths in step."""

    def save_instance(self):
        return region_save(region=self.form.save(commit=False), user=self.request.user)


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
