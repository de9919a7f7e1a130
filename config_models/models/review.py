"""待复核: an implementation or a bundle whose source (its catalog item, its 一件事 template) changed in what it
inherits. The catalog and template services raise the marks (config_models.services.review); the region's
administrators clear them: adopt the change, say no change is needed, or escalate it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config_models.history import history


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("待复核")
    ESCALATED = "escalated", _("已上报")
    ADOPTED = "adopted", _("已采纳")
    NO_CHANGE = "no_change", _("无需调整")
    WITHDRAWN = "withdrawn", _("来源已恢复")


# Marks still waiting for someone: an escalated mark stays on the worklists until it is settled.
OPEN_REVIEW_STATUSES = (ReviewStatus.PENDING, ReviewStatus.ESCALATED)


class ReviewMarkQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_REVIEW_STATUSES)


class ReviewMark(models.Model):
    """One 待复核 mark: the target (an implementation or a bundle), its changed source and the changed field
    groups, each `{"field", "label", "before", "after"}` with the values as the admin shows them."""

    implementation = models.ForeignKey(
        "config_models.Implementation", verbose_name=_("实施清单"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="review_marks",
    )
    bundle = models.ForeignKey(
        "config_models.Bundle", verbose_name=_("一件事"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="review_marks",
    )
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="review_marks",
        help_text=_("被标记的实施清单或一件事所在的区划。"),
    )
    catalog_item = models.ForeignKey(
        "config_models.CatalogItem", verbose_name=_("变更的基本目录事项"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="review_marks_raised",
    )
    bundle_template = models.ForeignKey(
        "config_models.BundleTemplate", verbose_name=_("变更的一件事模板"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="review_marks_raised",
    )
    fields = models.JSONField(_("变更内容"), default=list)
    since = models.DateTimeField(_("标记时间"))
    status = models.CharField(
        _("复核状态"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True
    )
    note = models.TextField(_("说明"), blank=True, help_text=_("上报原因或复核说明。"))
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处理人"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    history = history()
    objects = ReviewMarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("待复核标记")
        verbose_name_plural = _("待复核")
        ordering = ["-since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(implementation__isnull=False, bundle__isnull=True)
                | models.Q(implementation__isnull=True, bundle__isnull=False),
                name="review_mark_one_target",
            ),
            models.CheckConstraint(
                condition=models.Q(catalog_item__isnull=False, bundle_template__isnull=True)
                | models.Q(catalog_item__isnull=True, bundle_template__isnull=False),
                name="review_mark_one_source",
            ),
        ]

    def __str__(self):
        return f"{self.target}：{self.source}（{self.get_status_display()}）"

    @property
    def target(self):
        return self.implementation if self.implementation_id else self.bundle

    @property
    def source(self):
        return self.catalog_item if self.catalog_item_id else self.bundle_template

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REVIEW_STATUSES

    @property
    def fields_summary(self) -> str:
        """事项名称：旧名 → 新名；… for listings and notifications."""
        return "；".join(f"{f['label']}：{f['before'] or '（空）'} → {f['after'] or '（空）'}" for f in self.fields)
