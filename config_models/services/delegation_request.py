"""点菜式放权: a township or development zone requests a power of a region above it; the owner (an administrator
of the implementation's region or above) approves, and `delegation_save` creates the 赋权下放 with its
supervision duty, published; or refuses with a reason. Every step is a history entry of the request."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from config_models import scope
from config_models.models import (
    Delegation,
    DelegationRequest,
    DelegationRequestStatus,
    Department,
    RegionKind,
    RegionLevel,
    RegionPage,
    Role,
    SupervisionDuty,
)
from config_models.services.authorization import delegation_save
from config_models.services.registry import register
from config_models.text import normalize_text

ADMIN_ROLES = (Role.CITY_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN)


def _actor(user):
    return user if getattr(user, "pk", None) else None


def _superuser(user) -> bool:
    return bool(user is not None and user.is_active and user.is_superuser)


@transaction.atomic
def delegation_request_submit(*, request: DelegationRequest, user=None) -> DelegationRequest:
    """Ask for a power; refused in Chinese, writing nothing, outside the rules."""
    region = request.region
    if region.level != RegionLevel.TOWNSHIP and region.kind != RegionKind.DEVELOPMENT_ZONE:
        raise ValidationError({"region": "放权申请由乡镇（街道）或开发区（园区）提出。"})
    if not _superuser(user) and not any(
        m.role in ADMIN_ROLES and region.is_within(m.region) for m in scope.memberships_of(user)
    ):
        raise PermissionDenied(f"您不能以“{region.name}”的名义申请放权。")
    request.reason = normalize_text(request.reason)
    errors = {}
    if not request.reason:
        errors["reason"] = ["请填写申请理由。"]
    source = request.implementation.region
    if source.pk == region.pk or not region.is_within(source):
        errors["implementation"] = [f"只能申请承接上级区划的实施清单（{region.name}的上级）。"]
    if request.receiving_department_id and not region.is_within(request.receiving_department.region):
        errors["receiving_department"] = ["承接单位须属于本区划或其上级区划。"]
    if DelegationRequest.objects.filter(region=region, implementation=request.implementation,
                                        status=DelegationRequestStatus.PENDING).exclude(pk=request.pk).exists():
        errors["implementation"] = ["本区划已申请承接该事项，正在审批。"]
    if errors:
        raise ValidationError(errors)
    request.status, request.requested_at = DelegationRequestStatus.PENDING, timezone.now()
    request.requested_by = _actor(user)
    request._history_user, request._change_reason = _actor(user), "申请放权"
    request.full_clean()
    request.save()
    return request


def decider_refusal(*, request: DelegationRequest, user) -> str | None:
    """Why `user` may not decide the request (Chinese): only the power's owner, never the requester."""
    if request.status != DelegationRequestStatus.PENDING:
        return f"该申请{request.get_status_display()}，不能再次审批。"
    if user is not None and request.requested_by_id == user.pk:
        return "不能审批本人提出的放权申请。"
    if _superuser(user):
        return None
    owner = request.implementation.region
    for membership in scope.memberships_of(user) if user is not None else []:
        if membership.role in ADMIN_ROLES and owner.is_within(membership.region) and not (
            membership.region.pk == request.region.pk
        ):
            return None
    return f"须由{owner.name}或其上级区划的管理员审批。"


@transaction.atomic
def delegation_request_decide(
    *, request: DelegationRequest, user=None, approve: bool, reason: str = "", document_number: str = "",
    effective_on: dt.date | None = None, supervisor: Department | None = None, supervision_method: str = "",
) -> DelegationRequest:
    """Approve (creating the published delegation with its supervision duty) or refuse with a reason."""
    request = DelegationRequest.objects.select_for_update().select_related(
        "region", "implementation__region", "implementation__catalog_item").get(pk=request.pk)
    refusal = decider_refusal(request=request, user=user)
    if refusal:
        raise PermissionDenied(refusal)
    reason = normalize_text(reason or "")
    if approve:
        errors = {}
        if not normalize_text(document_number):
            errors["document_number"] = ["同意放权须填写文件文号。"]
        if effective_on is None:
            errors["effective_on"] = ["同意放权须填写生效日期。"]
        if supervisor is None:
            errors["supervisor"] = ["同意放权须指定监管单位（谁放权、谁监管）。"]
        supervision_method = normalize_text(supervision_method or "")
        if not supervision_method:
            errors["supervision_method"] = ["须写明监管方式。"]
        if errors:
            raise ValidationError(errors)
        delegation = Delegation(
            title=f"{request.implementation.catalog_item.name}{request.get_delegation_type_display()}"
                  f"{request.region.name}",
            implementation=request.implementation, receiving_department=request.receiving_department,
            delegation_type=request.delegation_type, document_number=document_number, effective_on=effective_on,
        )
        delegation.supervision_duties = [SupervisionDuty(supervisor=supervisor, method=supervision_method)]
        request.delegation = delegation_save(delegation=delegation, user=_actor(user),
                                             parent=RegionPage.objects.get(region=request.region))
        request.status = DelegationRequestStatus.APPROVED
        request._change_reason = f"同意放权：{document_number}"
    else:
        if not reason:
            raise ValidationError({"reason": ["不同意放权须填写理由。"]})
        request.status, request.refusal_reason = DelegationRequestStatus.REFUSED, reason
        request._change_reason = f"不同意放权：{reason}"
    request.decided_by, request.decided_at = _actor(user), timezone.now()
    request._history_user = _actor(user)
    request.save()
    return request


def _refuse_direct_save(*, instance, user=None, reason=""):
    """Generic writers (history revert) may not rewrite a request: only submission and decision."""
    raise ValidationError("放权申请只能通过提交、审批办理，不能直接修改或恢复历史版本。")


register(DelegationRequest, save=_refuse_direct_save)
