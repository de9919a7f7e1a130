"""待复核: change propagation from the catalog and the 一件事 templates to the rows built on them.

The catalog and template services take a snapshot of what implementers inherit before and after each
write and hand both to `review_marks_raise`, the one function that marks every implementation (resp. bundle)
built on the source. Every path writing a catalog item or a template (admin edit and publish, import,
history revert, the API, the demo) runs those services, so every path marks.

A later change of the same source merges into the open mark (the first `before` stays, `after` follows);
a change back to the original values withdraws it. The region's administrators settle a mark with
`review_mark_resolve`: adopt (the change goes into the local copy where there is one), no change needed, or
escalate with a reason. Each step is audited (simple-history) and is a feed entry of the marked row, so
mirrors learn that the mark came or went.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from config_models import scope
from config_models.models import (
    Bundle,
    BundleTemplate,
    CatalogItem,
    CatalogStatus,
    ChangeOperation,
    Implementation,
    ItemType,
    Membership,
    RegionLevel,
    ReviewMark,
    ReviewStatus,
    Role,
)
from config_models.models.bundle import BundleTarget, Lifecycle
from config_models.services.feed import feed_record
from config_models.text import normalize_text

# What an implementation inherits from its catalog item: field group -> label.
CATALOG_FIELDS = {
    "name": "事项名称",
    "code": "基本编码",
    "item_type": "事项类型",
    "parent": "所属主项",
    "allowed_levels": "行使层级",
    "local_code": "地方基本编码",
    "effective_date": "生效日期",
    "legal_bases": "设定依据",
}

# What a bundle inherits from its template.
TEMPLATE_FIELDS = {
    "name": "一件事名称",
    "code": "一件事编码",
    "scope": "生命周期、阶段与服务对象",
    "departments": "牵头与配合部门",
    "items": "事项与步骤",
    "scenarios": "情形",
    "materials": "材料等同",
    "form": "一表申请的表单字段",
    "notice": "一次告知单",
}

ADMIN_ROLES = (Role.CITY_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN)

ACTIONS = {
    ReviewStatus.ADOPTED: "采纳变更",
    ReviewStatus.NO_CHANGE: "无需调整",
    ReviewStatus.ESCALATED: "上报",
}


# Snapshots ----------------------------------------------------------------------------------------------------


def _join(parts) -> str:
    return "；".join(part for part in parts if part)


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def catalog_item_snapshot(pk) -> dict[str, str] | None:
    """The stored values implementers inherit from a catalog item, as the admin shows them; None if absent."""
    if pk is None:
        return None
    item = CatalogItem.objects.select_related("parent").filter(pk=pk).first()
    if item is None:
        return None
    bases = item.legal_bases.order_by("sort_order", "pk")
    return {
        "name": item.name,
        "code": item.code,
        "item_type": _label(ItemType, item.item_type),
        "parent": str(item.parent) if item.parent_id else "",
        "allowed_levels": "、".join(_label(RegionLevel, level) for level in item.allowed_levels),
        "local_code": item.local_code,
        "effective_date": f"{item.effective_date:%Y-%m-%d}" if item.effective_date else "",
        "legal_bases": _join(
            f"{b.law_name}{f'（{b.document_number}）' if b.document_number else ''}{b.clause}"
            f"{f'：{b.text}' if b.text else ''}"
            for b in bases
        ),
    }


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", strip_tags(html or "")).strip()


def bundle_template_snapshot(pk) -> dict[str, str] | None:
    """The stored (live) values bundles inherit from a template, with its items, materials and form."""
    if pk is None:
        return None
    template = BundleTemplate.objects.filter(pk=pk).first()
    if template is None:
        return None
    items = template.items.select_related("catalog_item").order_by("step", "sort_order", "pk")
    return {
        "name": template.title,
        "code": template.code,
        "scope": _join([_label(Lifecycle, template.lifecycle), template.stage, _label(BundleTarget, template.target)]),
        "departments": _join([f"牵头：{template.lead_role}", _cooperating(template)]),
        "items": _join(_item_line(i) for i in items),
        "scenarios": _join(f"{s.key}：{s.label}" for s in template.scenarios.order_by("sort_order", "pk")),
        "materials": _join(f"{m.name}＝{m.same_as}" for m in template.material_links.order_by("sort_order", "pk")),
        "form": _join(
            f"{f.label}（{f.key}，{_label_form(f)}{'，必填' if f.required else ''}）"
            for f in template.form_fields.order_by("sort_order", "pk")
        ),
        "notice": _join(f"{heading}：{_text(body)}" for heading, body in template.notice_parts if _text(body)),
    }


def _cooperating(template) -> str:
    return "配合：" + "、".join(template.cooperating_role_list) if template.cooperating_roles else ""


def _item_line(item) -> str:
    line = f"第{item.step}步{f' {item.step_name}' if item.step_name else ''}：{item.catalog_item}"
    if item.scenarios:
        line += f"［情形 {item.scenarios}］"
    if item.outputs:
        line += "［产出 " + "、".join(item.outputs) + "］"
    return line


def _label_form(field) -> str:
    return field.get_field_type_display()


def _changes(before: dict[str, str], after: dict[str, str], labels: dict[str, str]) -> list[dict]:
    return [
        {"field": key, "label": labels[key], "before": before.get(key, ""), "after": after.get(key, "")}
        for key in labels
        if before.get(key, "") != after.get(key, "")
    ]


def _merge(fields: list[dict], changes: list[dict]) -> list[dict]:
    """An open mark's fields after a further change: the first `before` stays; back to it, the field goes."""
    merged = {f["field"]: dict(f) for f in fields}
    for change in changes:
        if change["field"] in merged:
            merged[change["field"]]["after"] = change["after"]
        else:
            merged[change["field"]] = dict(change)
    return [f for f in merged.values() if f["before"] != f["after"]]


