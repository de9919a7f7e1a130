"""`generate_load_data`: a city-sized data set for measuring speed (about 90,000 implementations), or a
province of 20 such cities (about 1.8 million implementations, 11 million materials).

It lives in its own code ranges, so it sits beside the demo without colliding: regions under 520000/520100,
catalog codes starting with 52 (an item the province added, standards.md §1), credit codes registered in
52xxxx. Region names below the city are synthetic; item names come from the real index (items.csv), with
sub-items (…（变更）) added to reach the wanted count.

Rows are validated (each model's clean and field checks; uniqueness holds by construction) and written in
batches, each with its initial history record: the catalog through its bulk service, bulk_create for the
other thousands, plain multi-row INSERTs (fastwrite) for the hundreds of thousands; rows written without a
service get their change-feed entries in one call per kind.

A province's first city is generated row by row as above; every further city gets its own regions, pages
and departments the same way, and its implementations and materials (with their history) as copies of the
first city's, mapped onto its regions and departments by INSERT … SELECT inside the database: validating
and sending 11 million rows from Python would take hours on two cores, and a copy of validated rows under
the same-shaped tree keeps every rule (the catalog is the province's, so each city implements the same
items). Their addresses and phone numbers stay the first city's.
"""

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_model_for_model

from cms.models import MirrorSnapshot
from config_models.codes import CREDIT_CODE_LENGTH
from config_models.models import (
    CatalogItem,
    Change,
    Department,
    Implementation,
    LegalBasis,
    Material,
    Membership,
    Region,
    RegionPage,
)
from config_models.services.catalog import catalog_item_bulk_create
from config_models.services.feed import feed_record_copied
from config_models.services.region import region_save
from config_models.services.site import region_site_ensure
from demo import catalog, fastwrite, reference, rows
from demo.builder import index_objects
from demo.feed import record_inserted
from demo.pages import bulk_region_pages

SEED = 520100
PROVINCE = ("520000", "贵州省")
CITY = ("520100", "贵阳市")
CATALOG_SOURCE = "52"
AREA_CODE = "0851"
PORTAL = "https://zwfw.guizhou.gov.cn/"
REASON = "压测数据"
SITE_HOSTNAME = "520100.localhost"
SITE_PORT = 8000

SUB_ITEM_SUFFIXES = ["首次申请", "变更", "延续", "注销", "补证", "换证", "信息变更", "遗失补办"]


@dataclass(frozen=True)
class Scale:
    counties: int
    townships: int
    villages_per_township: int
    items: int
    # 行使层级 profiles of the catalog items, with their weights
    profiles: dict[tuple[str, ...], int]
    # The share of the items open to a level that each region of that level implements
    shares: dict[str, float]
    materials: tuple[int, int] = (4, 8)  # per implementation, inclusive: about 6
    cities: int = 1  # more than one: a province of same-shaped cities (the first one is CITY)


SCALES = {
    "tiny": Scale(
        counties=2,
        townships=4,
        villages_per_township=2,
        items=50,
        profiles={("city", "county"): 20, ("county", "township"): 30, ("county", "township", "village"): 50},
        shares={"city": 1.0, "county": 1.0, "township": 1.0, "village": 1.0},
    ),
    "city": Scale(
        counties=12,
        townships=150,
        villages_per_township=12,
        items=3000,
        profiles={
            ("county",): 50,
            ("city", "county"): 25,
            ("county", "township"): 13,
            ("county", "township", "village"): 12,
        },
        shares={"city": 1.0, "county": 0.8, "township": 0.27, "village": 0.047},
    ),
}
SCALES["province"] = replace(SCALES["city"], cities=20)

CHUNK = 5000  # implementations written per batch (with their materials)


class LoadDataExists(Exception):
    pass


def load_data_present() -> bool:
    return (
        Region.objects.filter(code__in=[PROVINCE[0], CITY[0]]).exists()
        or CatalogItem.objects.filter(code__startswith=CATALOG_SOURCE).exists()
    )


