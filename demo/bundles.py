"""Demo 一件事: real bundles of the three lifecycles, designed by 广安市 and adopted by its counties.

The bundles follow the national lists (国办发〔2022〕32号, 国发〔2024〕3号; domain/standards.md §5): the 13 of the
2024 first national batch are national-tier templates, the others the city's own 地方特色 ones. Their items are
the demo catalog's where it has an item of that name, otherwise items added in the 基本编码 range 00TT9xxxx000
(TT the item type); each county implements every item of every bundle, with the materials of data/bundles.yaml,
so the merged material sets show deduplication, reuse of earlier steps' outputs, e-certificates and 容缺.

Templates and bundles carry the days they went online (`designed`, `online`) as their first publication, so
the quotas, counted on their due dates, and the monthly indicators tell a history.

Applying is idempotent: templates, bundles, items and implementations are found by their codes and names; a
template loaded before it was listed in a national batch is filed under it through the template service.
"""

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from config_models.models import (
    Bundle,
    BundleFormField,
    BundleItem,
    BundleMaterialLink,
    BundleQuota,
    BundleScenario,
    BundleTemplate,
    CatalogItem,
    Department,
    Implementation,
    LegalBasis,
    Material,
    Region,
    RegionPage,
)
from config_models.services import save_validated
from config_models.services.bundle import bundle_overview, bundle_quota_save, bundle_save, bundle_template_save
from config_models.services.catalog import catalog_item_save
from config_models.services.implementation import implementation_save
from demo import reference, rows
from demo.datafiles import read
from demo.feed import record_inserted
from demo.lists import exempt_material_types

REASON = "演示数据"
DEFAULT_LAW = "《优化营商环境条例》"
DEFAULT_BASIS = "《国务院办公厅关于加快推进“一件事一次办”打造政务服务升级版的指导意见》（国办发〔2022〕32号）"


@dataclass
class ItemSpec:
    name: str
    item_type: str
    department_key: str
    step: int
    days: int
    materials: list[tuple[str, str, bool]]  # name, necessity, available as e-certificate
    produces: str = ""
    scenarios: str = ""
    step_name: str = ""
    law: str = DEFAULT_LAW


@dataclass
class BundleSpec:
    code: str
    title: str
    lifecycle: str
    stage: str
    target: str
    lead_key: str
    lead_role: str
    cooperating_roles: str
    items: list[ItemSpec]
    summary: str
    conditions: str
    scenarios: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    # label, key, type, required, choices (one a line), names of the items that use it
    fields: list[tuple[str, str, str, bool, str, list[str]]] = field(default_factory=list)
    basis: str = DEFAULT_BASIS
    # tier, batch_year, batch, policy_document of the national batch listing it (the city's own: local)
    listing: dict = field(default_factory=lambda: {"tier": "local"})
    designed: dt.date | None = None
    online: dt.date | None = None

    @property
    def listing_fields(self) -> dict:
        return {"tier": "local", "batch_year": None, "batch": None, "policy_document": "", **self.listing}


LISTING_FIELDS = ("tier", "batch_year", "batch", "policy_document")


def _material(entry: str | dict) -> tuple[str, str, bool]:
    if isinstance(entry, str):
        return entry, "required", False
    return entry["name"], entry.get("necessity", "required"), entry.get("e_certificate", False)


def _item(entry: dict) -> ItemSpec:
    return ItemSpec(
        name=entry["name"], item_type=entry["type"], department_key=entry["department"], step=entry["step"],
        days=entry["days"], materials=[_material(m) for m in entry["materials"]], produces=entry.get("produces", ""),
        scenarios=entry.get("scenarios", ""), step_name=entry.get("step_name", ""),
        law=entry.get("law", DEFAULT_LAW),
    )


def _field(entry: dict) -> tuple[str, str, str, bool, str, list[str]]:
    return (entry["label"], entry["key"], entry["type"], entry.get("required", True),
            "\n".join(entry.get("choices", [])), entry.get("used_by", []))


def _bundle(entry: dict, applicant_fields: dict[str, list[dict]], dates: dict) -> BundleSpec:
    listed = dict(entry.get("listed", {}))
    basis = entry.get("basis", listed.pop("basis", DEFAULT_BASIS))
    return BundleSpec(
        code=entry["code"], title=entry["title"], lifecycle=entry["lifecycle"], stage=entry["stage"],
        target=entry["target"], lead_key=entry["lead"], lead_role=entry["lead_role"],
        cooperating_roles=entry["cooperating_roles"], items=[_item(i) for i in entry["items"]],
        summary=entry["summary"], conditions=entry["conditions"],
        scenarios=list(entry.get("scenarios", {}).items()),
        links=[tuple(pair) for pair in entry.get("same_materials", [])],
        fields=[_field(f) for f in [*applicant_fields[entry["applicant"]], *entry.get("fields", [])]],
        basis=basis,
        listing={key: listed[key] for key in LISTING_FIELDS if key in listed} or {"tier": "local"},
        designed=entry.get("designed", dates["designed"]),
        online=entry.get("online", dates["online"]),
    )


