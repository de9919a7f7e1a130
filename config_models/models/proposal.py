"""事项申请: a county, township or department proposes a new catalog item, a change to one, or its
cancellation (清单之外无权力: the lawful path to an item the catalog lacks). The review runs in fixed steps,
编办 → 法制办 → 审管办 → the city's approval (config_models.services.proposal); approval applies the change
through the catalog service."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config_models.history import history
from config_models.models.authorization import DelegationType
from config_models.models.catalog import ItemType
from config_models.models.fields import MultipleChoiceField
from config_models.models.membership import ReviewOffice
from config_models.models.region import RegionLevel


class ProposalKind(models.TextChoices):
    NEW = "new", _("新增事项")
    CHANGE = "change", _("变更事项")
    CANCEL = "cancel", _("取消事项")


class ProposalStatus(models.TextChoices):
    IN_REVIEW = "in_review", _("审核中")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已批准")
    WITHDRAWN = "withdrawn", _("已撤回")


class ProposalStage(models.TextChoices):
    """The review steps, in order; CITY is the city administrators' approval."""

    STAFFING = ReviewOffice.STAFFING.value, _("编办审核")
    LEGAL = ReviewOffice.LEGAL.value, _("法制办审核")
    APPROVAL = ReviewOffice.APPROVAL.value, _("审管办审核")
    CITY = "city", _("市级审批")


STAGE_ORDER = [stage.value for stage in ProposalStage]


class CatalogProposal(models.Model):
    """事项申请, with the proposed values (for a change: the item's values with the proposed ones applied)."""

    kind = models.CharField(_("申请类型"), max_length=10, choices=ProposalKind.choices)
    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("申请区划"), on_delete=models.PROTECT, related_name="catalog_proposals"
    )
    department = models.ForeignKey(
        "config_models.Department", verbose_name=_("申请部门"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="catalog_proposals",
    )
    catalog_item = models.ForeignKey(
        "config_models.CatalogItem", verbose_name=_("基本目录事项"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="proposals", help_text=_("变更或取消的事项；新增事项留空。"),
    )
    code = models.CharField(_("基本编码"), max_length=12, blank=True)
    name = models.CharField(_("事项名称"), max_length=200, blank=True)
    item_type = models.CharField(_("事项类型"), max_length=2, choices=ItemType.choices, blank=True)
    allowed_levels = MultipleChoiceField(_("行使层级"), choices_enum=RegionLevel)
    law_name = models.CharField(_("设定依据（法律法规名称）"), max_length=200, blank=True)
    law_document_number = models.CharField(_("设定依据文号"), max_length=100, blank=True)
    law_clause = models.CharField(_("设定依据条款号"), max_length=100, blank=True)
    law_text = models.TextField(_("设定依据条款内容"), blank=True)
    cancel_date = models.DateField(_("取消日期"), null=True, blank=True)
    reason = models.TextField(_("申请理由"))
    attachments = models.ManyToManyField("wagtaildocs.Document", verbose_name=_("附件"), blank=True, related_name="+")

    status = models.CharField(_("状态"), max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.IN_REVIEW, db_index=True)
    stage = models.CharField(_("当前环节"), max_length=10, choices=ProposalStage.choices,
                             default=ProposalStage.STAFFING, blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    result_item = models.ForeignKey(
        "config_models.CatalogItem", verbose_name=_("形成的目录事项"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )

    history = history()

    class Meta:
        verbose_name = _("事项申请")
        verbose_name_plural = _("事项申请")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        subject = self.name or (self.catalog_item.name if self.catalog_item_id else "")
        return f"{self.get_kind_display()}：{subject}"


class ProposalDecision(models.TextChoices):
    PASSED = "passed", _("通过")
    RETURNED = "returned", _("退回")


class ProposalReview(models.Model):
    """One step of a proposal's review: who decided, when, and why (append-only, the review's record)."""

    proposal = models.ForeignKey(CatalogProposal, verbose_name=_("事项申请"), on_delete=models.CASCADE,
                                 related_name="reviews")
    stage = models.CharField(_("环节"), max_length=10, choices=ProposalStage.choices)
    decision = models.CharField(_("结论"), max_length=10, choices=ProposalDecision.choices)
    comment = models.TextField(_("意见"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.SET_NULL,
                                 null=True, related_name="+")
    decided_at = models.DateTimeField(_("审核时间"))

    history = history()

    class Meta:
        verbose_name = _("事项申请审核记录")
        verbose_name_plural = _("事项申请审核记录")
        ordering = ["decided_at", "pk"]

    def __str__(self):
        return f"{self.get_stage_display()}：{self.get_decision_display()}"


class DelegationRequestStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("未同意")


class DelegationRequest(models.Model):
    """点菜式放权: a township or development zone asks for a power (an implementation of a region above it);
    the owner approves (the delegation service creates the 赋权下放 with its supervision duty) or refuses."""

    region = models.ForeignKey(
        "config_models.Region", verbose_name=_("申请区划"), on_delete=models.PROTECT,
        related_name="delegation_requests",
    )
    implementation = models.ForeignKey(
        "config_models.Implementation", verbose_name=_("申请承接的实施清单"), on_delete=models.PROTECT,
        related_name="delegation_requests",
    )
    receiving_department = models.ForeignKey(
        "config_models.Department", verbose_name=_("承接单位"), on_delete=models.PROTECT, related_name="+",
    )
    delegation_type = models.CharField(_("方式"), max_length=10, choices=DelegationType.choices,
                                       default=DelegationType.DEVOLVE)
    reason = models.TextField(_("申请理由"))
    status = models.CharField(_("状态"), max_length=10, choices=DelegationRequestStatus.choices,
                              default=DelegationRequestStatus.PENDING, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.SET_NULL,
                                     null=True, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    refusal_reason = models.TextField(_("不同意的理由"), blank=True)
    delegation = models.ForeignKey("config_models.Delegation", verbose_name=_("形成的赋权下放"),
                                   on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    history = history()

    class Meta:
        verbose_name = _("放权申请")
        verbose_name_plural = _("放权申请")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.region.name}申请承接：{self.implementation}"
