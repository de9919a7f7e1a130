"""一件事: writes (templates, adoptions, publishing) and the computed views of a bundle.

What a bundle shows is computed from the implementations it resolves to, on every read: one material set,
one form, the efficiency table. Nothing is typed twice, so an edit of an implementation or of one of its
materials shows in every bundle using it at once (and is a feed entry of each such bundle, services.feed).

`bundle_overviews` loads everything for any number of bundles in a fixed number of queries (the API calls it
for a page of bundles); `bundle_overview` is the same for one.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from config_models.models import (
    Implementation,
    Material,
    Necessity,
    RegionPage,
    TimeUnit,
)
from config_models.models.bundle import (
    Bundle,
    BundleFormField,
    BundleItem,
    BundleMaterialLink,
    BundleQuota,
    BundleScenario,
    BundleTemplate,
    FormFieldType,
)
from config_models.selectors import implementation as implementation_selectors
from config_models.services.pages import page_publish, page_unpublish, register_page
from config_models.services.registry import register
from config_models.services.review_marks import bundle_template_snapshot, review_marks_raise
from config_models.text import normalize_text

# Words that describe how a material is handed in, not which material it is: 身份证（原件） is 身份证.
_QUALIFIERS = re.compile(r"[（(][^（）()]*(原件|复印件|副本|正本|扫描件|电子版|电子件|照片|份)[^（）()]*[）)]$")
_NOISE = re.compile(r"[\s《》“”\"'·・]")
# When items ask for one material differently, the bundle asks the strictest way: a material one item requires
# is handed in even if another would take a pledge instead.
NECESSITY_RANK = {Necessity.REQUIRED: 3, Necessity.DEFERRABLE: 2, Necessity.PLEDGE: 1, Necessity.OPTIONAL: 0}


def material_key(name: str) -> str:
    """The name two items' materials are matched on: normalised text, no qualifiers, spaces or quotes."""
    text = normalize_text(name or "")
    while True:
        stripped = _QUALIFIERS.sub("", text).strip()
        if stripped == text:
            break
        text = stripped
    return _NOISE.sub("", text).lower()


def working_days(value: int, unit: str) -> int:
    """A limit in working days (natural days count five in seven, rounded up)."""
    if unit == TimeUnit.NATURAL_DAY:
        return math.ceil(value * 5 / 7)
    return value


# Computed views ---------------------------------------------------------------------------------------------


@dataclass
class ResolvedItem:
    item: BundleItem
    catalog_item: object
    implementation: Implementation | None
    scenario_labels: list[str]

    @property
    def days(self) -> int:
        i = self.implementation
        return working_days(i.committed_limit, i.committed_limit_unit) if i else 0


@dataclass
class Step:
    number: int
    name: str
    items: list[ResolvedItem]

    @property
    def days(self) -> int:
        """Items of a step run in parallel: the step takes as long as its longest item."""
        return max((item.days for item in self.items), default=0)


@dataclass
class MergedMaterial:
    name: str
    necessity: str
    form: str
    source: str
    original_copies: int
    photocopy_copies: int
    step: int
    item_names: list[str] = field(default_factory=list)
    item_codes: list[str] = field(default_factory=list)
    note: str = ""
    key: str = ""
    pledge_text: str = ""  # a pledged material's 承诺内容 (the first item's wording)


@dataclass
class MaterialSet:
    to_submit: list[MergedMaterial]  # 必要 and 非必要, asked once each
    deferrable: list[MergedMaterial]  # 容缺: may follow after acceptance
    pledged: list[MergedMaterial]  # 告知承诺: a written pledge instead of the material
    reused: list[MergedMaterial]  # produced by an earlier step of the bundle
    e_certificates: list[MergedMaterial]  # fetched from the e-certificate library
    asked_before: int  # materials the items ask for one by one (duplicates counted)

    @property
    def asked(self) -> list[MergedMaterial]:
        """What the applicant hands in, now or after acceptance (a pledge replaces its material)."""
        return self.to_submit + self.deferrable


@dataclass
class MergedField:
    key: str
    label: str
    field_type: str
    required: bool
    choices: list[str]
    item_codes: list[str]
    item_names: list[str]

    @property
    def type_label(self) -> str:
        return str(FormFieldType(self.field_type).label)


