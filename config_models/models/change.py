from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChangeEntity(models.TextChoices):
    """The collections a mirror keeps: one per GraphQL collection."""

    REGION = "region", _("行政区划")
    DEPARTMENT = "department", _("实施主体")
    CATALOG_ITEM = "catalog_item", _("基本目录事项")
    IMPLEMENTATION = "implementation", _("实施清单")
    CERTIFICATE_TYPE = "certificate_type", _("电子证照类型")
    HALL = "hall", _("政务服务大厅")
    WINDOW = "window", _("窗口")
    AUTHORIZATION = "authorization", _("授权条目")
    DELEGATION = "delegation", _("赋权下放")
    BUNDLE_TEMPLATE = "bundle_template", _("一件事模板")
    BUNDLE = "bundle", _("一件事")
    PUBLISHED_LIST = "published_list", _("公布清单")


class ChangeOperation(models.TextChoices):
    """The national exchange envelope's `cd_operation`."""

    INSERT = "I", _("新增")
    UPDATE = "U", _("修改")
    DELETE = "D", _("删除")


class LeaveReason(models.TextChoices):
    """Why a row left a collection (a `D` entry)."""

    DELETED = "deleted", _("已删除")
    UNPUBLISHED = "unpublished", _("已撤回发布")
    ENDED = "ended", _("已停止实施")


class Change(models.Model):
    """One entry of the change feed (an outbox): appended by the services in the transaction of the write.

    Mirrors follow the feed by `sequence`, which only grows and, on PostgreSQL, is taken in commit order
    (config_models.services.feed), so a reader that has seen entry N never later finds an entry below N.
    A change of a child (a material, a window item) is an entry of each parent a mirror stores it under.
    """

    sequence = models.BigAutoField(primary_key=True)
    entity = models.CharField(_("对象类型"), max_length=20, choices=ChangeEntity.choices)
    object_id = models.BigIntegerField(_("对象ID"))
    code = models.CharField(_("编码"), max_length=64, blank=True)
    region_path = models.CharField(_("区划路径"), max_length=255, blank=True)
    operation = models.CharField(_("操作"), max_length=1, choices=ChangeOperation.choices)
    reason = models.CharField(_("离开原因"), max_length=20, choices=LeaveReason.choices, blank=True)
    public = models.BooleanField(
        _("公开"), default=True, help_text=_("公众可见的变更；草稿和授权条目的变更只有本区划的接口客户端可见。")
    )
    batch = models.CharField(_("批次"), max_length=64, blank=True, help_text=_("导入批次或发布批次。"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        ordering = ["sequence"]
        indexes = [
            # changedSince: the rows of one collection changed after a time.
            models.Index(fields=["entity", "created_at"], name="change_entity_time"),
            # changes(after:, regionCode:): the entries of a subtree after a cursor.
            models.Index(fields=["region_path", "sequence"], name="change_region_sequence"),
        ]

    def __str__(self):
        return f"{self.sequence} {self.operation} {self.entity} {self.code}"