def generate(scale: Scale, *, reset: bool = False, seed: int = SEED, log: Callable[[str], None] = print) -> Counter:
    """Write the load data set; refuses when one is there already, unless `reset` deletes it first."""
    if load_data_present():
        if not reset:
            raise LoadDataExists
        started = time.monotonic()
        deleted = delete_load_data()
        log(f"已删除原有压测数据（{sum(deleted.values())} 行，{time.monotonic() - started:.1f} 秒）。")
    created = _Generator(scale, seed, log).run()
    _vacuum_analyze(log)
    return created


def _vacuum_analyze(log) -> None:
    """After a bulk load, PostgreSQL's own maintenance would otherwise run on the new rows while they are
    first measured (autovacuum sets their visibility and statistics a while later): run it now. VACUUM
    cannot run inside a transaction, so inside one (a test) this is left to autovacuum."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    started = time.monotonic()
    audited = [Implementation, Material, Region, Department]
    models = [Change, *audited, *(get_history_model_for_model(model) for model in audited)]
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")
    log(f"VACUUM ANALYZE（{time.monotonic() - started:.1f} 秒）")


class _Generator:
    def __init__(self, scale: Scale, seed: int, log):
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.log = log
        self.created: Counter = Counter()
        self.started = time.monotonic()

    def step(self, message: str) -> None:
        self.log(f"[{time.monotonic() - self.started:6.1f} 秒] {message}")

    @transaction.atomic
    def run(self) -> Counter:
        self.province = region_save(region=Region(code=PROVINCE[0], name=PROVINCE[1], level="province"))
        self.names = _NameMaker(self.rng)
        self.regions_and_pages(CITY)
        region_site_ensure(region=self.city, hostname=SITE_HOSTNAME, port=SITE_PORT)
        self.step(f"站点 {SITE_HOSTNAME}:{SITE_PORT}")
        self.departments()
        self.write_catalog()
        self.implementations()
        first_city = _CityRows(
            self.city_tree(),
            [department.pk for department in self.city_departments],
            (self.first_implementation_id, self.next_implementation_id),
            (self.first_material_id, self.next_material_id),
            self.first_entries,
        )
        for number in range(2, self.scale.cities + 1):
            code = f"{PROVINCE[0][:2]}{number:02d}00"
            self.regions_and_pages((code, self.names.make(self.province, "市")))
            self.departments()
            self.copy_implementations(first_city)
        if self.scale.cities > 1:
            fastwrite.reset_sequences(Implementation, Material)
        self.created["regions"] += 1
        self.created["pages"] += 1
        return self.created

    # -- regions -----------------------------------------------------------------------------------------

    def regions_and_pages(self, city: tuple[str, str]) -> None:
        """A city's tree (always the same shape) and its pages; `self.city` and its lists are this city's."""
        self.city = region_save(region=Region(code=city[0], name=city[1], level="city", parent=self.province))
        names = self.names
        self.counties, self.townships, self.villages = [], [], []
        for index in range(self.scale.counties):
            district = index < max(1, self.scale.counties * 2 // 3)
            number = index + 2 if district else 21 + index - max(1, self.scale.counties * 2 // 3)
            code = f"{city[0][:4]}{number:02d}"
            self.counties.append(
                self._region(code, names.make(self.city, "区" if district else "县"), "county", self.city)
            )
        self._write_regions(self.counties)
        per_county = _spread(self.scale.townships, self.scale.counties)
        for county, count in zip(self.counties, per_county, strict=True):
            streets = max(1, round(count * 0.4))
            towns = max(1, round(count * 0.45)) if count > 1 else 0
            for index in range(count):
                if index < streets:
                    suffix, number = "街道", 1 + index
                elif index < streets + towns:
                    suffix, number = "镇", 100 + index - streets
                else:
                    suffix, number = "乡", 200 + index - streets - towns
                code = f"{county.code}{number:03d}000"
                self.townships.append(self._region(code, names.make(county, suffix), "township", county))
        self._write_regions(self.townships)
        for township in self.townships:
            street = township.name.endswith("街道")
            communities = self.scale.villages_per_township if street else max(1, self.scale.villages_per_township // 4)
            for index in range(self.scale.villages_per_township):
                if index < communities:
                    suffix, number = "社区", 1 + index
                else:
                    suffix, number = "村", 200 + index - communities
                code = f"{township.code[:9]}{number:03d}"
                self.villages.append(self._region(code, names.make(township, suffix), "village", township))
        self._write_regions(self.villages)
        record_inserted([*self.counties, *self.townships, *self.villages], parents=False)
        self.step(f"{self.city.name}：行政区划 {1 + len(self.counties) + len(self.townships) + len(self.villages)} 个")
        pages = bulk_region_pages(self.counties + self.townships + self.villages)
        index_objects(RegionPage, list(RegionPage.objects.filter(pk__in=[page.pk for page in pages])))
        self.created["regions"] += 1 + len(pages)
        self.created["pages"] += 1 + len(pages)
        self.step(f"{self.city.name}：区划页面 {1 + len(pages)} 个")

    def city_tree(self) -> list[int]:
        return [region.pk for region in (self.city, *self.counties, *self.townships, *self.villages)]

    def _region(self, code: str, name: str, level: str, parent: Region) -> Region:
        region = Region(code=code, name=name, level=level, parent=parent, path=f"{parent.path}{code}/")
        region.full_clean()
        return region

    def _write_regions(self, regions: list[Region]) -> None:
        bulk_create_with_history(regions, Region, batch_size=1000, default_change_reason=REASON)

    # -- departments -------------------------------------------------------------------------------------

    def departments(self) -> None:
        taken = set(Department.objects.values_list("credit_code", flat=True))
        keys = sorted(reference.DEPARTMENT_DOMAINS)
        self.by_key: dict[tuple[int, str], Department] = {}
        self.local_body: dict[int, Department] = {}
        new = []
        for region in [self.city, *self.counties]:
            for key in keys:
                category = reference.DEPARTMENT_CATEGORY.get(key, "11")
                department = Department(
                    name=reference.department_name(key, region.name, region.level),
                    region=region,
                    credit_code=rows.credit_code(self.rng, category, region.code, taken),
                )
                self.by_key[(region.pk, key)] = department
                new.append(department)
        for region in self.townships + self.villages:
            if region.level == "township":
                name = region.name + ("办事处" if region.name.endswith("街道") else "人民政府")
                category = "11"
            else:
                name = region.name + ("居民委员会" if region.name.endswith("社区") else "村民委员会")
                category = "54"
            department = Department(
                name=name, region=region, credit_code=rows.credit_code(self.rng, category, region.code, taken)
            )
            self.local_body[region.pk] = department
            new.append(department)
        for department in new:
            department.full_clean(exclude=["region"], validate_unique=False)  # codes are unique by construction
        bulk_create_with_history(new, Department, batch_size=1000, default_change_reason=REASON)
        self.city_departments = new
        record_inserted(new, parents=False)
        self.created["departments"] += len(new)
        self.step(f"实施主体 {len(new)} 个")

    # -- catalog -----------------------------------------------------------------------------------------

    def write_catalog(self) -> None:
        sources = [*catalog.source_items(), *catalog.extra_items()]
        if self.scale.items < len(sources):
            sources = self.rng.sample(sources, self.scale.items)
        levels_of = self._levels(sources)
        allocator = catalog.CodeAllocator(CATALOG_SOURCE)
        mains: list[catalog.ItemSpec] = []
        for source in sorted(sources, key=lambda item: item.item_type):
            code = allocator.main(source.item_type)
            mains.append(catalog.item_spec(self.rng, source, code, levels=list(levels_of[source.name])))
        subs: list[catalog.ItemSpec] = []
        sub_counts: Counter = Counter()
        order = list(range(len(mains)))
        self.rng.shuffle(order)
        position = 0
        while len(mains) + len(subs) < self.scale.items:
            main = mains[order[position % len(order)]]
            position += 1
            suffixes = [s for s in SUB_ITEM_SUFFIXES if s not in main.name]
            if sub_counts[main.code] >= len(suffixes):
                continue
            suffix = suffixes[sub_counts[main.code]]
            sub_counts[main.code] += 1
            source = catalog.SourceItem(main.department_key, main.name, f"{main.name}（{suffix}）", "", main.item_type)
            spec = catalog.item_spec(
                self.rng, source, allocator.sub(main.code, sub_counts[main.code]), levels=main.allowed_levels
            )
            spec.parent_code, spec.laws = main.code, main.laws
            subs.append(spec)
        self.specs = mains + subs
        # A province's cities share the catalog, so their items are the province's.
        owners = {"province": self.province, "city": self.city if self.scale.cities == 1 else self.province}
        self.items: dict[str, CatalogItem] = {}
        for group in (mains, subs):
            new = []
            for spec in group:
                item = CatalogItem(
                    code=spec.code,
                    name=spec.name,
                    item_type=spec.item_type,
                    region=owners[spec.region_level],
                    allowed_levels=spec.allowed_levels,
                    local_code=spec.local_code,
                    parent=self.items.get(spec.parent_code),
                )
                new.append(item)
                self.items[spec.code] = item
            catalog_item_bulk_create(items=new, reason=REASON)
        bases = []
        for spec in self.specs:
            for order_, (law_name, number, clause) in enumerate(spec.laws):
                basis = LegalBasis(
                    catalog_item=self.items[spec.code],
                    law_name=law_name,
                    document_number=number,
                    clause=clause,
                    sort_order=order_,
                )
                basis.full_clean(exclude=["catalog_item"])
                bases.append(basis)
        bulk_create_with_history(bases, LegalBasis, batch_size=1000, default_change_reason=REASON)
        record_inserted(bases)  # a catalog item's legal bases are part of it
        self.created["catalog_items"] += len(self.items)
        self.created["legal_bases"] += len(bases)
        self.step(f"基本目录事项 {len(self.items)} 项（其中子项 {len(subs)} 项），设定依据 {len(bases)} 条")

    def _levels(self, sources: list[catalog.SourceItem]) -> dict[str, tuple[str, ...]]:
        """行使层级 in the scale's proportions; the levels closest to the people go to the items whose names
        suggest such services (低保, 社保卡, 高龄津贴 …), never to enforcement."""

        def nearness(item: catalog.SourceItem) -> int:
            if item.item_type in reference.ENFORCEMENT_TYPES or item.item_type == "04":
                return -1
            if reference.VILLAGE_KEYWORDS.search(item.name):
                return 2
            return 1 if reference.TOWNSHIP_KEYWORDS.search(item.name) else 0

        ranked = sorted(sources, key=lambda item: (-nearness(item), self.rng.random()))
        total = sum(self.scale.profiles.values())
        profiles = sorted(self.scale.profiles, key=lambda p: ("village" not in p, "township" not in p))
        levels, start = {}, 0
        for profile in profiles:
            if "township" not in profile:
                break
            count = round(len(ranked) * self.scale.profiles[profile] / total)
            levels.update({item.name: profile for item in ranked[start : start + count]})
            start += count
        rest = [p for p in profiles if "township" not in p]
        weights = [self.scale.profiles[p] for p in rest]
        for item in ranked[start:]:
            levels[item.name] = self.rng.choices(rest, weights)[0] if rest else profiles[-1]
        return levels

    # -- implementations ---------------------------------------------------------------------------------

    def implementations(self) -> None:
        open_to = {level: [s for s in self.specs if level in s.allowed_levels] for level in self.scale.shares}
        profiles = {spec.code: rows.item_profile(self.seed, spec) for spec in self.specs}
        offices: dict[str, rows.Office] = {}
        self.implementation_writer = fastwrite.TableWriter(Implementation, change_reason=REASON)
        self.material_writer = fastwrite.TableWriter(Material, change_reason=REASON)
        self.first_implementation_id = self.next_implementation_id = first_id = fastwrite.next_id(Implementation)
        self.first_material_id = self.next_material_id = fastwrite.next_id(Material)
        self.valid_materials: set[tuple] = set()
        pending: list[tuple[Implementation, list[dict]]] = []
        for region in [self.city, *self.counties, *self.townships, *self.villages]:
            candidates = open_to[region.level]
            share = self.scale.shares[region.level]
            chosen = candidates if share >= 1 else self.rng.sample(candidates, round(len(candidates) * share))
            for spec in chosen:
                if region.level in ("city", "county"):
                    department = self.by_key[(region.pk, spec.department_key)]
                else:
                    department = self.local_body[region.pk]
                place = offices.get(department.credit_code)
                if place is None:
                    place = offices[department.credit_code] = rows.office(
                        random.Random(department.credit_code),
                        area_code=AREA_CODE,
                        region_name=region.name,
                        level=region.level,
                        portal=PORTAL,
                    )
                values = rows.implementation_values(self.rng, spec, profiles[spec.code], place)
                implementation = Implementation(
                    catalog_item=self.items[spec.code], region=region, department=department, live=True, **values
                )
                # Every rule of the model; the foreign keys and the uniqueness hold by construction.
                implementation.full_clean(
                    exclude=["catalog_item", "region", "department"], validate_unique=False, validate_constraints=False
                )
                materials = rows.material_values(self.rng, spec, self.rng.randint(*self.scale.materials),
                                                 certificate_catalog=False)
                pending.append((implementation, materials))
                if len(pending) >= CHUNK:
                    self._write(pending)
                    pending = []
        self._write(pending)
        fastwrite.reset_sequences(Implementation, Material)
        # No bulk service matches these volumes: one feed call for every implementation written above (their
        # materials are part of them).
        written = Implementation.objects.filter(pk__gte=first_id, pk__lt=self.next_implementation_id)
        head = _feed_head()
        record_inserted(written, parents=False)
        self.first_entries = (head, _feed_head())
        self.step(f"变更记录 {self.created['implementations']:,} 条实施清单")

    def copy_implementations(self, source: "_CityRows") -> None:
        """The first city's implementations and materials, with their history, as this city's (see above)."""
        shift = self.next_implementation_id - source.implementations[0]
        material_shift = self.next_material_id - source.materials[0]
        regions = dict(zip(source.regions, self.city_tree(), strict=True))
        departments = dict(zip(source.departments, [d.pk for d in self.city_departments], strict=True))
        with connection.cursor() as cursor:
            for table, pairs in (("tongban_load_region_map", regions), ("tongban_load_department_map", departments)):
                cursor.execute(f"CREATE TEMPORARY TABLE {table} (old_id bigint PRIMARY KEY, new_id bigint NOT NULL)")
                cursor.executemany(f"INSERT INTO {table} (old_id, new_id) VALUES (%s, %s)", list(pairs.items()))
            for model, ids, id_shift in (
                (Implementation, source.implementations, shift),
                (Material, source.materials, material_shift),
            ):
                for table_model in (model, get_history_model_for_model(model)):
                    cursor.execute(*_copy_sql(table_model, ids, id_shift, shift))
            for table in ("tongban_load_region_map", "tongban_load_department_map"):
                cursor.execute(f"DROP TABLE {table}")
        copied = source.implementations[1] - source.implementations[0]
        materials = source.materials[1] - source.materials[0]
        self.next_implementation_id += copied
        self.next_material_id += materials
        self.created["implementations"] += copied
        self.created["materials"] += materials
        feed_record_copied(
            *_copy_entries_sql(source.entries, shift),
            paths={region.path for region in (self.city, *self.counties, *self.townships, *self.villages)},
        )
        self.step(
            f"{self.city.name}：实施清单 {copied:,} 条，申请材料 {materials:,} 条（复制自{CITY[1]}），变更记录已写入"
        )

    def _write(self, pending) -> None:
        if not pending:
            return
        implementations = []
        materials = []
        for implementation, values in pending:
            implementation.pk = self.next_implementation_id
            self.next_implementation_id += 1
            implementations.append(implementation)
            for row in values:
                self._check_material(row)
                materials.append({**row, "id": self.next_material_id, "implementation_id": implementation.pk})
                self.next_material_id += 1
        self.implementation_writer.write(implementations)
        self.material_writer.write_values(materials)
        self.created["implementations"] += len(implementations)
        self.created["materials"] += len(materials)
        self.step(f"实施清单 {self.created['implementations']:,} 条，申请材料 {self.created['materials']:,} 条")

    def _check_material(self, row: dict) -> None:
        """Every rule of Material, checked once for each distinct set of values (there are a few thousand)."""
        key = tuple(sorted((name, value) for name, value in row.items() if name != "sort_order"))
        if key in self.valid_materials:
            return
        material = Material(**row)
        material.full_clean(exclude=["implementation"])
        changed = [name for name, value in row.items() if getattr(material, name) != value]
        if changed:
            raise ValueError(f"generated material values are not normalised: {changed}")
        self.valid_materials.add(key)


@dataclass(frozen=True)
class _CityRows:
    """The first city's regions and departments in generation order (the same order in every city, so the
    n-th of one city corresponds to the n-th of another), and the id ranges [first, last + 1) of its rows."""

    regions: list[int]
    departments: list[int]
    implementations: tuple[int, int]
    materials: tuple[int, int]
    entries: tuple[int, int]  # the feed sequences (after, last] of its implementations' entries


# The columns a copied row takes from the new city rather than from its source row.
_MAPPED = {"region_id": "r.new_id", "department_id": "d.new_id"}


def _copy_sql(model, ids: tuple[int, int], shift: int, implementation_shift: int) -> tuple[str, list[int]]:
    """INSERT … SELECT of the rows of `model` (a table or its history) whose ids are in [first, last), at ids
    moved by `shift`, under implementations moved by `implementation_shift`, on the new city's regions and
    departments."""
    quote = connection.ops.quote_name
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname == "history_id":
            continue  # the history table numbers its own rows
        column = quote(field.column)
        columns.append(column)
        if field.attname == "id":
            values.append(f"t.{column} + {shift}")
        elif field.attname == "implementation_id":
            values.append(f"t.{column} + {implementation_shift}")
        else:
            values.append(_MAPPED.get(field.attname, f"t.{column}"))
    joins = "".join(
        f" JOIN tongban_load_{name}_map {alias} ON {alias}.old_id = t.{quote(f'{name}_id')}"
        for name, alias in (("region", "r"), ("department", "d"))
        if f"{name}_id" in {field.attname for field in model._meta.concrete_fields}
    )
    table = quote(model._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table} t{joins} "
        f"WHERE t.{quote('id')} >= %s AND t.{quote('id')} < %s"
    )
    return sql, list(ids)


def _copy_entries_sql(entries: tuple[int, int], shift: int) -> tuple[str, list]:
    """INSERT … SELECT of the first city's implementation entries for their copies `shift` ids on: each
    copy's entry names its own department's credit code (the 实施编码 keeps the level digit and catalog
    code after it) and its own region's path. Querying the copies back instead took a second per 500 rows
    once a province's tables had grown inside the generator's transaction."""
    quote = connection.ops.quote_name
    change, implementation = quote(Change._meta.db_table), quote(Implementation._meta.db_table)
    department, region = quote(Department._meta.db_table), quote(Region._meta.db_table)
    columns = "entity, object_id, code, region_path, operation, reason, public, batch, actor_id, created_at"
    sql = (
        f"INSERT INTO {change} ({columns}) "
        f"SELECT c.entity, c.object_id + {shift}, d.credit_code || SUBSTR(c.code, {CREDIT_CODE_LENGTH + 1}), "
        f"r.path, c.operation, c.reason, c.public, c.batch, c.actor_id, %s "
        f"FROM {change} c JOIN {implementation} i ON i.id = c.object_id + {shift} "
        f"JOIN {department} d ON d.id = i.department_id JOIN {region} r ON r.id = i.region_id "
        f"WHERE c.sequence > %s AND c.sequence <= %s ORDER BY c.sequence"
    )
    return sql, [timezone.now(), *entries]


def _feed_head() -> int:
    return Change.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def _spread(total: int, parts: int) -> list[int]:
    """`total` split into `parts` near-equal whole numbers, the larger ones first."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