# Raising marks ---------------------------------------------------------------------------------------------------


def _targets(source) -> tuple[str, str, models.QuerySet]:
    """(source field, target field, the rows built on the source) of a catalog item or a template."""
    if isinstance(source, CatalogItem):
        return "catalog_item", "implementation", Implementation.objects.filter(catalog_item=source).in_force()
    if isinstance(source, BundleTemplate):
        return "bundle_template", "bundle", Bundle.objects.filter(bundle_template=source)
    raise TypeError(f"no review marks for {type(source).__name__}")


@transaction.atomic
def review_marks_raise(*, source, before: dict[str, str] | None, after: dict[str, str] | None, user=None):
    """Mark every row built on `source` 待复核 with the inherited field groups that changed (before → after).

    Called by the catalog and template services, in their transaction, with `catalog_item_snapshot` /
    `bundle_template_snapshot` taken before and after their write. A new row (no `before`) and a cancelled
    catalog item (its implementations end) mark nothing. Returns the marks written or changed.
    """
    if before is None or after is None:
        return []
    if isinstance(source, CatalogItem) and source.status == CatalogStatus.CANCELLED:
        return []
    labels = CATALOG_FIELDS if isinstance(source, CatalogItem) else TEMPLATE_FIELDS
    changes = _changes(before, after, labels)
    if not changes:
        return []
    source_field, target_field, targets = _targets(source)
    targets = list(targets.values_list("pk", "region_id"))
    if not targets:
        return []
    user = user if getattr(user, "pk", None) else None
    now = timezone.now()
    open_marks = {
        getattr(mark, f"{target_field}_id"): mark
        for mark in ReviewMark.objects.open().filter(
            **{source_field: source, f"{target_field}_id__in": [pk for pk, _region in targets]}
        )
    }
    created, changed = [], []
    for pk, region_id in targets:
        mark = open_marks.get(pk)
        if mark is None:
            created.append(ReviewMark(**{source_field: source, f"{target_field}_id": pk}, region_id=region_id,
                                      fields=changes, since=now))
            continue
        mark.fields = _merge(mark.fields, changes)
        if not mark.fields:  # changed back before anyone reviewed it
            mark.fields = changes
            mark.status, mark.resolved_by, mark.resolved_at = ReviewStatus.WITHDRAWN, user, now
            mark.note = "来源已恢复为原值，无需复核。"
        changed.append(mark)
    reason = f"{source}变更，待复核"
    if created:
        bulk_create_with_history(created, ReviewMark, batch_size=500, default_user=user,
                                 default_change_reason=reason)
    if changed:
        bulk_update_with_history(changed, ReviewMark, ["fields", "status", "resolved_by", "resolved_at", "note"],
                                 batch_size=500, default_user=user, default_change_reason=reason)
    # bulk_create does not hand back keys on every database: read the new marks' ids for the notification.
    notify = list(
        ReviewMark.objects.open().filter(**{source_field: source, "since": now}).values_list("pk", flat=True)
    )
    if notify:
        transaction.on_commit(lambda: _enqueue_notification(notify))
    return created + changed


def _enqueue_notification(mark_ids: list[int]) -> None:
    from config_models.tasks import notify_review_marks

    notify_review_marks.enqueue(mark_ids)


def review_marks_notify(*, mark_ids: list[int]) -> int:
    """Tell the administrators of each marked row's region, one email each (Wagtail's admin mail: Django's
    email backend). Returns the number of emails sent."""
    from django.urls import NoReverseMatch, reverse
    from wagtail.admin.mail import send_mail

    marks = list(
        ReviewMark.objects.open().filter(pk__in=mark_ids)
        .select_related("implementation__catalog_item", "implementation__department", "bundle", "region",
                        "catalog_item", "bundle_template")
    )
    by_region: dict[int, list[ReviewMark]] = {}
    for mark in marks:
        by_region.setdefault(mark.region_id, []).append(mark)
    admins = Membership.objects.filter(region_id__in=list(by_region), role__in=ADMIN_ROLES, user__is_active=True)
    by_user: dict[int, tuple] = {}
    for membership in admins.select_related("user"):
        if membership.user.email:
            _user, regions = by_user.setdefault(membership.user_id, (membership.user, []))
            regions.append(membership.region_id)
    try:
        from django.conf import settings

        link = f"{getattr(settings, 'WAGTAILADMIN_BASE_URL', '')}{reverse('tongban_review_worklist')}"
    except NoReverseMatch:
        link = ""
    sent = 0
    for user, region_ids in by_user.values():
        rows = [mark for region_id in region_ids for mark in by_region[region_id]]
        lines = [f"· {mark.target}：{mark.fields_summary}" for mark in rows[:50]]
        if len(rows) > 50:
            lines.append(f"……另有{len(rows) - 50}项")
        body = "\n".join([
            f"{user.get_full_name() or user.get_username()}，您好：",
            "",
            f"上级调整了基本目录事项或一件事模板，本区划有{len(rows)}项实施清单或一件事待复核：",
            *lines,
            "",
            "请逐项采纳变更、确认无需调整，或填写原因上报。",
            *([f"待复核工作台：{link}"] if link else []),
        ])
        send_mail(f"【待复核】{len(rows)}项实施清单或一件事因上级变更待复核", body, [user.email])
        sent += 1
    return sent


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
        from config_models.services.bundle import bundle_save

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
