from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config_models import codes
from config_models.history import history
from config_models.models.normalized import NormalizedModelMixin
from config_models.text import normalize_code, normalize_text


class DepartmentNature(models.TextChoices):
    LEGAL_ORGAN = "legal_organ", _("法定机关")
    AUTHORIZED_ORGANIZATION = "authorized", _("授权组织")
    ENTRUSTED_ORGANIZATION = "entrusted", _("受委托组织")


class Department(NormalizedModelMixin, models.Model):
    """实施主体: a department that implements items in its region."""

    name = models.CharField(_("名称"), max_length=100)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, help_text=_("18位，GB 32100校验。")
    )
    credit_code_check_acknowledged = models.BooleanField(
        _("确认使用校验未通过的历史代码"),
        default=False,
        help_text=_("部分早期赋码的代码不符合GB 32100校验规则但仍然有效。仅在核实后勾选。"),
    )
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="departments"
    )
    nature = models.CharField(
        _("实施主体性质"), max_length=12, choices=DepartmentNature.choices, default=DepartmentNature.LEGAL_ORGAN
    )

    history = history()

    class Meta:
        verbose_name = _("实施主体")
        verbose_name_plural = _("实施主体")
        ordering = ["region__code", "name"]

    def __str__(self):
        return self.name

    @property
    def credit_code_check_passes(self) -> bool:
        return codes.credit_code_check_passes(self.credit_code)

    def normalize(self):
        self.name = normalize_text(self.name)
        self.credit_code = normalize_code(self.credit_code)

    def clean(self):
        self.normalize()
        if not self.credit_code:
            return
        if not codes.credit_code_is_well_formed(self.credit_code):
            raise ValidationError(
                {
                    "credit_code": _(
                        "统一社会信用代码应为18位：第3–8位为数字，其余为数字或大写字母（不含I、O、S、V、Z）。"
                    )
                }
            )
        expected = codes.credit_code_check_char(self.credit_code[:17])
        if expected != self.credit_code[17] and not self.credit_code_check_acknowledged:
            raise ValidationError(
                {
                    "credit_code": _(
                        "统一社会信用代码校验位不正确（按GB 32100应为“%(expected)s”）。"
                        "如确为有效的历史代码，请勾选“确认使用校验未通过的历史代码”。"
                    )
                    % {"expected": expected}
                }
            )
