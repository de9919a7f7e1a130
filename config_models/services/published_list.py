"""Published lists: their entries (rule + manual adjustments), batches, snapshots, diffs and schedules.

A batch freezes the public fields of every entry at the moment it is published (`Publication.entries`),
with the diff against the previous published batch; nothing edited later reaches it. A batch whose
entries fail validation is refused with the reasons and nothing is published.
"""

import datetime as dt
import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from config_models import list_rules, search
from config_models.models import (
    Bundle,
    CatalogStatus,
    Implementation,
    ImplementationStatus,
    ListSubject,
    OverrideAction,
    Publication,
    PublicationStatus,
    PublishedListPage,
)
from config_models.models.change import ChangeOperation
from config_models.models.region import in_subtree
from config_models.selectors import bundle as bundle_selectors
from config_models.selectors import implementation as implementation_selectors
from config_models.services.feed import feed_record
from config_models.services.implementation import implementation_validate
from config_models.services.pages import page_publish, page_unpublish, register_page


class PublicationRefused(ValidationError):
    """The batch was not published; `messages` says why, one line per problem."""


# Entries --------------------------------------------------------------------------------------------------


def _rule_blocks(page: PublishedListPage) -> list[dict]:
    return list(page.rule.raw_data) if page.rule else []


def candidate_implementations(page: PublishedListPage) -> QuerySet[Implementation]:
    """Implementations a list of this region may show: published, not ended, in the region's subtree."""
    region = page.region_of_page
    if region is None:
        return Implementation.objects.none()
    return implementation_selectors.in_force(region)


def _overrides(page: PublishedListPage) -> tuple[set[int], set[int]]:
    include, exclude = set(), set()
    for override in page.overrides.all():  # in memory during a preview, so the unsaved ones count too
        (include if override.action == OverrideAction.INCLUDE else exclude).add(override.implementation_id)
    return include, exclude


def _checked_rule(page: PublishedListPage) -> Q | None:
    """The rule's Q; a condition on a field of another subject is refused (in Chinese), never evaluated."""
    blocks = _rule_blocks(page)
    problems = list_rules.rule_subject_errors(page.subject, blocks)
    if problems:
        raise ValidationError({"rule": problems})
    return list_rules.rule_q(page.rule_combinator, blocks)


def candidate_bundles(page: PublishedListPage, on: dt.date | None = None) -> QuerySet[Bundle]:
    """Bundles a 一件事 list of this region may show: in force today, in the region's subtree."""
    region = page.region_of_page
    if region is None:
        return Bundle.objects.none()
    return bundle_selectors.in_force(on=on or timezone.localdate()).filter(in_subtree(region, "region"))


def list_bundles(page: PublishedListPage) -> QuerySet[Bundle]:
    """A 一件事 list's entries now: the bundles in force the rule matches (no rule: none).

    Manual inclusions and exclusions name implementations, so they do not apply to a 一件事 list."""
    rule = _checked_rule(page)
    if rule is None:
        return Bundle.objects.none()
    return (
        candidate_bundles(page).filter(rule)
        .select_related("bundle_template", "region", "lead_department")
        .order_by("bundle_template__code", "region__code", "pk")
    )


def list_entries(page: PublishedListPage) -> QuerySet:
    """The list's entries now: rule matches and manual inclusions, without manual exclusions (implementations),
    or the matching bundles of a 一件事 list."""
    if page.subject == ListSubject.BUNDLE:
        return list_bundles(page)
    include, exclude = _overrides(page)
    rule = _checked_rule(page)
    selected = Q(pk__in=include)
    if rule is not None:
        selected |= rule
    return (
        candidate_implementations(page).filter(selected).exclude(pk__in=exclude)
        .select_related("catalog_item", "region", "department").order_by("catalog_item__code", "region__code", "pk")
    )


def list_entry_rows(page: PublishedListPage) -> list[dict]:
    if page.subject == ListSubject.BUNDLE:
        return snapshot_bundle_entries(list(list_entries(page)))
    return [snapshot_entry(implementation) for implementation in list_entries(page)]


def list_preview_count(page: PublishedListPage) -> int:
    return list_entries(page).count()


def _limit(value: int, unit: str) -> str:
    return f"{value}个{'工作日' if unit == 'working_day' else '自然日'}"


