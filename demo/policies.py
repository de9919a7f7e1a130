"""Demo 中介服务事项 and 惠企政策 (load_demo, after the implementations), written through their services.

The city and the real county (the one the real index belongs to) get the rows of data/policies.yaml: each
names its department by the end of its name and the catalog items, by words of their names, whose
implementations there require or deliver it; one is linked only if the demo has it, and a policy that
needs an application is left out where nothing delivers it.
"""

import datetime as dt
from collections import Counter

from config_models import codes
from config_models.models import BusinessPolicy, Department, Implementation, IntermediaryService, Region
from config_models.services.business_policy import business_policy_save
from config_models.services.intermediary import intermediary_service_save
from demo.datafiles import read

REASON = "演示数据"


def _provider_code(seed: int, region_code: str) -> str:
    """A synthetic 统一社会信用代码 of a company (91) registered in the region, passing the GB 32100 check."""
    body = f"91{region_code[:6]}MA{seed:07d}"[:17]
    return body + codes.credit_code_check_char(body)


def _department(region: Region, ending: str, implementations: list[Implementation]) -> Department | None:
    """The department whose name ends so, in the region or above it; else the one the implementations name."""
    found = Department.objects.filter(region__code__in=region.ancestor_codes(), name__endswith=ending)
    found = found.order_by("-region__path").first()
    if found is not None:
        return found
    return implementations[0].department if implementations else None


def _matching(rows: list[Implementation], words: list[str]) -> list[Implementation]:
    return [row for row in rows if any(word in row.catalog_item.name for word in words)]


def apply_policies(regions: dict[str, Region], region_codes: list[str], created: Counter) -> None:
    for code in region_codes:
        _apply_region(regions[code], created)


def _apply_region(region: Region, created: Counter) -> None:
    """The rows of data/policies.yaml on one region's lists. A county links the implementations of its
    subtree; the city only its own (its counties keep their own lists)."""
    data = read("policies")
    in_force = Implementation.objects.public().in_force().in_subtree(region)
    if region.level == "city":
        in_force = in_force.filter(region=region)
    in_force = list(in_force.select_related("catalog_item", "region", "department").order_by("pk"))
    existing_services = set(IntermediaryService.objects.filter(region=region).values_list("name", flat=True))
    for number, spec in enumerate(data["intermediary_services"], start=1):
        if spec["name"] in existing_services:
            continue
        implementations = _matching(in_force, spec["words"])
        department = _department(region, spec["department"], implementations)
        if department is None:
            continue
        standard, basis = spec["fee"] or ("", "")
        providers = "\n".join(f"{name} {_provider_code(number * 10 + index, region.code)}"
                              for index, name in enumerate(spec["providers"]))
        intermediary_service_save(
            intermediary_service=IntermediaryService(
                region=region, department=department, name=spec["name"], legal_basis=spec["legal_basis"],
                time_limit=spec["time_limit"][0], time_limit_unit=spec["time_limit"][1],
                charges_fee=bool(spec["fee"]), fee_standard=standard, fee_basis=basis, providers=providers,
                sort_order=number,
            ),
            implementations=implementations,
            reason=REASON,
        )
        created["intermediary_services"] += 1
    existing_policies = set(BusinessPolicy.objects.filter(region=region).values_list("name", flat=True))
    for spec in data["business_policies"]:
        if spec["name"] in existing_policies:
            continue
        implementations = _matching(in_force, spec["words"])
        department = _department(region, spec["department"], implementations)
        if department is None or not (spec["exempt"] or implementations):
            continue
        valid_from, valid_until = spec["valid"]
        business_policy_save(
            business_policy=BusinessPolicy(
                region=region, department=department, name=spec["name"], document_number=spec["document_number"],
                beneficiaries=spec["beneficiaries"], exempt_from_application=spec["exempt"],
                valid_from=dt.date.fromisoformat(valid_from),
                valid_until=dt.date.fromisoformat(valid_until) if valid_until else None, summary=spec["summary"],
            ),
            implementations=implementations,
            reason=REASON,
        )
        created["business_policies"] += 1
