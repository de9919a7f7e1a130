"""Field values of implementations and materials that pass every rule of Implementation and Material.

Shared by the demo and the load generator. Values an item has everywhere (statutory limit, fee, whether it
is handled on the spot) come from the item's own seeded generator; what a region chooses (committed limit,
online depth, visits) from the caller's.
"""

import random
import re
from dataclasses import dataclass

from config_models import codes
from demo import reference
from demo.catalog import ItemSpec
from demo.datafiles import read

ENTERPRISE_WORDS = reference.ENTERPRISE_WORDS
PERSON_WORDS = reference.PERSON_WORDS


@dataclass(frozen=True)
class ItemProfile:
    """What does not change from one implementing region to another."""

    statutory_limit: int
    statutory_unit: str
    immediate: bool
    charges_fee: bool
    fee_standard: str
    fee_basis: str
    service_objects: tuple[str, ...]


def item_profile(seed: int, spec: ItemSpec) -> ItemProfile:
    rng = random.Random(f"{seed}:{spec.code}")
    item_type = spec.item_type
    unit = "working_day"
    immediate = False
    if item_type == "01":
        limit = rng.choice([20, 20, 20, 15, 10, 30, 45])
        if limit >= 30 and rng.random() < 0.5:
            unit = "natural_day"
        immediate = rng.random() < 0.05
    elif item_type == "02":
        limit, unit = 90, "natural_day"
    elif item_type == "03":
        limit, unit = 30, "natural_day"
    elif item_type == "04":
        limit = rng.choice([10, 15, 20])
    elif item_type == "06":
        limit = rng.choice([15, 20, 30])
    elif item_type == "09":
        limit = rng.choice([30, 60])
    else:
        limit = rng.choice([1, 5, 10, 15, 20, 30])
        immediate = rng.random() < 0.35
    charges_fee = (
        item_type in ("01", "07") and bool(re.search(r"登记|证书|执照|许可证", spec.name)) and rng.random() < 0.2
    )
    standard, basis = "", ""
    if charges_fee:
        standard, basis = reference.FEE_BASES[0] if spec.domain == "land" else rng.choice(reference.FEE_BASES[1:])
    if item_type in reference.ENFORCEMENT_TYPES or item_type == "04":
        objects = ("1", "2", "5")
    elif ENTERPRISE_WORDS.search(spec.name) and not PERSON_WORDS.search(spec.name):
        objects = ("2", "5") if rng.random() < 0.6 else ("2", "3", "4", "5")
    elif PERSON_WORDS.search(spec.name):
        objects = ("1",)
    else:
        objects = ("1", "2")
    return ItemProfile(limit, unit, immediate, charges_fee, standard, basis, objects)


_values = read("values")
ACCEPT_CONDITIONS: dict[str, str] = _values["accept_conditions"]
PROCEDURES: dict[str, str] = _values["procedures"]


@dataclass(frozen=True)
class Office:
    """Where and how a department's implementations are handled."""

    consult_phone: str
    complaint_phone: str
    address: str
    service_area: str
    online_url: str


def office(rng: random.Random, *, area_code: str, region_name: str, level: str, portal: str) -> Office:
    consult = f"{area_code}-2{rng.randrange(100000, 999999)}"
    complaint = "12345"
    if rng.random() < 0.3:
        complaint = f"{area_code}-2{rng.randrange(100000, 999999)}"
        if complaint == consult:
            complaint = "12345"
    if level == "township":
        address = f"{region_name}为民服务中心综合窗口"
        area = rng.choice(["township", "county"])
    elif level == "village":
        address = f"{region_name}便民服务中心"
        area = rng.choice(["local", "township"])
    else:
        address = f"{region_name}政务服务中心{rng.randrange(1, 40)}号窗口"
        area = "city" if level == "city" else rng.choice(["county", "county", "city", "province"])
    return Office(consult, complaint, address, area, portal)


