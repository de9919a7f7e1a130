"""事项申请: submitting a proposal and reviewing it step by step (编办 → 法制办 → 审管办 → city approval).

The review is explicit steps in this service rather than a Wagtail workflow: the reviewers of a step are
the memberships of the regions above the proposing one (a reviewer with the step's office, then a city
administrator), which Wagtail's group-based workflow tasks cannot express without a parallel permission
system. Every step is a `ProposalReview` row and a history entry of the proposal. Approval applies the
change through the catalog service (`catalog_item_save`, `catalog_item_cancel`), so its rules, audit,
feed entries and 待复核 marks are the ones of every other catalog write; a refused write rolls the approval
back.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from config_models import codes, scope
from config_models.models import (
    STAGE_ORDER,
    CatalogItem,
    CatalogProposal,
    CatalogStatus,
    ItemType,
    LegalBasis,
    ProposalDecision,
    ProposalKind,
    ProposalReview,
    ProposalStage,
    ProposalStatus,
    Region,
    RegionLevel,
    Role,
)
from config_models.services.catalog import catalog_item_cancel, catalog_item_save
from config_models.services.registry import register
from config_models.text import normalize_code, normalize_text

PROPOSER_ROLES = (Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.DEPARTMENT_EDITOR)
PROPOSING_LEVELS = (RegionLevel.COUNTY, RegionLevel.TOWNSHIP)
OPEN_STATUSES = (ProposalStatus.IN_REVIEW, ProposalStatus.RETURNED)


def _is_superuser(user) -> bool:
    return bool(user is not None and user.is_active and user.is_superuser)


def proposer_refusal(*, user, region: Region, department_id: int | None = None) -> str | None:
    """Why `user` may not propose for `region` (Chinese); None when they may. A department editor proposes
    only in its department's name, so that it keeps seeing what it proposed."""
    if region.level not in PROPOSING_LEVELS:
        return "事项申请由县（区）、乡镇（街道）或其部门提出。"
    if _is_superuser(user):
        return None
    for membership in scope.memberships_of(user):
        if membership.role not in PROPOSER_ROLES or not region.is_within(membership.region):
            continue
        if membership.role != Role.DEPARTMENT_EDITOR or membership.department_id == department_id:
            return None
    return f"您不能以“{region.name}”的名义提出事项申请。"


def _normalize(proposal: CatalogProposal) -> None:
    proposal.code = normalize_code(proposal.code)
    for name in ("name", "law_name", "law_document_number", "law_clause", "law_text", "reason"):
        setattr(proposal, name, normalize_text(getattr(proposal, name)))


def _changes(proposal: CatalogProposal, item: CatalogItem) -> list[str]:
    """The fields a change proposal changes (blank proposed values keep the item's)."""
    changed = []
    if proposal.name and proposal.name != item.name:
        changed.append("name")
    if proposal.item_type and proposal.item_type != item.item_type:
        changed.append("item_type")
    if proposal.allowed_levels and sorted(proposal.allowed_levels) != sorted(item.allowed_levels):
        changed.append("allowed_levels")
    if proposal.law_name:
        same = item.legal_bases.filter(law_name=proposal.law_name).first()
        if same is None or (same.document_number, same.clause, same.text) != (
            proposal.law_document_number, proposal.law_clause, proposal.law_text
        ):
            changed.append("legal_bases")
    return changed


