"""Import bookkeeping (ImportBatch) and the local code vocabularies administrators edit (CodeMapping)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config_models.history import history
from config_models.models import HandlingType, ItemType
from config_models.text import normalize_code, normalize_text


class Vocabulary(models.TextChoices):
    ITEM_TYPE = "item_type", _("事项类型")
    HANDLING_TYPE = "handling_type", _("办件类型")


# The national code list each vocabulary maps onto.
NATIONAL_CHOICES = {Vocabulary.ITEM_TYPE: ItemType, Vocabulary.HANDLING_TYPE: HandlingType}


def national_choices(vocabulary: str) -> list[str]:
    enum = NATIONAL_CHOICES.get(vocabulary)
    return [str(value) for value in enum.values] if enum else []


class CodeMapping(models.Model):
    """One local value (XK, 1, 即办 …) and the national code it stands for, edited in the admin.

    Local systems number 事项类型 with letters (XK/CF/…) or unpadded digits, and write 即办/承诺 for
    办件类型 (standards.md §1); the importers translate them through this table, never through code.
    """

    vocabulary = models.CharField(_("代码表"), max_length=20, choices=Vocabulary.choices)
    local_value = models.CharField(_("地方取值"), max_length=50, help_text=_("不区分大小写和全角半角。"))
    national_value = models.CharField(_("国家标准取值"), max_length=20)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    history = history()

    class Meta:
        verbose_name = _("代码对照")
        verbose_name_plural = _("代码对照")
        ordering = ["vocabulary", "local_value"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "local_value"], name="one_mapping_per_local_value"),
        ]

    def __str__(self):
        return f"{self.get_vocabulary_display()}：{self.local_value} → {self.national_value}"

    def clean(self):
        self.local_value = normalize_code(normalize_text(self.local_value))
        choices = national_choices(self.vocabulary)
        if self.vocabulary and self.national_value not in choices:
            raise ValidationError(
                {"national_value": _("国家标准取值应为以下之一：%(values)s。") % {"values": "、".join(choices)}}
            )


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    CHECKING = "checking", _("正在检查")
    PREVIEW = "preview", _("待确认")
    INVALID = "invalid", _("有错误")
    IMPORTING = "importing", _("正在导入")
    DONE = "done", _("已导入")
    FAILED = "failed", _("导入失败")
    ROLLED_BACK = "rolled_back", _("已回滚")


class ImportBatch(models.Model):
    """One uploaded file: its dry run (preview), its import, and the history rows it wrote.

    History rows written by the import carry the reason `change_reason` ("导入批次#12"), so the batch can
    list and roll back exactly its own changes.
    """

    resource = models.CharField(_("导入内容"), max_length=30)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/", max_length=300)
    original_name = models.CharField(_("文件名"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    overwrite_drafts = models.BooleanField(
        _("覆盖未发布的草稿"), default=False,
        help_text=_("有未发布草稿的记录也导入：导入的内容作为新的发布版本，取代草稿。"),
    )
    report = models.JSONField(_("检查结果"), default=dict, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    rolled_back_at = models.DateTimeField(_("回滚时间"), null=True, blank=True)

    history = history(excluded_fields=["processed_rows", "updated_at", "report"])

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at"]

    def __str__(self):
        return f"导入批次#{self.pk}（{self.original_name}）"

    @property
    def change_reason(self) -> str:
        return f"导入批次#{self.pk}"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_running(self) -> bool:
        return self.status in (BatchStatus.QUEUED, BatchStatus.CHECKING, BatchStatus.IMPORTING)