class _NameMaker:
    """Plausible place names (兴隆镇, 石桥村), unique under each parent."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: dict[int, set[str]] = {}

    def make(self, parent: Region, suffix: str) -> str:
        used = self.used.setdefault(parent.pk, set())
        while True:
            name = "".join(self.rng.sample(reference.SYLLABLES, 2)) + suffix
            if name not in used:
                used.add(name)
                return name


@transaction.atomic
def delete_load_data() -> Counter:
    """Delete every generated row (and its history) with plain DELETE statements.

    Ordinary deletes would fetch every row and send a signal for it (the audit history listens), which takes
    minutes for half a million materials; these rows are test data, so their deletion is not audited.
    Foreign keys are checked at commit, so the order within the transaction only has to follow subqueries.
    """
    deleted: Counter = Counter()
    history = get_history_model_for_model
    regions = Region.objects.filter(code=CITY[0])
    province = Region.objects.filter(code=PROVINCE[0]).first()
    if province is not None:
        regions = Region.objects.subtree_of(province)
    region_ids = regions.values("pk")
    items = CatalogItem.objects.filter(code__startswith=CATALOG_SOURCE)
    item_ids = items.values("pk")
    implementations = Implementation.objects.filter(Q(region__in=region_ids) | Q(catalog_item__in=item_ids))
    implementation_ids = implementations.values("pk")

    def remove(queryset, label):
        deleted[label] += queryset._raw_delete(queryset.db)

    remove(history(Material).objects.filter(implementation_id__in=implementation_ids), "history")
    remove(Material.objects.filter(implementation__in=implementation_ids), "materials")
    remove(history(Implementation).objects.filter(id__in=implementation_ids), "history")
    remove(implementations, "implementations")
    remove(history(LegalBasis).objects.filter(catalog_item_id__in=item_ids), "history")
    remove(LegalBasis.objects.filter(catalog_item__in=item_ids), "legal_bases")
    _delete_index_entries(CatalogItem, list(items.values_list("pk", flat=True)))
    remove(history(CatalogItem).objects.filter(id__in=item_ids), "history")
    remove(items, "catalog_items")
    remove(history(Membership).objects.filter(region_id__in=region_ids), "history")
    remove(Membership.objects.filter(region__in=region_ids), "memberships")
    remove(history(Department).objects.filter(region_id__in=region_ids), "history")
    remove(Department.objects.filter(region__in=region_ids), "departments")
    for code in (PROVINCE[0], CITY[0]):
        root = RegionPage.objects.filter(region__code=code).first()
        if root is not None:
            deleted["pages"] += root.get_descendants(inclusive=True).count()
            root.delete()  # the subtree, its sites and its search entries, through Wagtail
    for snapshot in MirrorSnapshot.objects.filter(region__in=region_ids):  # a bench may have built some
        snapshot.file.delete(save=False)
        snapshot.delete()
        deleted["mirror_snapshots"] += 1
    remove(history(Region).objects.filter(id__in=region_ids), "history")
    remove(regions, "regions")
    return deleted


def _delete_index_entries(model, pks: list[int]) -> None:
    """Search-index rows of deleted objects (the database search backend keeps them in its own table)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    content_type = ContentType.objects.get_for_model(model)
    keys = [str(pk) for pk in pks]
    for start in range(0, len(keys), 500):
        IndexEntry.objects.filter(content_type=content_type, object_id__in=keys[start : start + 500]).delete()