def snapshot_entry(implementation: Implementation) -> dict:
    """The public fields of one entry, as a batch freezes them."""
    item, region, department = implementation.catalog_item, implementation.region, implementation.department
    return {
        "key": f"{implementation.implementation_code}@{region.code}",
        "implementation_id": implementation.pk,
        "implementation_code": implementation.implementation_code,
        "name": item.name,
        "catalog_code": item.code,
        "item_type": item.item_type,
        "item_type_label": str(item.get_item_type_display()),
        "level": region.level,
        "level_label": str(region.get_level_display()),
        "region_code": region.code,
        "region_name": region.name,
        "department_name": department.name,
        "department_code": department.credit_code,
        "visit_count": implementation.visit_count,
        "online_depth": implementation.online_depth,
        "online_depth_label": str(implementation.get_online_depth_display()),
        "service_area": implementation.service_area,
        "service_area_label": str(implementation.get_service_area_display()),
        "handling_type_label": str(implementation.get_handling_type_display()),
        "statutory_limit": _limit(implementation.statutory_limit, implementation.statutory_limit_unit),
        "committed_limit": _limit(implementation.committed_limit, implementation.committed_limit_unit),
        "charges_fee": implementation.charges_fee,
        "online_url": implementation.online_url,
    }


def snapshot_bundle_entries(bundles: list[Bundle]) -> list[dict]:
    """The public fields of a 一件事 list's entries, as a batch freezes them, with the before/after figures."""
    from config_models.services.bundle import bundle_overviews

    overviews = bundle_overviews(bundles)
    return [snapshot_bundle_entry(bundle, overviews.get(bundle.pk)) for bundle in bundles]


def snapshot_bundle_entry(bundle: Bundle, overview=None) -> dict:
    template, region, department = bundle.bundle_template, bundle.region, bundle.lead_department
    entry = {
        "key": f"{bundle.code}",
        "bundle_id": bundle.pk,
        "bundle_code": bundle.code,
        "template_code": template.code,
        "name": bundle.title,
        "template_name": template.title,
        "level": region.level,
        "level_label": str(region.get_level_display()),
        "region_code": region.code,
        "region_name": region.name,
        "department_name": department.name,
        "department_code": department.credit_code,
        "tier": template.tier,
        "tier_label": str(template.get_tier_display()),
        "batch_year": template.batch_year,
        "template_batch": template.batch,
        "policy_document": template.policy_document,
        "lifecycle": template.lifecycle,
        "lifecycle_label": str(template.get_lifecycle_display()),
        "target": template.target,
        "target_label": str(template.get_target_display()),
        "committed_limit": f"{bundle.committed_limit}个工作日",
    }
    if overview is not None:
        efficiency = overview.efficiency
        for name in ("steps", "materials", "days", "visits"):
            measure = getattr(efficiency, name)
            entry[f"{name}_before"], entry[f"{name}_after"] = measure.before, measure.after
    return entry


def bundle_entry_problems(bundle: Bundle, overview=None) -> list[str]:
    """Why a bundle may not be published in a 一件事 list (empty when it may): an item of its template its
    region no longer implements, a cancelled catalog item or a suspended implementation among them."""
    from config_models.services.bundle import bundle_overview

    overview = overview or bundle_overview(bundle)
    name = f"“{bundle.title}”（{bundle.region.name}）"
    problems = []
    if overview.missing:
        problems.append(f"{name}：{bundle.region.name}尚未实施以下事项，不能公布："
                        f"{'、'.join(item.name for item in overview.missing)}。")
    cancelled = [implementation.catalog_item.name for implementation in overview.implementations
                 if implementation.catalog_item.status == CatalogStatus.CANCELLED]
    if cancelled:
        problems.append(f"{name}：以下基本目录事项已取消：{'、'.join(cancelled)}。")
    not_active = [f"{implementation.catalog_item.name}（{implementation.get_status_display()}）"
                  for implementation in overview.implementations
                  if implementation.status != ImplementationStatus.ACTIVE]
    if not_active:
        problems.append(f"{name}：以下事项未在用：{'、'.join(not_active)}。")
    return problems


# Fields that identify rather than describe an entry: not compared by the diff.
IDENTITY_FIELDS = {"key", "implementation_id", "bundle_id"}