_data = read("bundles")
BUNDLES = [_bundle(entry, _data["applicant_fields"], _data["dates"]) for entry in _data["bundles"]]
QUOTAS = [(quota["count"], quota["due"], quota["note"]) for quota in _data["quotas"]]


def apply_bundles(regions: dict[str, Region], city_code: str, county_codes: list[str], created: Counter) -> None:
    """Create what is missing of the demo bundles, their items and implementations, and the quotas."""
    rng = random.Random("bundles")
    city = regions[city_code]
    items = _catalog_items(regions, created)
    counties = [regions[code] for code in county_codes]
    departments = {county.pk: _departments(county, rng) for county in counties}
    for county in counties:
        _implementations(county, departments[county.pk], items, created)
    city_page = RegionPage.objects.get(region=city)
    for spec in BUNDLES:
        template = BundleTemplate.objects.filter(code=spec.code).first()
        if template is None:
            template = _template(spec, items, city_page, created)
        else:
            template = _list(template, spec)
        for county in counties:
            if Bundle.objects.filter(code=f"{spec.code}-{county.code}").exists():
                continue
            _adopt(spec, template, county, departments[county.pk], created)
    for count, due, note in QUOTAS:
        if not BundleQuota.objects.filter(region=city, level="county", count=count, due_date=due).exists():
            bundle_quota_save(quota=BundleQuota(region=city, level="county", count=count, due_date=due, note=note))
            created["bundle_quotas"] += 1


def _item_specs() -> dict[str, ItemSpec]:
    specs = {}
    for bundle in BUNDLES:
        for item in bundle.items:
            specs.setdefault(item.name, item)
    return specs


def _catalog_items(regions, created: Counter) -> dict[str, CatalogItem]:
    """The demo catalog's item of each name, or a new one (codes 00TT9NNNN000, in the order of BUNDLES)."""
    found = {}
    for number, (name, spec) in enumerate(_item_specs().items(), start=1):
        code = f"00{spec.item_type}9{number:04d}000"
        item = CatalogItem.objects.filter(name=name).order_by("code").first()
        if item is None:
            item = CatalogItem(
                code=code, name=name, item_type=spec.item_type, region=regions["510000"], allowed_levels=["county"]
            )
            item.legal_bases = [LegalBasis(law_name=spec.law, sort_order=0)]
            catalog_item_save(item=item, reason=REASON)
            created["catalog_items"] += 1
            created["legal_bases"] += 1
        found[name] = item
    return found


def _departments(county: Region, rng: random.Random) -> dict[str, Department]:
    wanted = {item.department_key for bundle in BUNDLES for item in bundle.items} | {b.lead_key for b in BUNDLES}
    result = {}
    for key in sorted(wanted):
        name = reference.department_name(key, county.name, county.level)
        department = Department.objects.filter(region=county, name=name).first()
        if department is None:
            taken = set(Department.objects.values_list("credit_code", flat=True))
            department = Department(
                name=name, region=county, credit_code=rows.credit_code(rng, "11", county.code, taken)
            )
            save_validated(department, reason=REASON)
            record_inserted(department, parents=False)
        result[key] = department
    return result


def _implementations(county, departments, items, created: Counter) -> None:
    specs = _item_specs()
    certificate_types = exempt_material_types()
    for n, (name, spec) in enumerate(specs.items()):
        item = items[name]
        # an e-certificate the catalog has (an exempt material names its type); otherwise handed in on paper
        materials = [
            Material(name=material, necessity=necessity, photocopy_copies=1,
                     e_certificate_exempt=e_cert and material in certificate_types,
                     certificate_type=certificate_types.get(material) if e_cert else None)
            for material, necessity, e_cert in spec.materials
        ]
        if Implementation.objects.filter(catalog_item=item, region=county).exists():
            continue  # the demo catalog's own implementation, with the demo's materials
        if "county" not in item.allowed_levels:
            continue
        department = departments[spec.department_key]
        immediate = spec.days == 0
        implementation = Implementation(
            catalog_item=item,
            region=county,
            department=department,
            statutory_limit=max(spec.days * 2, 1),
            committed_limit=spec.days,
            handling_type="immediate" if immediate else "committed",
            service_objects=["2", "5"]
            if spec.item_type == "01" and "登记" in name and "户口" not in name
            else ["1", "2"],
            visit_count=1,
            visit_reason="需现场核验申请人身份证件原件",
            consult_phone=f"0826-2{county.code[-3:]}{n:03d}",
            complaint_phone="12345",
            address=f"{county.name}政务服务中心",
            office_hours="工作日 9:00–12:00，13:30–17:30",
        )
        implementation_save(implementation=implementation, materials=materials, reason=REASON)
        created["implementations"] += 1
        created["materials"] += len(materials)