@dataclass
class Measure:
    before: int
    after: int

    @property
    def reduction(self) -> int:
        return self.before - self.after

    @property
    def reduction_percent(self) -> int:
        return round(100 * self.reduction / self.before) if self.before else 0


@dataclass
class Efficiency:
    """Before: the items done one by one. After: the bundle.

    Steps: one per item before, one per bundle step after. Materials: every material of every item before,
    the merged set (容缺 included) after. Days: the items' committed limits added up before, the critical path
    of the steps after (parallel items count once, by the longest). Visits: every item's visits before; after,
    one window takes everything at once, so the most any item needs.
    """

    steps: Measure
    materials: Measure
    days: Measure
    visits: Measure
    committed_days: int | None

    def rows(self):
        return [
            (_("办理环节"), self.steps), (_("申请材料"), self.materials), (_("办理时限（工作日）"), self.days),
            (_("跑动次数"), self.visits),
        ]


@dataclass
class BundleOverview:
    bundle: Bundle
    template: BundleTemplate
    parts: "TemplateParts"
    steps: list[Step]
    missing: list  # catalog items the region does not implement
    materials: MaterialSet
    form: list[MergedField]
    efficiency: Efficiency

    @property
    def implementations(self) -> list[Implementation]:
        return [r.implementation for s in self.steps for r in s.items if r.implementation is not None]

    @property
    def critical_path_days(self) -> int:
        return sum(step.days for step in self.steps)

    @property
    def publishable(self) -> bool:
        return not self.missing


@dataclass
class TemplateParts:
    """A template's child rows, as one computation needs them."""

    items: list[BundleItem]
    scenarios: list[BundleScenario]
    links: list[BundleMaterialLink]
    form_fields: list[BundleFormField]


def _sorted(rows):
    return sorted(rows, key=lambda row: (row.sort_order is None, row.sort_order or 0, row.pk or 0))


def template_parts(template: BundleTemplate) -> TemplateParts:
    """The children of one template (in memory for an unsaved or draft template)."""
    items = _sorted(template.items.all())
    return TemplateParts(items, _sorted(template.scenarios.all()), _sorted(template.material_links.all()),
                         _sorted(template.form_fields.all()))


class _Aliases:
    """Material names declared equal (等同) by a template, closed under transitivity."""

    def __init__(self, links):
        self.parent: dict[str, str] = {}
        for link in links:
            a, b = self.find(material_key(link.name)), self.find(material_key(link.same_as))
            if a != b:
                self.parent[max(a, b)] = min(a, b)

    def find(self, key: str) -> str:
        while key in self.parent:
            key = self.parent[key]
        return key

    def key(self, name: str) -> str:
        return self.find(material_key(name))


def applies(item: BundleItem, scenarios) -> bool:
    """Without chosen scenarios every item is listed; with them, an item applies if it names none or one chosen."""
    return scenarios is None or not item.scenario_keys or bool(set(item.scenario_keys) & set(scenarios))


def compute_overview(
    bundle: Bundle,
    template: BundleTemplate,
    parts: TemplateParts,
    implementations: dict[int, Implementation],
    materials: dict[int, list],
    scenarios=None,
) -> BundleOverview:
    """The bundle as the public reads it. `implementations` maps catalog item ids to the region's
    implementation, `materials` implementation ids to their materials (in order)."""
    labels = {s.key: s.label for s in parts.scenarios}
    by_step: dict[int, list[ResolvedItem]] = defaultdict(list)
    names: dict[int, str] = {}
    missing = []
    for item in parts.items:
        if not applies(item, scenarios):
            continue
        implementation = implementations.get(item.catalog_item_id)
        if implementation is None:
            missing.append(item.catalog_item)
        by_step[item.step].append(
            ResolvedItem(item, item.catalog_item, implementation, [labels.get(k, k) for k in item.scenario_keys])
        )
        names.setdefault(item.step, item.step_name)
    steps = [Step(n, names[n] or _("第%(n)s步") % {"n": n}, by_step[n]) for n in sorted(by_step)]
    material_set = _merge_materials(steps, _Aliases(parts.links), materials)
    form = _merge_form(parts.form_fields, steps)
    resolved = [r for s in steps for r in s.items]
    implemented = [r.implementation for r in resolved if r.implementation is not None]
    critical = sum(step.days for step in steps)
    efficiency = Efficiency(
        steps=Measure(len(resolved), len(steps)),
        materials=Measure(material_set.asked_before, len(material_set.asked)),
        days=Measure(sum(r.days for r in resolved), critical),
        visits=Measure(sum(i.visit_count for i in implemented), max((i.visit_count for i in implemented), default=0)),
        committed_days=bundle.committed_limit if bundle is not None else None,
    )
    return BundleOverview(bundle, template, parts, steps, missing, material_set, form, efficiency)


