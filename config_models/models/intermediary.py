"""行政审批中介服务事项: services an applicant must buy from an intermediary before an approval (an
environmental impact report, a fire-safety design review …), each required by an approving department of a
region for some of its implementations."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config_models import codes
from config_models.history import history
from config_models.models.implementation import TimeUnit
from config_models.models.normalized import NormalizedModelMixin
from config_models.models.region import in_subtree
from config_models.text import normalize_code, normalize_text


class IntermediaryStatus(models.TextChoices):
    ACTIVE = "active", _("在用")
    CANCELLED = "cancelled", _("已取消")


# One provider a line: its name, then (optionally) its 统一社会信用代码 after a space, a comma or a bar.
_PROVIDER_LINE = re.compile(r"^(?P<name>.+?)(?:[\s,，、|｜]+(?P<code>[0-9A-Za-z]{15,20}))?$")


def parse_providers(text: str) -> list[tuple[str, str]]:
    """(name, credit code or "") of each non-empty line of a providers text."""
    providers = []
    for line in text.splitlines():
        line = normalize_text(line)
        if not line:
            continue
        match = _PROVIDER_LINE.match(line)
        providers.append((match["name"].strip(), normalize_code(match["code"] or "").upper()))
    return providers


def provider_errors(text: str) -> list[str]:
    """Chinese messages for providers whose credit code is malformed or fails the GB 32100 check."""
    errors = []
    for number, (name, code) in enumerate(parse_providers(text), start=1):
        if not code:
            continue
        if not codes.credit_code_is_well_formed(code):
            errors.append(
                _("第%(line)s行“%(name)s”的统一社会信用代码“%(code)s”格式不正确：应为18位，第3–8位为数字，"
                  "其余为数字或大写字母（不含I、O、S、V、Z）。") % {"line": number, "name": name, "code": code}
            )
        elif codes.credit_code_check_char(code[:17]) != code[17]:
            errors.append(_("第%(line)s行“%(name)s”的统一社会信用代码校验位不正确（按GB 32100应为“%(expected)s”）。")
                          % {"line": number, "name": name, "expected": codes.credit_code_check_char(code[:17])})
    return errors


def implementations_outside(region, implementations) -> list[str]:
    """Chinese messages for implementations that are not in `region`'s subtree (a region's row may name only
    implementations of that region and the regions below it)."""
    if region is None:
        return []
    return [
        _("“%(name)s（%(region)s）”不在%(own)s及其下级区划，不能关联。")
        % {"name": row.catalog_item.name, "region": row.region.name, "own": region.name}
        for row in implementations
        if not row.region.is_within(region)
    ]


class IntermediaryServiceQuerySet(models.QuerySet):
    def public(self):
        """在用: what the region's list and the API show; a cancelled service stays in the admin and history."""
        return self.filter(status=IntermediaryStatus.ACTIVE)

    def in_subtree(self, region):
        return self.filter(in_subtree(region, "region"))


class IntermediaryService(NormalizedModelMixin, models.Model):
    """行政审批中介服务事项: one intermediary service on a region's list, required by an approving department."""

    name = models.CharField(_("中介服务事项名称"), max_length=200)
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
        related_name="intermediary_services", help_text=_("列入本区划的中介服务事项清单。"),
    )
    department = models.ForeignKey(
        "config_models.Department", verbose_name=_("审批部门"), on_delete=models.PROTECT,
        related_name="intermediary_services", help_text=_("要求申请人提供本中介服务成果的审批部门。"),
    )
    legal_basis = models.TextField(_("设定依据"))
    time_limit = models.PositiveIntegerField(_("服务时限"))
    time_limit_unit = models.CharField(
        _("服务时限单位"), max_length=12, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAY
    )
    charges_fee = models.BooleanField(_("是否收费"), default=False)
    fee_standard = models.TextField(_("收费标准"), blank=True)
    fee_basis = models.TextField(_("收费依据"), blank=True)
    providers = models.TextField(
        _("中介服务机构"), blank=True,
        help_text=_("每行一家：机构名称，后接空格和18位统一社会信用代码（可省略）。"),
    )
    implementations = models.ManyToManyField(
        "config_models.Implementation", verbose_name=_("需要本中介服务的事项"), blank=True,
        related_name="required_intermediary_services",
        help_text=_("只能选择本区划及其下级区划的实施清单。"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=IntermediaryStatus.choices, default=IntermediaryStatus.ACTIVE
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    history = history(m2m_fields=[implementations])
    objects = IntermediaryServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("中介服务事项")
        verbose_name_plural = _("中介服务事项")
        ordering = ["region__code", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "department", "name"], name="one_intermediary_service_per_name",
                violation_error_message=_("该审批部门在本区划已有同名的中介服务事项。"),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def provider_list(self) -> list[tuple[str, str]]:
        return parse_providers(self.providers)

    @property
    def time_limit_display(self) -> str:
        return f"{self.time_limit}个{TimeUnit(self.time_limit_unit).label}"

    def normalize(self):
        for field in ("name", "legal_basis", "fee_standard", "fee_basis"):
            setattr(self, field, normalize_text(getattr(self, field)))
        lines = [normalize_text(line) for line in self.providers.splitlines()]
        self.providers = "\n".join(line for line in lines if line)

    def clean(self):
        self.normalize()
        errors: dict[str, list] = {}

        def error(field, message):
            errors.setdefault(field, []).append(message)

        if self.time_limit == 0:
            error("time_limit", _("服务时限须大于0。"))
        if self.charges_fee:
            if not self.fee_standard:
                error("fee_standard", _("收费的中介服务须填写收费标准。"))
            if not self.fee_basis:
                error("fee_basis", _("收费的中介服务须填写收费依据。"))
        elif self.fee_standard or self.fee_basis:
            error("charges_fee", _("填写了收费标准或收费依据时，须勾选“是否收费”。"))
        for message in provider_errors(self.providers):
            error("providers", message)
        if self.region_id and self.department_id and not self.region.is_within(self.department.region):
            error("department", _("审批部门须属于所属区划或其上级区划。"))
        if errors:
            raise ValidationError(errors)

    def implementation_errors(self, implementations) -> dict[str, list]:
        """The rules over the implementations it would name (checked before they are set)."""
        messages = implementations_outside(self.region if self.region_id else None, implementations)
        return {"implementations": messages} if messages else {}
