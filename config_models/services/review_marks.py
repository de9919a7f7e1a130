"""待复核 marks raised: change propagation from the catalog and the 一件事 templates to the rows built on them.

The catalog and template services take a snapshot of what implementers inherit before and after each
write and hand both to `review_marks_raise`, the one function that marks every implementation (resp. bundle)
built on the source. Every path writing a catalog item or a template (admin edit and publish, import,
history revert, the API, the demo) runs those services, so every path marks.

A later change of the same source merges into the open mark (the first `before` stays, `after` follows);
a change back to the original values withdraws it. Settling a mark is config_models.services.review.
"""

import re

from django.db import models, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from config_models.models import (
    Bundle,
    BundleTemplate,
    CatalogItem,
    CatalogStatus,
    Implementation,
    ItemType,
    RegionLevel,
    ReviewMark,
    ReviewStatus,
)
from config_models.models.bundle import BundleTarget, Lifecycle
from config_models.services.review_notify import notify_review_marks

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
        transaction.on_commit(lambda: notify_review_marks.enqueue(notify))
    return created + changed