def _merge_materials(steps: list[Step], aliases: _Aliases, materials: dict[int, list]) -> MaterialSet:
    produced: dict[str, tuple[int, str]] = {}  # key -> (step, item name) of outputs of the steps so far
    merged: dict[str, MergedMaterial] = {}
    reused: dict[str, MergedMaterial] = {}
    certificates: dict[str, MergedMaterial] = {}
    asked_before = 0
    for step in steps:
        for resolved in step.items:
            if resolved.implementation is None:
                continue
            item_name, item_code = resolved.catalog_item.name, resolved.catalog_item.code
            for material in materials.get(resolved.implementation.pk, []):
                asked_before += 1
                key = aliases.key(material.name)
                if key in produced:
                    target, (from_step, from_item) = reused, produced[key]
                    note = _("由第%(step)s步“%(item)s”产生，无需提交") % {"step": from_step, "item": from_item}
                elif material.e_certificate_exempt:
                    target, note = certificates, _("可通过电子证照获取，无需提交")
                else:
                    target, note = merged, ""
                entry = target.get(key)
                if entry is None:
                    entry = target[key] = MergedMaterial(
                        name=material.name, necessity=material.necessity, form=material.form, source=material.source,
                        original_copies=material.original_copies, photocopy_copies=material.photocopy_copies,
                        step=step.number, note=note, key=key, pledge_text=material.pledge_text,
                    )
                elif NECESSITY_RANK.get(material.necessity, 0) > NECESSITY_RANK.get(entry.necessity, 0):
                    entry.necessity = material.necessity
                entry.original_copies = max(entry.original_copies, material.original_copies)
                entry.photocopy_copies = max(entry.photocopy_copies, material.photocopy_copies)
                if item_code not in entry.item_codes:
                    entry.item_codes.append(item_code)
                    entry.item_names.append(item_name)
        # Outputs become available to the steps after this one (not to its parallel items).
        for resolved in step.items:
            for output in resolved.item.outputs:
                produced.setdefault(aliases.key(output), (step.number, resolved.catalog_item.name))
    # A material first asked and later found among the outputs is still asked: its first step needs it.
    asked = list(merged.values())
    return MaterialSet(
        to_submit=[m for m in asked if m.necessity not in (Necessity.DEFERRABLE, Necessity.PLEDGE)],
        deferrable=[m for m in asked if m.necessity == Necessity.DEFERRABLE],
        pledged=[m for m in asked if m.necessity == Necessity.PLEDGE],
        reused=list(reused.values()),
        e_certificates=[m for key, m in certificates.items() if key not in merged],
        asked_before=asked_before,
    )


def _merge_form(form_fields: list[BundleFormField], steps: list[Step]) -> list[MergedField]:
    applicable = {r.catalog_item.code: r.catalog_item.name for s in steps for r in s.items}
    merged: dict[str, MergedField] = {}
    for form_field in form_fields:
        codes = [c for c in (form_field.item_codes or list(applicable)) if c in applicable]
        if not codes:
            continue  # only items of scenarios not chosen use it
        entry = merged.get(form_field.key)
        if entry is None:
            entry = merged[form_field.key] = MergedField(
                form_field.key, form_field.label, form_field.field_type, False, [], [], []
            )
        entry.required = entry.required or form_field.required
        entry.choices += [c for c in form_field.choice_list if c not in entry.choices]
        for code in codes:
            if code not in entry.item_codes:
                entry.item_codes.append(code)
                entry.item_names.append(applicable[code])
    return list(merged.values())


# Loading ----------------------------------------------------------------------------------------------------


def _choose(candidates: list[Implementation], lead_department_id) -> Implementation:
    """One implementation per item: the lead department's if it implements it, else the oldest."""
    return min(candidates, key=lambda i: (i.department_id != lead_department_id, i.pk))


