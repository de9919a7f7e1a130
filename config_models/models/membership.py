from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config_models.history import history


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", _("市级管理员")
    COUNTY_ADMIN = "county_admin", _("县级管理员")
    TOWNSHIP_ADMIN = "township_admin", _("乡镇管理员")
    DEPARTMENT_EDITOR = "department_editor", _("部门编辑")
    REVIEWER = "reviewer", _("审核员")
    VIEWER = "viewer", _("只读用户")


class ReviewOffice(models.TextChoices):
    """The office a reviewer reviews 事项申请 for, in the order of the review (编办 → 法制办 → 审管办)."""

    STAFFING = "staffing", _("编办（机构编制）")
    LEGAL = "legal", _("法制办（设定依据）")
    APPROVAL = "approval", _("审管办（行政审批管理）")


# The region level each administrator role is given at.
ADMIN_ROLE_LEVEL = {Role.CITY_ADMIN: "city", Role.COUNTY_ADMIN: "county", Role.TOWNSHIP_ADMIN: "township"}


class Membership(models.Model):
    """A user's role in one region; it covers that region and every region below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        "config_models.Department", verbose_name=_("部门"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="memberships", help_text=_("部门编辑必填：只能编辑本部门的实施清单。"),
    )
    office = models.CharField(
        _("审核职责"), max_length=10, choices=ReviewOffice.choices, blank=True,
        help_text=_("审核员审核事项申请时代表的部门（编办、法制办或审管办）；其他角色留空。"),
    )

    history = history()

    class Meta:
        verbose_name = _("区划角色")
        verbose_name_plural = _("区划角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "region", "role"], name="one_role_per_user_region"),
        ]

    def __str__(self):
        return f"{self.user} · {self.region.name} · {self.get_role_display()}"

    def clean(self):
        errors = {}
        if self.role == Role.DEPARTMENT_EDITOR and not self.department_id:
            errors["department"] = _("部门编辑须指定部门。")
        if self.role != Role.DEPARTMENT_EDITOR and self.department_id:
            errors["department"] = _("只有部门编辑需要指定部门。")
        if self.office and self.role != Role.REVIEWER:
            errors["office"] = _("只有审核员可以设置审核职责。")
        if self.department_id and self.region_id and not self.department.region.is_within(self.region):
            errors["department"] = _("部门须属于该区划或其下级区划。")
        level = ADMIN_ROLE_LEVEL.get(self.role)
        if level and self.region_id and self.region.level != level:
            errors["region"] = _("%(role)s须设在%(level)s区划。") % {
                "role": self.get_role_display(),
                "level": {"city": "市级", "county": "县级", "township": "乡镇（街道）级"}[level],
            }
        if errors:
            raise ValidationError(errors)