def _at(day: dt.date | None) -> dt.datetime | None:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9))) if day else None


def _list(template: BundleTemplate, spec: BundleSpec) -> BundleTemplate:
    """File a template loaded before under its national batch (a revision published through the service)."""
    wanted = spec.listing_fields
    if all(getattr(template, key) == value for key, value in wanted.items()):
        return template
    for key, value in wanted.items():
        setattr(template, key, value)
    template._change_reason = REASON
    return bundle_template_save(template=template)


def _template(spec: BundleSpec, items, city_page, created: Counter) -> BundleTemplate:
    template = BundleTemplate(
        **spec.listing_fields,
        first_published_at=_at(spec.designed),
        title=spec.title,
        code=spec.code,
        lifecycle=spec.lifecycle,
        stage=spec.stage,
        target=spec.target,
        lead_role=spec.lead_role,
        cooperating_roles=spec.cooperating_roles,
        summary=spec.summary,
        basis=f"<p>{spec.basis}</p>",
        conditions=f"<p>{spec.conditions}</p>",
        process="<p>申请人一次提交申请，综合窗口一窗受理，牵头部门分送配合部门并联审批，统一出件。</p>",
        channels="<p>到政务服务中心综合受理窗口办理，或登录天府通办网上办理。</p>",
        consultation="<p>拨打12345政务服务便民热线，或到政务服务中心咨询导办台咨询。</p>",
    )
    template.scenarios = [
        BundleScenario(key=key, label=label, sort_order=n) for n, (key, label) in enumerate(spec.scenarios)
    ]
    template.items = [
        BundleItem(
            catalog_item=items[item.name],
            step=item.step,
            step_name=item.step_name,
            produces=item.produces,
            scenarios=item.scenarios,
            sort_order=n,
        )
        for n, item in enumerate(spec.items)
    ]
    template.material_links = [
        BundleMaterialLink(name=a, same_as=b, sort_order=n) for n, (a, b) in enumerate(spec.links)
    ]
    template.form_fields = [
        BundleFormField(
            label=label,
            key=key,
            field_type=kind,
            required=required,
            choices=choices,
            used_by=",".join(items[name].code for name in users),
            sort_order=n,
        )
        for n, (label, key, kind, required, choices, users) in enumerate(spec.fields)
    ]
    for child in [*template.scenarios.all(), *template.items.all(), *template.form_fields.all()]:
        child.full_clean(exclude=["template"])
    created["bundle_templates"] += 1
    return bundle_template_save(template=template, parent=city_page)


def _adopt(spec: BundleSpec, template, county, departments, created: Counter) -> Bundle:
    lead = departments[spec.lead_key]
    bundle = Bundle(
        title=f"{county.name}{spec.title}",
        bundle_template=template,
        lead_department=lead,
        committed_limit=0,
        address=f"{county.name}政务服务中心一楼“高效办成一件事”综合窗口",
        office_hours="工作日 9:00–12:00，13:30–17:30",
        consult_phone="0826-12345",
        first_published_at=_at(spec.online),
    )
    bundle.region = county
    bundle.place(parent=RegionPage.objects.get(region=county))
    # The county promises about two thirds of what its steps allow (减时限).
    overview = bundle_overview(bundle)
    if not overview.publishable:
        bundle.first_published_at = None  # a draft has not gone online
    bundle.committed_limit = overview.critical_path_days * 2 // 3
    bundle.cooperating_departments = sorted(
        {departments[i.department_key] for i in spec.items} - {lead}, key=lambda d: d.pk
    )
    # A county that does not implement every item keeps its adoption as a draft (it cannot be published).
    bundle = bundle_save(bundle=bundle, parent=RegionPage.objects.get(region=county), publish=overview.publishable)
    created["bundles"] += 1
    return bundle
