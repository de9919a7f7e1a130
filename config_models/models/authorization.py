"""Who may do what, where, on whose authority: staff, authorization rosters (授权书) and delegations (赋权/下放).

A roster is one department's authorization document, a Wagtail page under its region's page: its workflow
is the department's sign-off, publishing puts it in force, Wagtail's go-live and expiry dates are its
validity, unpublishing suspends or revokes it. A delegation moves an implementation's power from a city
department down to a zone or township and is paired with exactly one supervision duty (监管责任).
The rules that look across rows live in config_models.services.authorization.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from config_models import codes
from config_models.history import PAGE_BOOKKEEPING_FIELDS, history
from config_models.models.fields import MultipleChoiceField
from config_models.models.hall import REGION_DOCUMENT_TEMPLATE, RegionDocumentPage
from config_models.models.normalized import NormalizedModelMixin
from config_models.text import normalize_code, normalize_text


class Staff(NormalizedModelMixin, models.Model):
    """Window staff and chief approvers (首席审批员); only the personal data the rosters need."""

    name = models.CharField(_("姓名"), max_length=50)
    employee_number = models.CharField(_("工号"), max_length=30)
    department = models.ForeignKey(
        "config_models.Department", verbose_name=_("所属部门"), on_delete=models.PROTECT, related_name="staff"
    )
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("工作区划"), on_delete=models.PROTECT, related_name="staff",
        help_text=_("在哪一级大厅工作（部门可以是上级部门）。"),
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    is_chief_approver = models.BooleanField(_("首席审批员"), default=False)
    active = models.BooleanField(_("在岗"), default=True)

    history = history()

    class Meta:
        verbose_name = _("窗口人员")
        verbose_name_plural = _("窗口人员")
        ordering = ["region__code", "department__name", "employee_number"]
        constraints = [
            models.UniqueConstraint(fields=["department", "employee_number"], name="one_employee_number_per_department",
                                    violation_error_message=_("本部门已有此工号的人员。"))
        ]

    def __str__(self):
        return f"{self.name}（{self.employee_number}）"

    def normalize(self):
        self.name = normalize_text(self.name)
        self.employee_number = normalize_code(self.employee_number)
        self.phone = normalize_code(self.phone)

    def clean(self):
        self.normalize()
        if self.phone and not codes.PHONE_PATTERN.fullmatch(self.phone):
            raise ValidationError({"phone": _("联系电话格式不正确：固定电话须带区号，或为手机号。")})
        if self.department_id and self.region_id and not self.region.is_within(self.department.region):
            raise ValidationError({"department": _("所属部门须属于工作区划或其上级区划。")})


class AuthorizationScope(models.TextChoices):
    ACCEPT = "accept", _("受理")
    REVIEW = "review", _("审核")
    APPROVE = "approve", _("审批")
    ISSUE = "issue", _("出件")


class AuthorizationRoster(RegionDocumentPage):
    """授权书: one department authorizes staff at windows for implementations, within a scope."""

    department = models.ForeignKey(
        "config_models.Department", verbose_name=_("授权部门"), on_delete=models.PROTECT,
        related_name="authorization_rosters",
    )
    document_number = models.CharField(_("授权文号"), max_length=100, help_text=_("如：广区审批〔2024〕3号。"))
    basis = models.TextField(_("授权依据"), blank=True)

    history = history(excluded_fields=PAGE_BOOKKEEPING_FIELDS)
    # Wagtail names each page type's template after it unless the class itself sets one.
    template = REGION_DOCUMENT_TEMPLATE

    class Meta:
        verbose_name = _("授权书")
        verbose_name_plural = _("授权书")

    def clean(self):
        super().clean()
        self.document_number = normalize_text(self.document_number)
        if self.region_id and self.department_id and not self.region.is_within(self.department.region):
            raise ValidationError({"department": _("授权部门须属于本区划或其上级区划。")})


class AuthorizationEntry(Orderable, ClusterableModel):
    """One line of a roster: a staff member, at these windows, for these implementations, in this scope."""

    roster = ParentalKey(AuthorizationRoster, on_delete=models.CASCADE, related_name="entries")
    staff = models.ForeignKey(Staff, verbose_name=_("被授权人"), on_delete=models.PROTECT,
                              related_name="authorization_entries")
    windows = ParentalManyToManyField(
        "config_models.Window", verbose_name=_("窗口"), related_name="authorization_entries"
    )
    implementations = ParentalManyToManyField(
        "config_models.Implementation", verbose_name=_("授权事项"), related_name="authorization_entries"
    )
    scopes = MultipleChoiceField(_("授权范围"), choices_enum=AuthorizationScope, blank=False)

    history = history()

    class Meta(Orderable.Meta):
        verbose_name = _("授权条目")
        verbose_name_plural = _("授权条目")

    def __str__(self):
        return f"{self.staff}：{'、'.join(str(AuthorizationScope(s).label) for s in self.scopes or [])}"


class DelegationType(models.TextChoices):
    DEVOLVE = "devolve", _("下放")
    ENTRUST = "entrust", _("委托")
    AUTHORIZE = "authorize", _("授权")


class Delegation(RegionDocumentPage):
    """赋权/下放: an implementation's power moved to a zone or township (the region of this page)."""

    implementation = models.ForeignKey(
        "config_models.Implementation", verbose_name=_("下放的实施清单"), on_delete=models.PROTECT,
        related_name="delegations",
    )
    receiving_department = models.ForeignKey(
        "config_models.Department", verbose_name=_("承接单位"), on_delete=models.PROTECT, related_name="+",
    )
    delegation_type = models.CharField(_("方式"), max_length=10, choices=DelegationType.choices)
    document_number = models.CharField(_("文件文号"), max_length=100)
    effective_on = models.DateField(_("生效日期"))
    ends_on = models.DateField(_("终止日期"), null=True, blank=True)

    history = history(excluded_fields=PAGE_BOOKKEEPING_FIELDS)
    template = REGION_DOCUMENT_TEMPLATE

    class Meta:
        verbose_name = _("赋权下放")
        verbose_name_plural = _("赋权下放")

    def clean(self):
        super().clean()
        self.document_number = normalize_text(self.document_number)
        errors = {}
        if self.ends_on and self.effective_on and self.ends_on <= self.effective_on:
            errors["ends_on"] = _("终止日期须晚于生效日期。")
        if self.region_id and self.implementation_id:
            source = self.implementation.region
            if source.pk == self.region.pk or not self.region.is_within(source):
                errors["implementation"] = _("只能把上级区划的实施清单下放到本区划（%(region)s）。") % {
                    "region": self.region.name}
        if self.region_id and self.receiving_department_id and not self.region.is_within(
                self.receiving_department.region):
            errors["receiving_department"] = _("承接单位须属于本区划或其上级区划。")
        # Publishing a saved page (Wagtail's publish action cleans the revision's object, children in memory):
        # also when it is published from the page listing's bulk action or by the scheduler, not only the form.
        if self.pk and self.live and len(self.supervision_duties.all()) != 1:
            errors["__all__"] = _("发布赋权下放须配套且仅配套一条监管责任（谁监管、怎么监管）。")
        if errors:
            raise ValidationError(errors)


class SupervisionDuty(Orderable):
    """监管责任 paired with a delegation: who supervises the delegated power, and how."""

    delegation = ParentalKey(Delegation, on_delete=models.CASCADE, related_name="supervision_duties")
    supervisor = models.ForeignKey(
        "config_models.Department", verbose_name=_("监管单位"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.TextField(_("监管方式"), help_text=_("如：定期抽查办件、年度评估。"))

    history = history()

    class Meta(Orderable.Meta):
        verbose_name = _("监管责任")
        verbose_name_plural = _("监管责任")

    def clean(self):
        self.method = normalize_text(self.method)
        if not self.method:
            raise ValidationError({"method": _("须写明监管方式。")})
