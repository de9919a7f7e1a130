"""Settling 待复核 marks (raised by config_models.services.review_marks): the region's administrators adopt the
change (into the local copy where there is one), say no change is needed, or escalate it with a reason. Each
step is audited (simple-history) and is a feed entry of the marked row, so mirrors learn the mark cleared.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from config_models import scope
from config_models.models import (
    Bundle,
    ChangeOperation,
    Implementation,
    RegionLevel,
    ReviewMark,
    ReviewStatus,
)
from config_models.services.bundle import bundle_save
from config_models.services.feed import feed_record
from config_models.services.registry import register
from config_models.text import normalize_text

ACTIONS = {
    ReviewStatus.ADOPTED: "采纳变更",
    ReviewStatus.NO_CHANGE: "无需调整",
    ReviewStatus.ESCALATED: "上报",
}


# Settling marks ---------------------------------------------------------------------------------------------------


def review_mark_refusal(*, mark: ReviewMark, user) -> str | None:
    """Why `user` may not settle this mark (Chinese); None when they may."""
    if user is None:
        return None
    if not scope.user_may_act_on(user, "change", mark):
        return "该待复核标记不在您的管辖范围内，不能处理。"
    return None


def _adopt(mark: ReviewMark, user) -> None:
    """Take the change into the local copy where there is one: a bundle's name holds its template's name.
    An implementation copies nothing from its catalog item (三级四同): adopting acknowledges the change,
    unless the item may no longer be implemented at the implementation's level."""
    if mark.implementation_id:
        implementation = Implementation.objects.select_related("catalog_item", "region").get(pk=mark.implementation_id)
        if implementation.region.level not in implementation.catalog_item.allowed_levels:
            raise ValidationError(
                f"该事项的行使层级已调整为{implementation.catalog_item.allowed_levels_display}，"
                f"不再包含{RegionLevel(implementation.region.level).label}：请停止实施该事项，或填写原因上报。"
            )
        return
    renamed = next((f for f in mark.fields if f["field"] == "name"), None)
    bundle = Bundle.objects.get(pk=mark.bundle_id)
    if renamed and renamed["before"] and renamed["after"] and renamed["before"] in bundle.title:
        bundle.title = bundle.title.replace(renamed["before"], renamed["after"])  # 广安区开办餐饮店: keeps the region
        bundle.draft_title = bundle.title
        bundle_save(bundle=bundle, user=user, publish=bundle.live and not bundle.has_unpublished_changes)


@transaction.atomic
def review_mark_resolve(*, mark: ReviewMark, action: str, user=None, note: str = "") -> ReviewMark:
    """Settle a 待复核 mark: adopt (`adopted`), no change needed (`no_change`) or escalate (`escalated`, with a
    reason). Refused with a Chinese message, changing nothing, when the mark is settled already, out of the
    user's scope, or an escalation has no reason."""
    mark = ReviewMark.objects.select_for_update().get(pk=mark.pk)
    if action not in ACTIONS:
        raise ValidationError({"action": "请选择处理方式：采纳变更、无需调整或上报。"})
    refusal = review_mark_refusal(mark=mark, user=user)
    if refusal:
        raise PermissionDenied(refusal)
    if not mark.is_open:
        raise ValidationError(f"该标记已处理（{mark.get_status_display()}），不能再次处理。")
    note = normalize_text(note or "")
    if action == ReviewStatus.ESCALATED:
        if mark.status == ReviewStatus.ESCALATED:
            raise ValidationError("该标记已上报，请等待上级处理。")
        if not note:
            raise ValidationError({"note": "上报须填写原因。"})
    if action == ReviewStatus.ADOPTED:
        _adopt(mark, user)
    user = user if getattr(user, "pk", None) else None
    mark.status, mark.note, mark.resolved_by, mark.resolved_at = action, note, user, timezone.now()
    mark._history_user = user
    mark._change_reason = f"{ACTIONS[action]}{f'：{note}' if note else ''}"
    mark.save()
    target = mark.target
    feed_record(target, operation=ChangeOperation.UPDATE, draft=not target.live, actor=user)
    return mark


def _refuse_direct_save(*, instance, user=None, reason=""):
    """Generic writers (history revert) may not rewrite a mark: it is raised by the catalog and template
    services and settled by `review_mark_resolve` only."""
    raise ValidationError("待复核标记由目录和一件事模板的变更产生，只能通过采纳变更、无需调整或上报处理。")


register(ReviewMark, save=_refuse_direct_save)