def entry_problems(implementation: Implementation) -> list[str]:
    """Why an entry may not be published (empty when it may)."""
    name = f"“{implementation.catalog_item.name}”（{implementation.region.name}）"
    problems = []
    if implementation.status != ImplementationStatus.ACTIVE:
        problems.append(f"{name}的实施状态为“{implementation.get_status_display()}”。")
    if implementation.catalog_item.status == CatalogStatus.CANCELLED:
        problems.append(f"{name}的基本目录事项已取消。")
    try:
        implementation_validate(implementation=implementation, materials=list(implementation.materials.all()))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            label = field if field.startswith("materials") or field == "__all__" else str(
                Implementation._meta.get_field(field).verbose_name
            )
            problems.extend(f"{name}：{label}：{message}" for message in messages)
    return problems


def diff_entries(previous: list[dict], current: list[dict]) -> dict:
    """Entries added, removed and changed (with each changed field's old and new value) between batches."""
    before = {entry["key"]: entry for entry in previous}
    after = {entry["key"]: entry for entry in current}
    changed = []
    for key in after.keys() & before.keys():
        fields = {
            field: [before[key].get(field), value]
            for field, value in after[key].items()
            if field not in IDENTITY_FIELDS and before[key].get(field) != value
        }
        if fields:
            changed.append({"key": key, "name": after[key]["name"], "region_name": after[key]["region_name"],
                            "fields": fields})
    return {
        "added": [entry for key, entry in after.items() if key not in before],
        "removed": [entry for key, entry in before.items() if key not in after],
        "changed": sorted(changed, key=lambda change: change["key"]),
    }


# Publishing -----------------------------------------------------------------------------------------------


def _check_metadata(page, *, document_number, published_on, effective_on, scheduled_at, now) -> dict:
    errors = {}
    if not (document_number or "").strip():
        errors["document_number"] = [_("请填写文号。")]
    if published_on and effective_on and effective_on < published_on:
        errors["effective_on"] = [_("施行日期不能早于公布日期。")]
    if scheduled_at is not None and scheduled_at <= now:
        errors["scheduled_at"] = [_("定时发布时间须晚于当前时间。")]
    if page.publications.filter(status=PublicationStatus.SCHEDULED).exists():
        errors["scheduled_at"] = [_("本清单已有一个待定时发布的批次，请等待其发布后再发布新批次。")]
    if not page.live:
        errors["__all__"] = [_("清单页面尚未发布，请先发布清单页面。")]
    return errors


def _snapshot(page: PublishedListPage) -> list[dict]:
    """The entries, validated: raises PublicationRefused with every problem found."""
    if page.subject == ListSubject.BUNDLE:
        from config_models.services.bundle import bundle_overviews

        bundles = list(list_entries(page))
        if not bundles:
            raise PublicationRefused([_("清单没有任何条目，不能发布。")])
        overviews = bundle_overviews(bundles)
        problems = [problem for bundle in bundles for problem in bundle_entry_problems(bundle, overviews[bundle.pk])]
        if problems:
            raise PublicationRefused(problems)
        return [snapshot_bundle_entry(bundle, overviews[bundle.pk]) for bundle in bundles]
    implementations = list(list_entries(page).prefetch_related("materials"))
    if not implementations:
        raise PublicationRefused([_("清单没有任何条目，不能发布。")])
    problems = [problem for implementation in implementations for problem in entry_problems(implementation)]
    if problems:
        raise PublicationRefused(problems)
    return [snapshot_entry(implementation) for implementation in implementations]


def _version(publication: Publication) -> str:
    payload = [publication.published_list.code, publication.batch, publication.document_number,
               str(publication.published_on), str(publication.effective_on), publication.change_note,
               publication.entries]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _freeze(publication: Publication, entries: list[dict], now) -> None:
    previous = (
        Publication.objects.filter(published_list=publication.published_list, status=PublicationStatus.PUBLISHED,
                                   batch__lt=publication.batch)
        .order_by("-batch").first()
    )
    publication.entries = entries
    publication.entry_count = len(entries)
    publication.diff = diff_entries(previous.entries if previous else [], entries)
    publication.status = PublicationStatus.PUBLISHED
    publication.published_at = now
    publication.version = _version(publication)