def implementation_values(rng: random.Random, spec: ItemSpec, profile: ItemProfile, place: Office) -> dict:
    """Keyword arguments of an Implementation (without catalog item, region and department)."""
    item_type = spec.item_type
    enforcement = item_type in reference.ENFORCEMENT_TYPES
    values = {
        "statutory_limit": profile.statutory_limit,
        "statutory_limit_unit": profile.statutory_unit,
        "service_objects": list(profile.service_objects),
        "accept_conditions": ACCEPT_CONDITIONS.get(item_type, _values["accept_conditions_default"]),
        "procedure": PROCEDURES.get(item_type, _values["procedure_default"]),
        "charges_fee": profile.charges_fee,
        "fee_standard": profile.fee_standard,
        "fee_basis": profile.fee_basis,
        "consult_phone": place.consult_phone,
        "complaint_phone": place.complaint_phone,
        "address": place.address,
        "office_hours": reference.OFFICE_HOURS,
        "service_area": place.service_area,
        "booking": not enforcement and rng.random() < 0.5,
    }
    # Time limits: committed never longer than statutory (a working day counts as up to 7/5 natural days).
    if profile.immediate:
        values.update(handling_type="immediate", committed_limit=0)
    else:
        longest = profile.statutory_limit
        if profile.statutory_unit == "natural_day":
            longest = profile.statutory_limit * 5 // 7
        committed = max(1, int(longest * rng.choice([0.1, 0.2, 0.25, 0.3, 0.5, 0.6, 1.0])))
        values.update(handling_type="committed", committed_limit=min(committed, longest))
        if item_type == "01" and rng.random() < 0.2:
            values["committed_limit_note"] = "不含现场勘验、专家评审和听证时间"
    # Channels: Ⅳ means zero visits; visits need a reason; zero visits offline need a courier.
    if enforcement:
        depth = rng.choice([0, 1])
    else:
        depth = rng.choices([4, 3, 2, 1, 0], weights=[30, 30, 20, 10, 10])[0]
    online = depth >= 2
    if depth == 4:
        visits = 0
    elif depth == 3 or enforcement:
        visits = 1
    else:
        visits = rng.choice([0, 1, 1, 2]) if depth == 0 else rng.choice([1, 1, 2])
    values.update(
        online_depth=depth,
        online_handling=online,
        online_url=place.online_url if online else "",
        visit_count=visits,
        visit_reason="需现场调查取证" if enforcement else (rng.choice(reference.VISIT_REASONS[:6]) if visits else ""),
        courier=(visits == 0 and not online) or (not enforcement and rng.random() < 0.3),
        online_payment=profile.charges_fee and online,
    )
    return values


def material_values(rng: random.Random, spec: ItemSpec, count: int, *, certificate_catalog: bool = True) -> list[dict]:
    """`count` materials of the item's pool (the application form first), as Material keyword arguments.

    An exempt material names its certificate type (the caller's catalog); without a catalog (the load data)
    none is exempt."""
    pool = spec.materials
    count = min(count, len(pool))
    enforcement = spec.item_type in reference.ENFORCEMENT_TYPES or spec.item_type == "04"
    # The first material, then a few of the most specific ones, in the pool's order.
    window = range(1, min(len(pool), count + 2))
    chosen = [pool[0]] + [pool[i] for i in sorted(rng.sample(window, count - 1))]
    rows = []
    for index, material in enumerate(chosen):
        necessity = "required"
        if index and not enforcement:
            necessity = rng.choices(["required", "deferrable", "optional"], weights=[80, 12, 8])[0]
        row = {
            "name": material.name,
            "form": material.form,
            "source": material.source,
            "original_copies": material.originals,
            "photocopy_copies": material.photocopies,
            "necessity": necessity,
            "sort_order": index,
            "e_certificate_exempt": material.e_certificate and rng.random() < 0.6 and certificate_catalog,
        }
        if material.source == "government" and not enforcement:
            row["source_note"] = (
                "由发证部门核发，可通过电子证照库共享获取" if material.e_certificate else "由主管部门出具"
            )
        elif material.source == "intermediary":
            row["source_note"] = "由具有相应资质的中介机构出具"
        if material.name.endswith("申请表"):
            row["fill_instructions"] = "请使用黑色签字笔或钢笔填写，内容真实、完整，并由申请人签字（盖章）。"
            if rng.random() < 0.5:
                row["common_mistakes"] = "未签字或未加盖公章；联系电话漏填。"
        rows.append(row)
    return rows


def credit_code(rng: random.Random, category: str, region_code: str, taken: set[str]) -> str:
    """A valid, unused 统一社会信用代码: category + registration region + 组织机构代码 (with its check) + check."""
    while True:
        if rng.random() < 0.5:
            body = f"{rng.randrange(10**7, 10**8)}"
        else:
            body = f"MB{rng.randrange(10**5, 10**6)}"
        first17 = f"{category}{region_code[:6]}{body}{codes.organization_code_check_char(body)}"
        code = first17 + codes.credit_code_check_char(first17)
        if code not in taken:
            taken.add(code)
            return code
