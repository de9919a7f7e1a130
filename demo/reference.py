"""Reference tables the demo and load data draw from, read from `data/*.yaml`.

Department keys are the short local names of the real data (区人社局, 区行政审批局 …); each maps to a
domain, and a domain gives the laws cited as 设定依据 and the materials applicants typically submit
(departments.yaml, laws.yaml, materials.yaml; the extra catalog items and the level words in catalog.yaml,
implementation field values in values.yaml). This module turns them into the values the builders use and
keeps what computes: department names, domains and application-form names.
"""

import re
from dataclasses import dataclass

from demo.datafiles import read

Law = tuple[str, str, str]  # name, 文号, clause


@dataclass(frozen=True)
class MaterialSpec:
    name: str
    source: str = "applicant"  # MaterialSource
    form: str = "paper"  # MaterialForm
    originals: int = 1
    photocopies: int = 0
    e_certificate: bool = False  # may be taken from the 电子证照 library instead of submitted


# The shorthand kinds of materials.yaml.
_KINDS = {
    "certificate": {"source": "government", "form": "both", "originals": 1, "photocopies": 1, "e_certificate": True},
    "report": {"source": "intermediary", "form": "both", "originals": 1},
    "copy": {"originals": 0, "photocopies": 1},
}


def material(entry: str | dict) -> MaterialSpec:
    """A material of materials.yaml: a name, {kind: name}, or {name: …, field: value …}."""
    if isinstance(entry, str):
        return MaterialSpec(entry)
    if "name" in entry:
        return MaterialSpec(**entry)
    ((kind, name),) = entry.items()
    return MaterialSpec(name, **_KINDS[kind])


def law(entry: str | list[str]) -> Law:
    """A law of laws.yaml: its name, or [name, 文号] or [name, 文号, clause]."""
    parts = [entry] if isinstance(entry, str) else list(entry)
    return tuple(parts + [""] * (3 - len(parts)))


def _words(words: list[str]) -> str:
    return "|".join(words)


_departments = read("departments")
_laws = read("laws")
_materials = read("materials")
_catalog = read("catalog")
_values = read("values")

# Department key (as in items.csv) -> domain; empty for 区行政审批局 (classified by item name).
DEPARTMENT_DOMAINS: dict[str, str] = _departments["domains"]
DEPARTMENT_CATEGORY: dict[str, str] = _departments["categories"]
NAME_DOMAINS: list[tuple[str, str]] = [tuple(pair) for pair in _departments["name_domains"]]

LAWS: dict[str, list[Law]] = {domain: [law(e) for e in laws] for domain, laws in _laws["by_domain"].items()}
TYPE_LAWS: dict[str, Law] = {item_type: law(e) for item_type, e in _laws["by_type"].items()}
LAW_RULES: list[tuple[re.Pattern, Law]] = [(re.compile(pattern), law(e)) for pattern, e in _laws["by_name"]]

ID_CARD = material(_materials["id_card"])
BUSINESS_LICENSE = material(_materials["business_license"])
LEGAL_REPRESENTATIVE = material(_materials["legal_representative"])
COMMON_MATERIALS = [material(e) for e in _materials["common"]]
MATERIALS: dict[str, list[MaterialSpec]] = {
    domain: [material(e) for e in entries] for domain, entries in _materials["by_domain"].items()
}
MATERIAL_RULES: list[tuple[re.Pattern, list[MaterialSpec]]] = [
    (re.compile(rule["pattern"]), [material(e) for e in rule["materials"]]) for rule in _materials["by_name"]
]
ENFORCEMENT_MATERIALS = [material(e) for e in _materials["enforcement"]]
LEVY_MATERIALS = [material(e) for e in _materials["levy"]]

# (type, department key, name, [extra laws])
EXTRA_ITEMS: list[tuple[str, str, str, list[Law]]] = [
    (item["type"], item["department"], item["name"], [law(e) for e in item.get("laws", [])])
    for item in _catalog["extra_items"]
]
ENFORCEMENT_TYPES = frozenset(_catalog["enforcement_types"])
VILLAGE_KEYWORDS = re.compile(_words(_catalog["village_words"]))
TOWNSHIP_KEYWORDS = re.compile(_words(_catalog["village_words"] + _catalog["township_words"]))
ENTERPRISE_WORDS = re.compile(_words(_catalog["enterprise_words"]))
PERSON_WORDS = re.compile(_words(_catalog["person_words"]))

VISIT_REASONS: list[str] = _values["visit_reasons"]
OFFICE_HOURS: str = _values["office_hours"]
FEE_BASES: list[tuple[str, str]] = [tuple(pair) for pair in _values["fee_bases"]]
SYLLABLES: str = _values["syllables"]


def department_name(key: str, region_name: str, level: str) -> str:
    """The full name of a department of `key` in a county or city, e.g. 区人社局 in 岳池县 -> 岳池县人社局."""
    is_city = level == "city"
    is_district = region_name.endswith("区")
    special = {
        "区公安分局": f"{region_name}公安{'分局' if is_district and not is_city else '局'}",
        "广安区税务局": f"{region_name}税务局",
        "区消防大队": f"{region_name}消防救援{'支队' if is_city else '大队'}",
        "区委办": f"中共{region_name}委办公室",
        "区委统战部": f"中共{region_name}委统战部",
        "区政府办": f"{region_name}人民政府办公室",
    }
    if key in special:
        return special[key]
    return region_name + key.removeprefix("区")


def domain_for(department_key: str, item_name: str) -> str:
    domain = DEPARTMENT_DOMAINS.get(department_key, "")
    if domain:
        return domain
    for pattern, candidate in NAME_DOMAINS:
        if re.search(pattern, item_name):
            return candidate
    return "market"


def application_form(item_name: str) -> MaterialSpec:
    """《…》申请表 for the item, named after its stem (without the parenthesised scope).

    Names such as 依据档案记载出具相关证明 would make a catch-all material name (…相关证明》申请表), which the
    model rejects: the vague word is dropped.
    """
    stem = re.sub(r"[（(][^）)]*[）)]", "", item_name).strip() or item_name
    stem = _VAGUE_WORDS.sub("", stem)
    if len(stem) > 30:
        stem = stem[:30].rstrip("，、")
    return MaterialSpec(f"《{stem}》申请表", form="both")


_VAGUE_WORDS = re.compile(r"(其[他它]|有关|相关|等)(?=的?(证明)?(材料|资料|文件|证明))")