@transaction.atomic
def publication_publish(
    *,
    page: PublishedListPage,
    document_number: str,
    published_on: dt.date,
    effective_on: dt.date,
    change_note: str = "",
    scheduled_at: dt.datetime | None = None,
    user=None,
    now: dt.datetime | None = None,
) -> Publication:
    """Publish the list's next batch now, or schedule it (`scheduled_at`): the snapshot is taken then.

    Raises ValidationError (bad metadata) or PublicationRefused (entries failing validation); nothing is
    written in either case.
    """
    now = now or timezone.now()
    page = PublishedListPage.objects.select_for_update().get(pk=page.pk)
    errors = _check_metadata(page, document_number=document_number, published_on=published_on,
                             effective_on=effective_on, scheduled_at=scheduled_at, now=now)
    if errors:
        raise ValidationError(errors)
    last = page.publications.order_by("-batch").values_list("batch", flat=True).first() or 0
    publication = Publication(
        published_list=page, batch=last + 1, document_number=document_number.strip(), published_on=published_on,
        effective_on=effective_on, change_note=change_note, created_by=user, scheduled_at=scheduled_at,
        status=PublicationStatus.SCHEDULED,
    )
    if scheduled_at is None:
        _freeze(publication, _snapshot(page), now)
    publication._history_user = user
    publication.full_clean()
    publication.save()
    PublishedListPage.objects.filter(pk=page.pk).update(updated_at=now)
    if scheduled_at is None:
        feed_record(page, operation=ChangeOperation.UPDATE, actor=user)  # the list shows a new batch
    return publication


def publications_publish_due(*, now: dt.datetime | None = None) -> list[Publication]:
    """Publish every scheduled batch whose time has come; one that fails validation is marked refused."""
    now = now or timezone.now()
    done = []
    due = Publication.objects.filter(status=PublicationStatus.SCHEDULED, scheduled_at__lte=now).order_by("scheduled_at")
    for publication in due.select_related("published_list"):
        with transaction.atomic():
            try:
                _freeze(publication, _snapshot(publication.published_list), now)
            except PublicationRefused as refused:
                publication.status = PublicationStatus.REFUSED
                publication.refusal_reasons = refused.messages
            publication.save()
            PublishedListPage.objects.filter(pk=publication.published_list_id).update(updated_at=now)
            if publication.status == PublicationStatus.PUBLISHED:
                feed_record(publication.published_list, operation=ChangeOperation.UPDATE,
                            actor=publication.created_by)
        done.append(publication)
    return done


def publication_as_of(page: PublishedListPage, date: dt.date, *, defer: tuple[str, ...] = ()) -> Publication | None:
    """The batch in force on `date`: the last published one whose effective date is not after it. `defer`
    leaves out fields the caller does not read (a batch's diff is as large a JSON document as its entries)."""
    return (
        page.publications.filter(status=PublicationStatus.PUBLISHED, effective_on__lte=date)
        .order_by("-effective_on", "-batch").defer(*defer).first()
    )


def current_publication(page: PublishedListPage, *, defer: tuple[str, ...] = ()) -> Publication | None:
    return publication_as_of(page, timezone.localdate(), defer=defer)


# What the list page reads of its batches: their lines, and the current batch's entries.
PAGE_DEFERRED = ("diff", "refusal_reasons")


# Public pages -------------------------------------------------------------------------------------------


def filter_entries(entries: list[dict], *, query: str = "", department: str = "", item_type: str = "",
                   level: str = "", tier: str = "") -> list[dict]:
    if not (query or department or item_type or level or tier):
        return entries  # nothing chosen: a county list is a thousand or more entries to walk for nothing
    return [
        entry for entry in entries
        if (not department or entry["department_code"] == department)
        and (not item_type or entry.get("item_type") == item_type)
        and (not level or entry["level"] == level)
        and (not tier or entry.get("tier") == tier)
        and search.text_matches(query, name=entry["name"], codes=entry_codes(entry))
    ]


def entry_codes(entry: dict) -> tuple[str, ...]:
    """The codes a search matches: 实施编码 and 基本编码 of an implementation, the codes of a bundle."""
    if "bundle_code" in entry:
        return (entry["bundle_code"], entry["template_code"])
    return (entry["implementation_code"], entry["catalog_code"])