def proposal_validate(proposal: CatalogProposal) -> None:
    """Every rule of a proposal, reported together in Chinese; writes nothing."""
    _normalize(proposal)
    errors: dict[str, list[str]] = {}

    def error(field, message):
        errors.setdefault(field, []).append(message)

    if not proposal.reason:
        error("reason", "请填写申请理由。")
    if proposal.kind not in ProposalKind.values:
        error("kind", "请选择申请类型：新增、变更或取消事项。")
    if proposal.item_type and proposal.item_type not in ItemType.values:
        error("item_type", "请选择有效的事项类型。")
    unknown = [level for level in proposal.allowed_levels or [] if level not in RegionLevel.values]
    if unknown:
        error("allowed_levels", f"不支持的行使层级：{'、'.join(unknown)}。")
    others = CatalogProposal.objects.filter(status__in=OPEN_STATUSES).exclude(pk=proposal.pk)
    if proposal.kind == ProposalKind.NEW:
        if not codes.CATALOG_CODE_PATTERN.fullmatch(proposal.code or ""):
            error("code", "基本编码应为12位数字。")
        elif CatalogItem.objects.filter(code=proposal.code).exists():
            error("code", f"基本编码“{proposal.code}”已在基本目录中。")
        elif others.filter(kind=ProposalKind.NEW, code=proposal.code).exists():
            error("code", f"已有申请新增基本编码为“{proposal.code}”的事项，正在办理。")
        if not proposal.name:
            error("name", "请填写事项名称。")
        if not proposal.item_type:
            error("item_type", "请选择事项类型。")
        if not proposal.allowed_levels:
            error("allowed_levels", "请选择行使层级。")
        if not proposal.law_name:
            error("law_name", "新增事项须填写设定依据。")
        if proposal.catalog_item_id:
            error("catalog_item", "新增事项不能选择已有的目录事项。")
    elif proposal.kind in (ProposalKind.CHANGE, ProposalKind.CANCEL):
        item = proposal.catalog_item if proposal.catalog_item_id else None
        if item is None:
            error("catalog_item", "请选择要变更或取消的基本目录事项。")
        elif item.status == CatalogStatus.CANCELLED:
            error("catalog_item", "该事项已取消。")
        elif others.filter(catalog_item=item).exists():
            error("catalog_item", f"“{item.name}”已有事项申请正在办理。")
        elif proposal.kind == ProposalKind.CHANGE and not _changes(proposal, item):
            error("__all__", "变更申请须至少改变事项名称、事项类型、行使层级或设定依据中的一项。")
        if proposal.kind == ProposalKind.CANCEL and not proposal.cancel_date:
            error("cancel_date", "取消事项须填写取消日期。")
    if proposal.department_id and proposal.region_id and not proposal.region.is_within(proposal.department.region):
        error("department", "申请部门须属于申请区划或其上级区划。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def proposal_submit(*, proposal: CatalogProposal, user=None, attachments=None) -> CatalogProposal:
    """Submit a new proposal, or resubmit a returned one (its review starts again at 编办)."""
    refusal = proposer_refusal(user=user, region=proposal.region, department_id=proposal.department_id)
    if refusal:
        raise PermissionDenied(refusal)
    resubmitting = proposal.pk is not None
    if resubmitting:
        stored = CatalogProposal.objects.select_for_update().get(pk=proposal.pk)
        if stored.status != ProposalStatus.RETURNED:
            raise ValidationError("只有已退回的申请可以修改后重新提交。")
    proposal_validate(proposal)
    proposal.status, proposal.stage = ProposalStatus.IN_REVIEW, ProposalStage.STAFFING
    proposal.submitted_at, proposal.decided_at = timezone.now(), None
    if not resubmitting:
        proposal.proposed_by = user if getattr(user, "pk", None) else None
    proposal._history_user = user if getattr(user, "pk", None) else None
    proposal._change_reason = "重新提交" if resubmitting else "提交事项申请"
    proposal.save()
    if attachments is not None:
        proposal.attachments.set(attachments)
    return proposal


def reviewer_refusal(*, proposal: CatalogProposal, user) -> str | None:
    """Why `user` may not decide the proposal's current step (Chinese); None when they may.

    The step's reviewers hold a membership of a region strictly above the proposing region: a reviewer with
    the step's office (编办, 法制办, 审管办), then a city administrator. Nobody decides on their own proposal,
    and a region's own administrators never approve what their region proposed.
    """
    if proposal.status != ProposalStatus.IN_REVIEW:
        return f"该申请{proposal.get_status_display()}，不在审核中。"
    if user is not None and proposal.proposed_by_id == user.pk:
        return "不能审核本人提交的事项申请。"
    if _is_superuser(user):
        return None
    stage = proposal.stage
    region = proposal.region
    for membership in scope.memberships_of(user) if user is not None else []:
        above = region.is_within(membership.region) and membership.region.pk != region.pk
        if not above:
            continue
        if stage == ProposalStage.CITY and membership.role == Role.CITY_ADMIN:
            return None
        if stage != ProposalStage.CITY and membership.role == Role.REVIEWER and membership.office == stage:
            return None
    who = "市级管理员" if stage == ProposalStage.CITY else f"{ProposalStage(stage).label[:-2]}审核员"
    return f"本环节（{ProposalStage(stage).label}）须由{region.name}上级区划的{who}办理，您不能审核。"


def _city_of(region: Region) -> Region:
    city = Region.objects.filter(code__in=region.ancestor_codes(), level=RegionLevel.CITY).first()
    return city or region


def _legal_basis(proposal: CatalogProposal) -> LegalBasis:
    return LegalBasis(law_name=proposal.law_name, document_number=proposal.law_document_number,
                      clause=proposal.law_clause, text=proposal.law_text)


def _apply(proposal: CatalogProposal, user) -> CatalogItem:
    reason = f"事项申请（{proposal.get_kind_display()}，第{proposal.pk}号）经审批"
    if proposal.kind == ProposalKind.NEW:
        item = CatalogItem(code=proposal.code, name=proposal.name, item_type=proposal.item_type,
                           allowed_levels=list(proposal.allowed_levels), region=_city_of(proposal.region))
        item.legal_bases = [_legal_basis(proposal)]
        return catalog_item_save(item=item, user=user, reason=reason)
    item = CatalogItem.objects.get(pk=proposal.catalog_item_id)
    if proposal.kind == ProposalKind.CANCEL:
        return catalog_item_cancel(item=item, cancel_date=proposal.cancel_date, user=user)
    if proposal.name:
        item.name = proposal.name
    if proposal.item_type:
        item.item_type = proposal.item_type
    if proposal.allowed_levels:
        item.allowed_levels = list(proposal.allowed_levels)
    if proposal.law_name:
        bases = list(item.legal_bases.all())
        same = next((basis for basis in bases if basis.law_name == proposal.law_name), None)
        if same is None:
            bases.append(_legal_basis(proposal))
        else:
            same.document_number, same.clause, same.text = (
                proposal.law_document_number, proposal.law_clause, proposal.law_text)
        item.legal_bases = bases
    return catalog_item_save(item=item, user=user, reason=reason)


@transaction.atomic
def proposal_review(*, proposal: CatalogProposal, user=None, approve: bool, comment: str = "") -> CatalogProposal:
    """Decide the current step: pass it on (the city's approval applies the change to the catalog), or return
    the proposal to its proposer with a reason. Refused, changing nothing, for anyone but the step's reviewers."""
    proposal = CatalogProposal.objects.select_for_update().select_related("region").get(pk=proposal.pk)
    refusal = reviewer_refusal(proposal=proposal, user=user)
    if refusal:
        raise PermissionDenied(refusal)
    comment = normalize_text(comment or "")
    if not approve and not comment:
        raise ValidationError({"comment": "退回申请须填写理由。"})
    actor = user if getattr(user, "pk", None) else None
    now = timezone.now()
    stage = ProposalStage(proposal.stage)
    review = ProposalReview(proposal=proposal, stage=stage, comment=comment, reviewer=actor, decided_at=now,
                            decision=ProposalDecision.PASSED if approve else ProposalDecision.RETURNED)
    review._history_user = actor
    review.full_clean()
    review.save()
    if not approve:
        proposal.status, proposal.return_reason = ProposalStatus.RETURNED, comment
        proposal._change_reason = f"{stage.label}退回：{comment}"
    elif stage == ProposalStage.CITY:
        proposal.result_item = _apply(proposal, actor)
        proposal.status, proposal.stage, proposal.decided_at = ProposalStatus.APPROVED, "", now
        proposal._change_reason = f"{stage.label}批准{f'：{comment}' if comment else ''}"
    else:
        proposal.stage = STAGE_ORDER[STAGE_ORDER.index(stage) + 1]
        proposal._change_reason = f"{stage.label}通过{f'：{comment}' if comment else ''}"
    proposal._history_user = actor
    proposal.save()
    return proposal


def _refuse_direct_save(*, instance, user=None, reason=""):
    """Generic writers (history revert) may not rewrite a proposal or a step: only submission and review."""
    raise ValidationError("事项申请只能通过提交、审核办理，不能直接修改或恢复历史版本。")


register(CatalogProposal, save=_refuse_direct_save)
register(ProposalReview, save=_refuse_direct_save)
