"""证明事项: a certificate a person must bring from another body (a police station's 户籍证明, a village
committee's 居住证明 …) that a material of an implementation asks for. 证明事项清理 keeps each one (保留,
with its legal basis) or cancels it (取消, saying what replaces it: a pledge, data sharing, the department's
own check); the kept ones are published as the 证明事项保留清单. A material names the proof it asks for
(`Material.proof`), so the link survives the material being rewritten with its implementation."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config_models.history import history
from config_models.models.implementation import CATCH_ALL_MATERIAL
from config_models.models.normalized import NormalizedModelMixin
from config_models.text import normalize_text


class ProofStatus(models.TextChoices):
    RETAINED = "retained", _("保留")
    CANCELLED = "cancelled", _("取消")


class Proof(NormalizedModelMixin, models.Model):
    name = models.CharField(_("证明名称"), max_length=200)
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("清理区划"), on_delete=models.PROTECT, related_name="proofs",
        help_text=_("开展证明事项清理、公布本证明的区划；其下级区划的事项材料可以索要本证明。"),
    )
    issuing_body = models.CharField(_("开具单位"), max_length=200, help_text=_("如：户籍所在地公安派出所。"))
    issuing_department = models.ForeignKey(
        "config_models.Department", verbose_name=_("开具部门"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="issued_proofs", help_text=_("开具单位是本系统登记的实施主体时选择。"),
    )
    legal_basis = models.TextField(_("设定依据"), blank=True, help_text=_("保留的证明事项须写明法律法规依据及条款。"))
    status = models.CharField(_("清理结果"), max_length=10, choices=ProofStatus.choices, default=ProofStatus.RETAINED)
    pledge_allowed = models.BooleanField(
        _("可告知承诺"), default=False, help_text=_("申请人可以书面承诺代替本证明（证明事项告知承诺制）。")
    )
    data_sharing = models.BooleanField(
        _("可数据共享核验"), default=False, help_text=_("办理部门可以通过数据共享核验，申请人无需提交。")
    )
    replacement = models.TextField(
        _("取消后的办理方式"), blank=True, help_text=_("取消的证明须写明改为何种方式：告知承诺、部门核查、数据共享等。")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = history()

    class Meta:
        verbose_name = _("证明事项")
        verbose_name_plural = _("证明事项")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name", "issuing_body"], name="proof_unique_in_region"),
        ]

    def __str__(self):
        return f"{self.name}（{self.issuing_body}）"

    def normalize(self):
        for field in ("name", "issuing_body", "legal_basis", "replacement"):
            setattr(self, field, normalize_text(getattr(self, field)))

    def clean(self):
        self.normalize()
        errors = {}
        if self.name and CATCH_ALL_MATERIAL.search(self.name.replace(" ", "")):
            errors["name"] = _("证明名称“%(name)s”是兜底表述，须写明具体证明名称。") % {"name": self.name}
        if self.status == ProofStatus.RETAINED and not self.legal_basis:
            errors["legal_basis"] = _("保留的证明事项须写明设定依据。")
        if self.status == ProofStatus.CANCELLED and not self.replacement:
            errors["replacement"] = _("取消的证明事项须写明取消后的办理方式。")
        if self.issuing_department_id and self.region_id:
            department_path = self.issuing_department.region.path
            if not (department_path.startswith(self.region.path) or self.region.path.startswith(department_path)):
                errors["issuing_department"] = _("开具部门须是本区划或其上级、下级区划的实施主体。")
        if errors:
            raise ValidationError(errors)

    def refusal_for(self, region) -> str | None:
        """Why a material of an implementation in `region` may not ask for this proof (None when it may)."""
        if self.status == ProofStatus.CANCELLED:
            return f"证明“{self.name}”已取消（{self.replacement}），申请材料不能再索要。"
        if not region.path.startswith(self.region.path):
            return f"证明“{self.name}”由{self.region.name}清理公布，不适用于{region.name}的事项。"
        return None