def _choices(entries, value_key, label_key):
    return sorted({(entry[value_key], entry[label_key]) for entry in entries})


def list_page_context(page: PublishedListPage, request) -> dict:
    publication = current_publication(page, defer=PAGE_DEFERRED)
    entries = publication.entries if publication else []
    params = request.GET if request is not None else {}
    chosen = {name: (params.get(name) or "").strip() for name in ("q", "department", "item_type", "level", "tier")}
    shown = filter_entries(entries, query=chosen["q"], department=chosen["department"],
                           item_type=chosen["item_type"], level=chosen["level"], tier=chosen["tier"])
    bundles = page.subject == ListSubject.BUNDLE
    return {
        "is_bundle_list": bundles,
        "tier_choices": _choices(entries, "tier", "tier_label") if bundles else [],
        "publication": publication,
        "entries": shown,
        "total_entries": len(entries),
        "filters": chosen,
        "department_choices": _choices(entries, "department_code", "department_name"),
        "item_type_choices": [] if bundles else _choices(entries, "item_type", "item_type_label"),
        "level_choices": _choices(entries, "level", "level_label"),
        # The history's lines only: each batch's frozen entries are a large JSON document to decode.
        "batches": list(page.published_batches().defer("entries", *PAGE_DEFERRED)),
    }


# Chinese names of the public fields, for the diff shown on the site.
FIELD_LABELS = {
    "implementation_code": "实施编码", "name": "事项名称", "catalog_code": "基本编码", "item_type": "事项类型代码",
    "item_type_label": "事项类型", "level": "层级代码", "level_label": "层级", "region_code": "区划代码",
    "region_name": "实施区划", "department_name": "实施主体", "department_code": "实施主体代码",
    "visit_count": "到办事现场次数", "online_depth": "网上办理深度代码", "online_depth_label": "网上办理深度",
    "service_area": "通办范围代码", "service_area_label": "通办范围", "handling_type_label": "办件类型",
    "statutory_limit": "法定办结时限", "committed_limit": "承诺办结时限", "charges_fee": "是否收费",
    "online_url": "网上办理地址",
    # 一件事 lists
    "bundle_code": "一件事编码", "template_code": "模板编码", "template_name": "模板名称", "tier_label": "清单层级",
    "batch_year": "批次年份", "template_batch": "批次", "policy_document": "政策文件", "lifecycle_label": "生命周期",
    "target_label": "服务对象", "steps_before": "改革前环节数", "steps_after": "改革后环节数",
    "materials_before": "改革前材料数", "materials_after": "改革后材料数", "days_before": "改革前时限（天）",
    "days_after": "改革后时限（天）", "visits_before": "改革前跑动次数", "visits_after": "改革后跑动次数",
}
# Codes whose label is shown instead.
CODE_FIELDS = {"item_type", "level", "online_depth", "service_area", "tier", "lifecycle", "target"}


def publication_context(publication: Publication) -> dict:
    diff = publication.diff or {}
    changed = [
        {**change, "fields": [(FIELD_LABELS.get(field, field), old, new)
                              for field, (old, new) in sorted(change["fields"].items()) if field not in CODE_FIELDS]}
        for change in diff.get("changed", [])
    ]
    return {"publication": publication, "entries": publication.entries,
            "is_bundle_list": publication.published_list.subject == ListSubject.BUNDLE,
            "diff": {"added": diff.get("added", []), "removed": diff.get("removed", []), "changed": changed}}


# The list page itself ---------------------------------------------------------------------------------


def published_list_publish(*, instance: PublishedListPage, revision, user=None, **options) -> PublishedListPage:
    """Publish the list page (its rule and adjustments); its batches are published apart (publication_publish)."""
    return page_publish(instance=instance, revision=revision, user=user, **options)


def published_list_unpublish(*, instance: PublishedListPage, user=None, **options) -> PublishedListPage:
    return page_unpublish(instance=instance, user=user, **options)


def _published_list_save(*, instance, user=None, publish: bool = True, **options):
    revision = instance.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return PublishedListPage.objects.get(pk=instance.pk)


register_page(PublishedListPage, save=_published_list_save, publish=published_list_publish,
              unpublish=published_list_unpublish)
