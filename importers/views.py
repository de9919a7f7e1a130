"""Admin import views: upload → check (dry run) → preview → confirm → result; batches; rollback; templates.

Function views on Wagtail's admin templates (DESIGN.md §7: no package puts django-import-export into the
Wagtail admin). Who may import is answered by config_models.scope: a role that may add or change the
resource's model; rows outside the user's region subtree are errors of the check itself.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access

from cms.admin.views import forbidden_as_403
from config_models import scope
from config_models.models import Implementation
from importers.jobs import mark_stale
from importers.models import BatchStatus, ImportBatch
from importers.resources import RESOURCE_LABELS, RESOURCES
from importers.rollback import batch_rollback
from importers.tasks import start_batch
from importers.workbook import export_csv, export_xlsx, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _model_of(resource: str):
    return Implementation if resource == "material" else RESOURCES[resource].model


def importable_resources(user) -> list[str]:
    return [name for name in RESOURCES
            if scope.user_may(user, "add", _model_of(name)) or scope.user_may(user, "change", _model_of(name))]


def exportable_resources(user) -> list[str]:
    return [name for name in RESOURCES if scope.user_may(user, "view", _model_of(name))]


class UploadForm(forms.Form):
    resource = forms.ChoiceField(label="导入内容")
    file = forms.FileField(label="文件（.xlsx 或 .csv）")
    overwrite_drafts = forms.BooleanField(
        label="覆盖未发布的草稿", required=False,
        help_text="不勾选时，有未发布草稿的记录会报错；勾选后，导入的内容作为新的发布版本取代草稿。",
    )

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].choices = [(name, RESOURCE_LABELS[name]) for name in resources]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError("只支持 .xlsx 和 .csv 文件（.xls 请在Excel中另存为 .xlsx）。")
        return upload


def _batches(user):
    rows = ImportBatch.objects.select_related("user")
    return rows if user.is_superuser else rows.filter(user=user)


def _batch(request, pk) -> ImportBatch:
    batch = _batches(request.user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return mark_stale(batch)


@require_admin_access
@forbidden_as_403
def import_index(request):
    resources = importable_resources(request.user)
    exports = exportable_resources(request.user)
    if not exports and not resources:
        raise PermissionDenied
    if request.method == "POST" and not resources:
        raise PermissionDenied  # a read-only role may export, never import
    form = UploadForm(request.POST or None, request.FILES or None, resources=resources)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = ImportBatch(resource=form.cleaned_data["resource"], original_name=upload.name, user=request.user,
                            overwrite_drafts=form.cleaned_data["overwrite_drafts"])
        batch._history_user = request.user
        batch.file.save(upload.name, upload, save=False)
        batch.save()
        if start_batch(batch, confirm=False):
            messages.info(request, "文件较大，正在后台检查；可以离开本页，稍后在“导入批次”中查看。")
        return redirect("importers_batch", batch.pk)
    return TemplateResponse(request, "importers/index.html", {
        "form": form if resources else None,
        "batches": _batches(request.user)[:20],
        "templates": [(name, RESOURCE_LABELS[name]) for name in resources],
        "exports": [(name, RESOURCE_LABELS[name]) for name in exports],
    })


@require_admin_access
@forbidden_as_403
def batch_detail(request, pk):
    batch = _batch(request, pk)
    return TemplateResponse(request, "importers/batch.html", {
        "batch": batch,
        "report": batch.report,
        "label": RESOURCE_LABELS.get(batch.resource, batch.resource),
        "can_confirm": batch.status == BatchStatus.PREVIEW,
        "can_rollback": batch.status == BatchStatus.DONE,
    })


@require_admin_access
def batch_progress(request, pk):
    batch = _batch(request, pk)
    return JsonResponse({"status": batch.status, "status_label": batch.get_status_display(),
                         "processed_rows": batch.processed_rows, "total_rows": batch.total_rows,
                         "percent": batch.progress_percent, "running": batch.is_running})


@require_admin_access
@require_POST
@forbidden_as_403
def batch_confirm(request, pk):
    batch = _batch(request, pk)
    if batch.resource not in importable_resources(request.user):
        raise PermissionDenied
    if batch.status != BatchStatus.PREVIEW:
        messages.error(request, "该批次不在待确认状态。")
        return redirect("importers_batch", batch.pk)
    if start_batch(batch, confirm=True):
        messages.info(request, "正在后台导入；可以离开本页，稍后回来查看结果。")
    return redirect("importers_batch", batch.pk)


@require_admin_access
@require_POST
@forbidden_as_403
def batch_rollback_view(request, pk):
    batch = _batch(request, pk)
    if batch.resource not in importable_resources(request.user):
        raise PermissionDenied
    try:
        counts = batch_rollback(batch=batch, user=request.user)
    except ValidationError as error:
        messages.error(request, "无法回滚：" + "；".join(error.messages))
    else:
        restored = counts["reverted"] + counts["restored"]
        messages.success(request, f"已回滚：删除 {counts['deleted']} 条，恢复 {restored} 条。")
    return redirect("importers_batch", batch.pk)


@require_admin_access
@forbidden_as_403
def template_download(request, resource):
    if resource not in importable_resources(request.user):
        raise PermissionDenied
    response = HttpResponse(template_xlsx(resource), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="template-{resource}.xlsx"'
    return response


@require_admin_access
@forbidden_as_403
def export_download(request, resource, file_format):
    if resource not in exportable_resources(request.user) or file_format not in ("xlsx", "csv"):
        raise PermissionDenied
    if file_format == "csv":
        response = HttpResponse(export_csv(resource, user=request.user), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(export_xlsx(resource, user=request.user), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{resource}.{file_format}"'
    return response


def menu_url() -> str:
    return reverse("importers_index")