def templates_parts(template_ids) -> dict[int, TemplateParts]:
    """The published children of many templates: four queries, whatever their number."""
    template_ids = list(template_ids)
    parts = {pk: TemplateParts([], [], [], []) for pk in template_ids}
    for item in BundleItem.objects.filter(template_id__in=template_ids).select_related("catalog_item"):
        parts[item.template_id].items.append(item)
    for scenario in BundleScenario.objects.filter(template_id__in=template_ids):
        parts[scenario.template_id].scenarios.append(scenario)
    for link in BundleMaterialLink.objects.filter(template_id__in=template_ids):
        parts[link.template_id].links.append(link)
    for form_field in BundleFormField.objects.filter(template_id__in=template_ids):
        parts[form_field.template_id].form_fields.append(form_field)
    for p in parts.values():
        p.items, p.scenarios, p.links, p.form_fields = map(_sorted, (p.items, p.scenarios, p.links, p.form_fields))
    return parts


def bundle_overviews(bundles: list[Bundle], scenarios=None) -> dict[int, BundleOverview]:
    """Overviews of many bundles in seven queries, whatever their number."""
    bundles = [b for b in bundles if b is not None]
    if not bundles:
        return {}
    template_ids = {b.bundle_template_id for b in bundles}
    templates = {t.pk: t for t in BundleTemplate.objects.filter(pk__in=template_ids)}
    parts = templates_parts(template_ids)
    item_ids = {item.catalog_item_id for p in parts.values() for item in p.items}
    candidates: dict[tuple[int, int], list[Implementation]] = defaultdict(list)
    rows = implementation_selectors.in_force().filter(
        region_id__in={b.region_id for b in bundles}, catalog_item_id__in=item_ids
    ).select_related("catalog_item", "department", "region")
    for implementation in rows:
        candidates[(implementation.region_id, implementation.catalog_item_id)].append(implementation)
    chosen = {}
    for bundle in bundles:
        chosen[bundle.pk] = {
            item.catalog_item_id: _choose(
                candidates[(bundle.region_id, item.catalog_item_id)], bundle.lead_department_id
            )
            for item in parts[bundle.bundle_template_id].items
            if candidates.get((bundle.region_id, item.catalog_item_id))
        }
    materials: dict[int, list] = defaultdict(list)
    implementation_ids = {i.pk for by_item in chosen.values() for i in by_item.values()}
    for material in Material.objects.filter(implementation_id__in=implementation_ids).order_by(
        "implementation_id", "sort_order"
    ):
        materials[material.implementation_id].append(material)
    return {
        bundle.pk: compute_overview(
            bundle, templates[bundle.bundle_template_id], parts[bundle.bundle_template_id], chosen[bundle.pk],
            materials, scenarios,
        )
        for bundle in bundles
    }


def bundle_overview(bundle: Bundle, scenarios=None) -> BundleOverview:
    """One bundle's overview; the bundle may be a draft or a preview (unsaved) instance."""
    if not bundle.region_id:
        bundle.place()
    template = bundle.bundle_template
    parts = template_parts(template)
    rows = implementation_selectors.in_force().filter(
        region_id=bundle.region_id, catalog_item_id__in=[item.catalog_item_id for item in parts.items]
    ).select_related("catalog_item", "department", "region")
    candidates = defaultdict(list)
    for implementation in rows:
        candidates[implementation.catalog_item_id].append(implementation)
    chosen = {key: _choose(found, bundle.lead_department_id) for key, found in candidates.items()}
    materials = defaultdict(list)
    for material in Material.objects.filter(implementation_id__in=[i.pk for i in chosen.values()]).order_by(
        "implementation_id", "sort_order"
    ):
        materials[material.implementation_id].append(material)
    return compute_overview(bundle, template, parts, chosen, materials, scenarios)


# Rules ------------------------------------------------------------------------------------------------------


