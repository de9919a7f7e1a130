"""`load_demo`: 广安市 with three counties, their departments, a real-named catalog and its implementations.

The plan is a pure function of the seed; applying it creates only the rows that are missing, so a second
run changes nothing. Rows are written through config_models' services (the bulk ones for catalog items and
implementations), so every rule, the initial history record and the change feed apply; departments and
legal bases, which have no bulk service, are bulk-inserted with one feed call for them.
"""

import random
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backends

from config_models.models import (
    CatalogItem,
    Department,
    Implementation,
    LegalBasis,
    Material,
    Membership,
    Region,
    RegionKind,
    Role,
)
from config_models.services.catalog import catalog_item_bulk_create
from config_models.services.implementation import implementation_bulk_create
from config_models.services.indicator import monthly_snapshots_take
from config_models.services.membership import membership_save
from config_models.services.region import region_page_sync, region_save
from config_models.services.site import region_site_ensure
from demo import catalog, reference, rows
from demo import lists as demo_lists
from demo.bundles import apply_bundles
from demo.datafiles import read
from demo.evaluations import apply_evaluations
from demo.feed import record_inserted
from demo.governance import apply_governance
from demo.halls import apply_halls
from demo.indicators import apply_indicators
from demo.policies import apply_policies
from demo.proofs import apply_proofs

SEED = 511600
PASSWORD = "tongban-demo"
PORT = 8000
AREA_CODE = "0826"
PORTAL = "https://www.sczwfw.gov.cn/"
REASON = "演示数据"

# Kinds of rows the commands report, as the administrators call them.
KIND_LABELS = {
    "regions": "行政区划",
    "pages": "区划页面",
    "sites": "站点",
    "departments": "实施主体",
    "catalog_items": "基本目录事项",
    "legal_bases": "设定依据",
    "implementations": "实施清单",
    "materials": "申请材料",
    "users": "用户",
    "memberships": "区划角色",
    "halls": "政务服务大厅",
    "windows": "窗口",
    "window_items": "窗口受理事项",
    "window_bundles": "窗口受理的一件事",
    "staff": "窗口人员",
    "rosters": "授权书",
    "delegations": "赋权下放",
    "delegation_requests": "放权申请",
    "bundle_templates": "一件事模板",
    "bundles": "一件事",
    "bundle_quotas": "一件事目标",
    "certificate_types": "电子证照类型",
    "intermediary_services": "中介服务事项",
    "business_policies": "惠企政策",
    "list_types": "清单类型",
    "published_lists": "公布清单",
    "publications": "清单批次",
    "indicators": "效能指标",
    "indicator_targets": "指标目标",
    "review_marks": "待复核标记",
    "catalog_proposals": "事项申请",
    "holidays": "节假日",
    "evaluations": "好差评",
    "bad_review_cases": "差评整改",
    "bad_reviews_closed": "已办结差评",
}

_data = read("regions")
PROVINCE: tuple[str, str] = tuple(_data["province"])
CITY: tuple[str, str] = tuple(_data["city"])
# county -> townships (code suffix, name) -> villages (code suffix, name)
COUNTIES = {
    (county["code"], county["name"]): [
        (suffix, name, [tuple(village) for village in villages]) for suffix, name, villages in county["townships"]
    ]
    for county in _data["counties"]
}
ZONES: list[tuple[str, str, str]] = [tuple(zone) for zone in _data["zones"]]  # code, name, county code
REAL_COUNTY: str = _data["real_county"]  # the county the real index (and its local implementation codes) belongs to
ITEMS_PER_TYPE: dict[str, int] = _data["items_per_type"]
SHARE_BELOW_COUNTY: dict[str, float] = _data["share_below_county"]
# username -> (role, region code, department name, display name); admin is the superuser.
USERS = {username: (Role(role), *rest) for username, (role, *rest) in _data["users"].items()}


@dataclass
class RegionSpec:
    code: str
    name: str
    level: str
    parent_code: str = ""
    kind: str = RegionKind.ADMINISTRATIVE


@dataclass
class DepartmentSpec:
    region_code: str
    name: str
    credit_code: str
    key: str = ""  # department key of items.csv; empty for township governments and village committees


@dataclass
class ImplementationSpec:
    item_code: str
    region_code: str
    department_name: str
    department_region_code: str
    values: dict
    materials: list[dict]


@dataclass
class DemoPlan:
    regions: list[RegionSpec] = field(default_factory=list)
    departments: list[DepartmentSpec] = field(default_factory=list)
    items: list[catalog.ItemSpec] = field(default_factory=list)
    implementations: list[ImplementationSpec] = field(default_factory=list)


