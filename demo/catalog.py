"""Catalog item specifications built from the real index (items.csv) and the extra enforcement items."""

import csv
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from demo import reference

ITEMS_CSV = Path(__file__).parent / "data" / "items.csv"

# task_type of the real data (national numbering without padding) -> ItemType value.
TASK_TYPES = {"1": "01", "5": "05", "7": "07", "8": "08", "9": "09", "10": "10", "20": "20"}

REAL_AREA_CODE = "511602000000"


@dataclass(frozen=True)
class SourceItem:
    """One row of the real index."""

    department_key: str
    main_item: str
    name: str
    local_item_code: str
    item_type: str

    @property
    def local_basic_code(self) -> str:
        """地方基本编码: the part of the local implementation code before the area code."""
        head, separator, _tail = self.local_item_code.partition(f"-{REAL_AREA_CODE}-")
        return head if separator and len(head) <= 50 else ""


@dataclass
class ItemSpec:
    code: str
    name: str
    item_type: str
    department_key: str
    domain: str
    allowed_levels: list[str]
    laws: list[tuple[str, str, str]]
    local_code: str = ""
    # The real 地方实施编码 of 广安区, kept on the 广安区 implementation.
    local_item_code: str = ""
    parent_code: str = ""
    region_level: str = "province"  # who maintains it: the province's catalog or the city's supplement
    materials: list[reference.MaterialSpec] = field(default_factory=list)


@cache
def source_items() -> tuple[SourceItem, ...]:
    """The real items, in file order, one per name (the index lists two names twice)."""
    seen = set()
    items = []
    with ITEMS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["item_name"].strip()
            if name in seen or row["task_type"] not in TASK_TYPES:
                continue
            seen.add(name)
            items.append(
                SourceItem(
                    department_key=row["department"].strip(),
                    main_item=row["main_item"].strip(),
                    name=name,
                    local_item_code=row["local_item_code"].strip(),
                    item_type=TASK_TYPES[row["task_type"]],
                )
            )
    return tuple(items)


def extra_items() -> list[SourceItem]:
    return [SourceItem(key, "未分类", name, "", item_type) for item_type, key, name, _laws in reference.EXTRA_ITEMS]


EXTRA_LAWS = {name: laws for _type, _key, name, laws in reference.EXTRA_ITEMS}

_CITY_SCOPE = re.compile(r"[（(]市级|市级/县级|市级、县级")
_COUNTY_ONLY = re.compile(r"[（(]县级")


def allowed_levels_for(rng: random.Random, item: SourceItem) -> list[str]:
    """Sensible 行使层级: most items at the county, some city and county, public services down to villages."""
    name, item_type = item.name, item.item_type
    if _CITY_SCOPE.search(name):
        return ["city", "county"]
    if item_type in reference.ENFORCEMENT_TYPES or item_type == "04":
        return ["city", "county"] if rng.random() < 0.7 else ["county"]
    if _COUNTY_ONLY.search(name):
        return ["county"]
    if item_type == "20" and reference.VILLAGE_KEYWORDS.search(name):
        return ["county", "township", "village"]
    if item_type in ("20", "05", "07", "10") and reference.TOWNSHIP_KEYWORDS.search(name):
        return ["county", "township"]
    if item_type == "20" and rng.random() < 0.25:
        return ["county", "township"]
    if item_type == "01" and rng.random() < 0.25:
        return ["city", "county"]
    return ["county"]


def laws_for(rng: random.Random, item: SourceItem, domain: str) -> list[tuple[str, str, str]]:
    """One or two 设定依据: the item's own laws, else those its name points to, else its domain's."""
    candidates = list(EXTRA_LAWS.get(item.name) or [])
    candidates += [law for pattern, law in reference.LAW_RULES if pattern.search(item.name)]
    if not candidates:
        candidates = [rng.choice(reference.LAWS[domain])]
    first = candidates[0]
    second = next((law for law in candidates[1:] if law[0] != first[0]), None)
    if second is None and item.item_type in reference.TYPE_LAWS and (item.item_type != "01" or rng.random() < 0.5):
        second = reference.TYPE_LAWS[item.item_type]
    return [first, second] if second and second[0] != first[0] else [first]


def item_spec(rng: random.Random, item: SourceItem, code: str, *, levels: list[str] | None = None) -> ItemSpec:
    domain = reference.domain_for(item.department_key, item.name)
    return ItemSpec(
        code=code,
        name=item.name,
        item_type=item.item_type,
        department_key=item.department_key,
        domain=domain,
        allowed_levels=levels or allowed_levels_for(rng, item),
        laws=laws_for(rng, item, domain),
        local_code=item.local_basic_code,
        local_item_code=item.local_item_code,
        region_level="city" if rng.random() < 0.1 else "province",
        materials=materials_for(item),
    )


def materials_for(item: SourceItem) -> list[reference.MaterialSpec]:
    """The pool an implementation draws its materials from, most specific first, the application form first."""
    if item.item_type in reference.ENFORCEMENT_TYPES:
        return list(reference.ENFORCEMENT_MATERIALS)
    if item.item_type == "04":
        return list(reference.LEVY_MATERIALS)
    specific = [m for pattern, materials in reference.MATERIAL_RULES if pattern.search(item.name) for m in materials]
    if len(specific) < 3:
        specific += reference.MATERIALS[reference.domain_for(item.department_key, item.name)][:4]
    enterprise = reference.ENTERPRISE_WORDS.search(item.name) and not reference.PERSON_WORDS.search(item.name)
    basics = [reference.BUSINESS_LICENSE, reference.LEGAL_REPRESENTATIVE] if enterprise else [reference.ID_CARD]
    pool, seen = [], set()
    for material in [reference.application_form(item.name), *specific, *basics, *reference.COMMON_MATERIALS]:
        if material.name not in seen:
            seen.add(material.name)
            pool.append(material)
    return pool


class CodeAllocator:
    """基本编码 = 2-digit source + 2-digit type + 5-digit main item + 3-digit sub item."""

    def __init__(self, source: str = "00"):
        self.source = source
        self.next_main: dict[str, int] = {}

    def main(self, item_type: str) -> str:
        number = self.next_main.get(item_type, 1)
        self.next_main[item_type] = number + 1
        return f"{self.source}{item_type}{number:05d}000"

    @staticmethod
    def sub(main_code: str, number: int) -> str:
        return f"{main_code[:9]}{number:03d}"