def bundle_template_problems(template: BundleTemplate, parts: TemplateParts | None = None) -> dict[str, list[str]]:
    """What is wrong with a template's items, scenarios and form fields (Chinese messages by field)."""
    parts = parts or template_parts(template)
    errors: dict[str, list[str]] = defaultdict(list)
    if not parts.items:
        errors["title"].append(_("一件事须至少包含一个事项。"))
    ids = [item.catalog_item_id for item in parts.items]
    if len(ids) != len(set(ids)):
        errors["title"].append(_("同一事项在一件事中只能出现一次。"))
    steps = sorted({item.step for item in parts.items})
    if steps and steps != list(range(1, len(steps) + 1)):
        errors["title"].append(_("步骤须从1开始连续编号，现为：%(steps)s。") % {"steps": "、".join(map(str, steps))})
    keys = [s.key for s in parts.scenarios]
    if len(keys) != len(set(keys)):
        errors["title"].append(_("情形标识不能重复。"))
    for item in parts.items:
        unknown = sorted(set(item.scenario_keys) - set(keys))
        if unknown:
            errors["title"].append(_("事项“%(item)s”的适用情形未定义：%(keys)s。") % {
                "item": item.catalog_item.name, "keys": "、".join(unknown)})
    codes = {item.catalog_item.code for item in parts.items}
    types: dict[str, str] = {}
    for form_field in parts.form_fields:
        unknown = sorted(set(form_field.item_codes) - codes)
        if unknown:
            errors["title"].append(_("表单字段“%(label)s”的使用事项不在本一件事中：%(codes)s。") % {
                "label": form_field.label, "codes": "、".join(unknown)})
        if types.setdefault(form_field.key, form_field.field_type) != form_field.field_type:
            errors["title"].append(_("标识为“%(key)s”的表单字段类型不一致。") % {"key": form_field.key})
    return dict(errors)


def bundle_problems(bundle: Bundle) -> dict[str, list[str]]:
    """What is wrong with a bundle's own fields (a draft may still miss implementations; see publishing)."""
    errors: dict[str, list[str]] = defaultdict(list)
    if not bundle.region_id or not bundle.bundle_template_id:
        return {}
    region, template = bundle.region, bundle.bundle_template
    template_region = template.region if template.region_id else None
    if template_region is not None and not region.is_within(template_region):
        errors["bundle_template"].append(
            _("“%(region)s”不在模板所属的%(owner)s，不能采用该模板。")
            % {"region": region.name, "owner": template_region.name}
        )
    if not template.live:
        errors["bundle_template"].append(_("一件事模板尚未发布，不能采用。"))
    if Bundle.objects.filter(code=bundle.code).exclude(pk=bundle.pk).exists():
        errors["bundle_template"].append(_("%(region)s已采用该一件事模板。") % {"region": region.name})
    if bundle.lead_department_id and not region.is_within(bundle.lead_department.region):
        errors["lead_department"].append(_("牵头部门须属于本区划或其上级区划。"))
    if bundle.committed_limit is not None and template.live:
        overview = bundle_overview(bundle)
        # Only a complete bundle tells what its steps allow; an incomplete one cannot be published anyway.
        if not overview.missing and bundle.committed_limit > overview.critical_path_days:
            errors["committed_limit"].append(
                _("承诺办结时限（%(limit)s个工作日）不能超过各步骤时限之和（并行步骤取最长）%(allowed)s个工作日。")
                % {"limit": bundle.committed_limit, "allowed": overview.critical_path_days}
            )
    return dict(errors)


def bundle_publish_refusal(bundle: Bundle) -> str | None:
    """Why the bundle may not be published yet (Chinese), or None."""
    if not bundle.region_id or not bundle.bundle_template_id:
        return None
    missing = bundle_overview(bundle).missing
    if missing:
        return _("%(region)s尚未实施以下事项，一件事不能发布：%(items)s。") % {
            "region": bundle.region.name, "items": "、".join(item.name for item in missing)}
    return None


# Writes -----------------------------------------------------------------------------------------------------


def _template_check(template: BundleTemplate) -> None:
    errors = bundle_template_problems(template)
    if errors:
        raise ValidationError(errors)


def _bundle_check(bundle: Bundle) -> None:
    refusal = bundle_publish_refusal(bundle)
    if refusal:
        raise ValidationError({"bundle_template": [refusal]})