def build_plan(seed: int = SEED) -> DemoPlan:
    rng = random.Random(seed)
    plan = DemoPlan()
    plan.regions = _regions()
    plan.items = _items(rng)
    plan.departments = _departments(rng, plan)
    plan.implementations = _implementations(rng, plan, seed)
    return plan


def _regions() -> list[RegionSpec]:
    regions = [RegionSpec(*PROVINCE, "province"), RegionSpec(*CITY, "city", PROVINCE[0])]
    for (county_code, county_name), townships in COUNTIES.items():
        regions.append(RegionSpec(county_code, county_name, "county", CITY[0]))
        for suffix, name, villages in townships:
            township_code = f"{county_code}{suffix}000"
            regions.append(RegionSpec(township_code, name, "township", county_code))
            for village_suffix, village_name in villages:
                regions.append(
                    RegionSpec(f"{county_code}{suffix}{village_suffix}", village_name, "village", township_code)
                )
    # Zones come last: the random draws of the administrative regions stay those of a demo without them.
    regions += [RegionSpec(code, name, "township", county, RegionKind.DEVELOPMENT_ZONE) for code, name, county in ZONES]
    return regions


def _items(rng: random.Random) -> list[catalog.ItemSpec]:
    """A stratified sample of the real index (all of the rare types), then the enforcement items."""
    chosen = []
    by_type: dict[str, list[catalog.SourceItem]] = {}
    for item in catalog.source_items():
        by_type.setdefault(item.item_type, []).append(item)
    for item_type, items in sorted(by_type.items()):
        wanted = ITEMS_PER_TYPE.get(item_type)
        if wanted is None or wanted >= len(items):
            chosen.extend(items)
            continue
        if item_type == "20":
            # Services close to the people first, so townships and villages have something to implement.
            near = [item for item in items if reference.VILLAGE_KEYWORDS.search(item.name)][: wanted * 2 // 3]
            rest = [item for item in items if item not in near]
            chosen.extend(near + rng.sample(rest, wanted - len(near)))
        else:
            chosen.extend(rng.sample(items, wanted))
    chosen.extend(catalog.extra_items())
    allocator = catalog.CodeAllocator("00")
    specs = []
    for item in sorted(chosen, key=lambda item: item.item_type):
        specs.append(catalog.item_spec(rng, item, allocator.main(item.item_type)))
    return specs


def _departments(rng: random.Random, plan: DemoPlan) -> list[DepartmentSpec]:
    taken: set[str] = set()
    keys = sorted({item.department_key for item in plan.items})
    departments = []
    for region in plan.regions:
        if region.kind == RegionKind.DEVELOPMENT_ZONE:  # its own draws, so the others' credit codes stay put
            departments.append(DepartmentSpec(region.code, region.name + "管理委员会",
                                              rows.credit_code(random.Random(region.code), "11", region.code, taken)))
        elif region.level in ("city", "county"):
            for key in keys:
                category = reference.DEPARTMENT_CATEGORY.get(key, "11")
                departments.append(
                    DepartmentSpec(
                        region.code,
                        reference.department_name(key, region.name, region.level),
                        rows.credit_code(rng, category, region.code, taken),
                        key,
                    )
                )
        elif region.level == "township":
            suffix = "办事处" if region.name.endswith("街道") else "人民政府"
            departments.append(
                DepartmentSpec(region.code, region.name + suffix, rows.credit_code(rng, "11", region.code, taken))
            )
        elif region.level == "village":
            suffix = "居民委员会" if region.name.endswith("社区") else "村民委员会"
            departments.append(
                DepartmentSpec(region.code, region.name + suffix, rows.credit_code(rng, "54", region.code, taken))
            )
    return departments


def _implementations(rng: random.Random, plan: DemoPlan, seed: int) -> list[ImplementationSpec]:
    regions = {region.code: region for region in plan.regions}
    by_region_key = {(d.region_code, d.key): d for d in plan.departments if d.key}
    local_body = {d.region_code: d for d in plan.departments if not d.key}
    offices = {}

    def office_of(department: DepartmentSpec, region: RegionSpec):
        if department.credit_code not in offices:
            offices[department.credit_code] = rows.office(
                random.Random(department.credit_code),
                area_code=AREA_CODE,
                region_name=region.name,
                level=region.level,
                portal=PORTAL,
            )
        return offices[department.credit_code]

    result = []
    for item in plan.items:
        profile = rows.item_profile(seed, item)
        for region in plan.regions:
            if region.level not in item.allowed_levels or region.kind == RegionKind.DEVELOPMENT_ZONE:
                continue
            if region.level in ("city", "county"):
                if region.level == "county" and region.code != REAL_COUNTY and rng.random() >= 0.85:
                    continue
                department = by_region_key[(region.code, item.department_key)]
            else:
                if rng.random() >= SHARE_BELOW_COUNTY[region.level]:
                    continue
                department = local_body[region.code]
            values = rows.implementation_values(
                rng, item, profile, office_of(department, regions[department.region_code])
            )
            if region.code == REAL_COUNTY and item.local_item_code:
                values["local_code"] = item.local_item_code
            materials = rows.material_values(rng, item, rng.randint(2, 6))
            result.append(
                ImplementationSpec(item.code, region.code, department.name, department.region_code, values, materials)
            )
    return result


# ---------------------------------------------------------------------------------------------------------
# Applying the plan


@dataclass
class DemoResult:
    created: Counter  # rows created, by kind
    accounts: list[dict]  # the demo users and their passwords


@transaction.atomic
def load_demo(seed: int = SEED) -> DemoResult:
    """Create what is missing of the demo."""
    plan = build_plan(seed)
    created: Counter = Counter()
    regions = _apply_regions(plan, created)
    _apply_sites(regions, created)
    departments = _apply_departments(plan, regions, created)
    items = _apply_items(plan, regions, created)
    # The certificate catalog before the implementations (an exempt material names its type), linked after them.
    new_types = demo_lists.apply_certificate_types(regions, created)
    _apply_implementations(plan, regions, departments, items, created)
    accounts = _apply_users(regions, departments, created)
    _refresh_planner_statistics()
    # Bundles add the implementations their items need; halls then put every implementation at a window.
    apply_bundles(regions, CITY[0], [code for code, _name in COUNTIES], created)
    apply_halls(regions, created)
    _refresh_planner_statistics()
    # Proofs, policies, lists and certificates last: their rules and links read every implementation made above.
    apply_proofs(regions, CITY[0], created)
    apply_policies(regions, [CITY[0], *(code for code, _name in COUNTIES)], created)
    demo_lists.apply_certificates(new_types)
    demo_lists.apply_lists(regions, [code for code, _name in COUNTIES], created)
    apply_indicators(created)
    apply_evaluations(regions, [code for code, _name in COUNTIES], created)
    monthly_snapshots_take(today=timezone.localdate())
    # Governance last: a template edit marks the bundles made above; proposals go through their reviews.
    apply_governance(regions, CITY[0], created)
    return DemoResult(created, accounts)


def _refresh_planner_statistics() -> None:
    """Let PostgreSQL plan the next steps' queries (halls and rosters, list rules) on the rows just written.

    The whole demo is one transaction, so autovacuum has not analysed these rows yet; on tables last
    analysed empty, PostgreSQL estimates one row each and nests loops that take minutes. ANALYZE inside
    the transaction counts the transaction's own rows.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _apply_regions(plan: DemoPlan, created: Counter) -> dict[str, Region]:
    regions = {region.code: region for region in Region.objects.filter(code__in=[r.code for r in plan.regions])}
    for spec in plan.regions:  # parents come before their children
        parent = regions.get(spec.parent_code)
        region = regions.get(spec.code)
        if region is None:
            region = Region(code=spec.code)
            created["regions"] += 1
        elif (region.name, region.level, region.kind, region.parent_id) == (
            spec.name, spec.level, spec.kind, parent.pk if parent else None
        ):
            if not hasattr(region, "page"):
                region_page_sync(region)
            continue
        region.name, region.level, region.kind, region.parent = spec.name, spec.level, spec.kind, parent
        regions[spec.code] = region_save(region=region, reason=REASON)
    return regions


def _apply_sites(regions: dict[str, Region], created: Counter) -> None:
    # Wagtail's initial "Welcome" page is replaced by the city's page (its site goes with it).
    welcome = Page.objects.filter(
        depth=2, slug="home", numchild=0, content_type__model="page", content_type__app_label="wagtailcore"
    ).first()
    if welcome is not None:
        welcome.delete()
    before = Site.objects.count()
    region_site_ensure(region=regions[CITY[0]], hostname="localhost", port=PORT, is_default=True)
    for code, _name in COUNTIES:
        region_site_ensure(region=regions[code], hostname=f"{code}.localhost", port=PORT)
    created["sites"] += max(0, Site.objects.count() - before)


def _apply_departments(plan: DemoPlan, regions: dict[str, Region], created: Counter):
    existing = {
        (department.region.code, department.name): department
        for department in Department.objects.filter(region__in=regions.values()).select_related("region")
    }
    new = []
    for spec in plan.departments:
        if (spec.region_code, spec.name) in existing:
            continue
        department = Department(name=spec.name, credit_code=spec.credit_code, region=regions[spec.region_code])
        department.full_clean()
        new.append(department)
        existing[(spec.region_code, spec.name)] = department
    bulk_create_with_history(new, Department, batch_size=500, default_change_reason=REASON)
    record_inserted(new, parents=False)
    created["departments"] += len(new)
    return existing


def _apply_items(plan: DemoPlan, regions: dict[str, Region], created: Counter) -> dict[str, CatalogItem]:
    existing = {item.code: item for item in CatalogItem.objects.filter(code__in=[spec.code for spec in plan.items])}
    owner = {"province": regions[PROVINCE[0]], "city": regions[CITY[0]]}
    new, bases = [], []
    for spec in plan.items:
        if spec.code in existing:
            continue
        item = CatalogItem(
            code=spec.code,
            name=spec.name,
            item_type=spec.item_type,
            region=owner[spec.region_level],
            allowed_levels=spec.allowed_levels,
            local_code=spec.local_code,
        )
        new.append(item)
        existing[spec.code] = item
    catalog_item_bulk_create(items=new, reason=REASON)
    by_code = {spec.code: spec for spec in plan.items}
    for item in new:
        for order, (law_name, number, clause) in enumerate(by_code[item.code].laws):
            basis = LegalBasis(
                catalog_item=item, law_name=law_name, document_number=number, clause=clause, sort_order=order
            )
            basis.full_clean()
            bases.append(basis)
    bulk_create_with_history(bases, LegalBasis, batch_size=500, default_change_reason=REASON)
    record_inserted(bases)  # a catalog item's legal bases are part of it
    created["catalog_items"] += len(new)
    created["legal_bases"] += len(bases)
    return existing


def index_objects(model, objects) -> None:
    """Bulk writes send no signals: put the new rows into the search index."""
    if not objects:
        return
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)


def _apply_implementations(plan, regions, departments, items, created: Counter) -> None:
    existing = set(
        Implementation.objects.filter(region__in=regions.values()).values_list(
            "catalog_item_id", "region_id", "department_id"
        )
    )
    rows = []
    certificate_types = demo_lists.exempt_material_types()
    for spec in plan.implementations:
        item = items[spec.item_code]
        region = regions[spec.region_code]
        department = departments[(spec.department_region_code, spec.department_name)]
        if (item.pk, region.pk, department.pk) in existing:
            continue
        implementation = Implementation(catalog_item=item, region=region, department=department, **spec.values)
        rows.append((implementation, [_material(row, certificate_types) for row in spec.materials]))
    implementation_bulk_create(rows=rows, reason=REASON)
    created["implementations"] += len(rows)
    created["materials"] += sum(len(materials) for _implementation, materials in rows)


def _material(row: dict, certificate_types: dict) -> Material:
    """A planned material; one the plan marks e-certificate exempt names its type, or is not exempt when the
    catalog has no type of its name."""
    material = Material(**row)
    if material.e_certificate_exempt:
        material.certificate_type = certificate_types.get(material.name)
        material.e_certificate_exempt = material.certificate_type is not None
    return material


def _apply_users(regions: dict[str, Region], departments, created_rows: Counter) -> list[dict]:
    """The superuser and one user per role. Passwords are set only on creation (one hash shared by all:
    hashing is deliberately slow), and checked, not reset, on later runs."""
    User = get_user_model()
    table = []
    hashes: dict[str, bool] = {}

    def demo_password_holds(encoded: str) -> bool:
        if encoded not in hashes:
            hashes[encoded] = check_password(PASSWORD, encoded)
        return hashes[encoded]

    accounts = [("admin", None, "", "", "超级管理员"), *[(name, *values) for name, values in USERS.items()]]
    for username, role, region_code, department_name, display, *office in accounts:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=display,
                email=f"{username}@example.com",
                is_staff=role is None,
                is_superuser=role is None,
            )
            user.password = next((encoded for encoded, holds in hashes.items() if holds), None) or make_password(
                PASSWORD
            )
            hashes[user.password] = True
            user.full_clean()
            user.save()
            created_rows["users"] += 1
        if role is not None:
            region = regions[region_code]
            department = departments[(region_code, department_name)] if department_name else None
            if not Membership.objects.filter(user=user, region=region, role=role).exists():
                membership = Membership(user=user, region=region, role=role, department=department,
                                        office=office[0] if office else "")
                membership._change_reason = REASON
                membership_save(membership=membership)
                created_rows["memberships"] += 1
        table.append(
            {
                "username": username,
                "password": PASSWORD if demo_password_holds(user.password) else "（已修改，未重置）",
                "role": str(Role(role).label) if role else "超级管理员",
                "region": regions[region_code].name if role else "全部",
                "department": department_name,
            }
        )
    return table
