"""惠企政策: a policy that benefits enterprises, with the implementations that deliver it, or none when the
benefit comes without application (免申即享)."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config_models.history import history
from config_models.models.intermediary import implementations_outside
from config_models.models.normalized import NormalizedModelMixin
from config_models.models.region import in_subtree
from config_models.text import normalize_text


class PolicyStatus(models.TextChoices):
    ACTIVE = "active", _("有效")
    REPEALED = "repealed", _("已废止")


# 文号 years are written in 六角括号: 广安府发〔2024〕12号; (2024), （2024）, [2024] and 【2024】 are the usual slips.
_YEAR_BRACKETS = re.compile(r"[(（\[【［](\d{4})[)）\]】］]")


def normalize_document_number(value: str) -> str:
    return _YEAR_BRACKETS.sub(r"〔\1〕", normalize_text(value))


class BusinessPolicyQuerySet(models.QuerySet):
    def public(self):
        """有效: what the region's list and the API show; a repealed policy stays in the admin and history."""
        return self.filter(status=PolicyStatus.ACTIVE)

    def in_subtree(self, region):
        return self.filter(in_subtree(region, "region"))

    def valid_on(self, on: dt.date):
        """In its validity on that day (from and until both count; no end date: open-ended)."""
        return self.filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on), valid_from__lte=on)


class BusinessPolicy(NormalizedModelMixin, models.Model):
    """惠企政策: one policy of a region, issued by a department, delivered through implementations or, when
    免申即享, without any application."""

    name = models.CharField(_("政策名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100, help_text=_("如广安府办发〔2024〕12号。"))
    department = models.ForeignKey(
        "config_models.Department", verbose_name=_("发布部门"), on_delete=models.PROTECT,
        related_name="business_policies",
    )
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
        related_name="business_policies", help_text=_("列入本区划的惠企政策清单。"),
    )
    beneficiaries = models.TextField(_("政策对象"), help_text=_("享受政策的企业类型与条件。"))
    exempt_from_application = models.BooleanField(
        _("免申即享"), default=False, help_text=_("无需申请即可享受：不须关联兑现事项。"),
    )
    implementations = models.ManyToManyField(
        "config_models.Implementation", verbose_name=_("兑现事项"), blank=True,
        related_name="delivered_business_policies",
        help_text=_("申请享受本政策所办理的事项；只能选择本区划及其下级区划的实施清单。"),
    )
    valid_from = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("留空表示长期有效。"))
    summary = models.TextField(_("政策摘要"), blank=True)
    policy_url = models.URLField(_("政策原文链接"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=PolicyStatus.choices, default=PolicyStatus.ACTIVE)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    history = history(m2m_fields=[implementations])
    objects = BusinessPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("惠企政策")
        verbose_name_plural = _("惠企政策")
        ordering = ["region__code", "-valid_from", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "document_number", "name"], name="one_business_policy_per_document",
                violation_error_message=_("本区划已有同一文号、同名的惠企政策。"),
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.document_number}）"

    def is_valid_on(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_until is None or self.valid_until >= on)

    def normalize(self):
        for field in ("name", "beneficiaries", "summary"):
            setattr(self, field, normalize_text(getattr(self, field)))
        self.document_number = normalize_document_number(self.document_number)
        self.policy_url = self.policy_url.strip()

    def clean(self):
        self.normalize()
        errors: dict[str, list] = {}

        def error(field, message):
            errors.setdefault(field, []).append(message)

        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            error("valid_until", _("有效期至不能早于生效日期。"))
        if self.status == PolicyStatus.REPEALED and not self.valid_until:
            error("valid_until", _("已废止的政策须填写有效期至（废止日期）。"))
        if self.region_id and self.department_id and not self.region.is_within(self.department.region):
            error("department", _("发布部门须属于所属区划或其上级区划。"))
        if errors:
            raise ValidationError(errors)

    def implementation_errors(self, implementations) -> dict[str, list]:
        """The rules over the implementations it would name (checked before they are set)."""
        implementations = list(implementations)
        messages = implementations_outside(self.region if self.region_id else None, implementations)
        if not implementations and not self.exempt_from_application:
            messages.insert(0, _("非免申即享的政策须至少关联一个兑现事项。"))
        return {"implementations": messages} if messages else {}