@transaction.atomic
def bundle_template_publish(*, instance: BundleTemplate, revision, user=None, **options) -> BundleTemplate:
    """Publish a template revision (refused while its items, scenarios or form fields break the rules);
    every bundle adopting it changes for a mirror and is marked 待复核 with what changed in what it inherits.

    Every write of a template publishes a revision (`bundle_template_save` too), so every path comes here."""
    was_live = BundleTemplate.objects.filter(pk=instance.pk, live=True).exists()
    before = bundle_template_snapshot(instance.pk) if was_live else None
    page = page_publish(instance=instance, revision=revision, user=user, check=_template_check, **options)
    if page.live and page.live_revision_id == revision.pk:
        review_marks_raise(source=page, before=before, after=bundle_template_snapshot(page.pk), user=user)
    return page


def bundle_template_unpublish(*, instance: BundleTemplate, user=None, **options) -> BundleTemplate:
    return page_unpublish(instance=instance, user=user, **options)


def bundle_publish(*, instance: Bundle, revision, user=None, **options) -> Bundle:
    """Publish a bundle revision; refused while the region does not implement every item."""
    return page_publish(instance=instance, revision=revision, user=user, check=_bundle_check, **options)


def bundle_unpublish(*, instance: Bundle, user=None, **options) -> Bundle:
    return page_unpublish(instance=instance, user=user, **options)


def _publish(page, user):
    revision = page.save_revision(user=user)
    revision.publish(user=user)
    page.refresh_from_db()
    return page


@transaction.atomic
def bundle_template_save(
    *, template: BundleTemplate, parent: RegionPage | None = None, user=None, publish: bool = True
) -> BundleTemplate:
    """Create (under the city's page `parent`) or update a template, with its children set in memory."""
    errors = bundle_template_problems(template)
    if errors:
        raise ValidationError(errors)
    template._history_user = user
    if template.pk is None:
        if not BundleTemplate.can_create_at(parent):
            raise ValidationError({"title": [_("一件事模板只能建在市级区划页面下。")]})
        template.live = False
        template.slug = template.slug or template.code.lower()
        template.place(parent=parent)
        parent.add_child(instance=template)
    if publish:
        return _publish(template, user)
    template.save_revision(user=user)
    return template


@transaction.atomic
def bundle_save(*, bundle: Bundle, parent: RegionPage | None = None, user=None, publish: bool = True) -> Bundle:
    """Adopt a template in the region of `parent` (new bundle) or save a bundle; publishing needs every item
    implemented in the region."""
    bundle._history_user = user
    if bundle.pk is None:
        if not Bundle.can_create_at(parent):
            raise ValidationError({"bundle_template": [_("一件事只能建在市、县、乡镇或村的区划页面下。")]})
        bundle.place(parent=parent)
        bundle.live = False
        bundle.slug = bundle.slug or bundle.bundle_template.code.lower()
        bundle.full_clean(exclude=["path", "depth", "url_path", "cooperating_departments"])
        parent.add_child(instance=bundle)
    else:
        bundle.full_clean(exclude=["cooperating_departments"])
    if publish:
        refusal = bundle_publish_refusal(bundle)
        if refusal:
            raise ValidationError({"bundle_template": [refusal]})
        return _publish(bundle, user)
    bundle.save_revision(user=user)
    return bundle


# Quotas -----------------------------------------------------------------------------------------------------


@transaction.atomic
def bundle_quota_save(*, quota: BundleQuota, user=None) -> BundleQuota:
    """Quotas are the admin's targets, not a collection of the API: audited, no feed entry."""
    from config_models.services import save_validated

    return save_validated(quota, user=user)


@transaction.atomic
def bundle_quota_delete(*, quota: BundleQuota, user=None) -> None:
    quota._history_user = user
    quota.delete()


def _template_save(*, instance, user=None, **options):
    return bundle_template_save(template=instance, user=user, **options)


def _bundle_save(*, instance, user=None, **options):
    return bundle_save(bundle=instance, user=user, **options)


def _quota_save(*, instance, user=None, **options):
    return bundle_quota_save(quota=instance, user=user)


def _quota_delete(*, instance, user=None, **options):
    bundle_quota_delete(quota=instance, user=user)


register_page(BundleTemplate, save=_template_save, publish=bundle_template_publish,
              unpublish=bundle_template_unpublish)
register_page(Bundle, save=_bundle_save, publish=bundle_publish, unpublish=bundle_unpublish)
register(BundleQuota, save=_quota_save, delete=_quota_delete)

