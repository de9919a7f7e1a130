"""The floors the benchmarks measure the product against: the same rows read with one SQL query per table
and dumped with json.dumps, no framework in between. Import after django.setup()."""

import json
from collections import defaultdict

from config_models.models import CatalogItem, Department, Implementation, Material, Region

IMPLEMENTATION_FIELDS = [
    "id", "catalog_item_id", "region_id", "department_id", "local_code", "status", "accept_conditions",
    "procedure", "statutory_limit", "statutory_limit_unit", "statutory_limit_note", "committed_limit",
    "committed_limit_unit", "committed_limit_note", "handling_type", "service_objects", "visit_count",
    "visit_reason", "window_handling", "online_handling", "courier", "booking", "online_payment", "online_depth",
    "online_url", "charges_fee", "fee_standard", "fee_basis", "consult_phone", "complaint_phone", "address",
    "office_hours", "service_area",
]
MATERIAL_FIELDS = [
    "implementation_id", "sort_order", "name", "form", "necessity", "source", "source_note", "original_copies",
    "photocopy_copies", "paper_spec", "fill_instructions", "common_mistakes", "legal_basis", "e_certificate_exempt",
]


def floor(region: Region) -> tuple[str, int, int]:
    """One query per table, the same nesting and fields, json.dumps."""
    implementations = list(
        Implementation.objects.filter(region__path__startswith=region.path, live=True, catalog_item__live=True)
        .exclude(status="ended").order_by("pk").values(*IMPLEMENTATION_FIELDS)
    )
    item_ids = {row["catalog_item_id"] for row in implementations}
    items = {
        r["id"]: r for r in CatalogItem.objects.filter(pk__in=item_ids).values("id", "code", "name", "item_type")
    }
    department_ids = {row["department_id"] for row in implementations}
    departments = {
        r["id"]: r
        for r in Department.objects.filter(pk__in=department_ids).values("id", "name", "credit_code", "region_id")
    }
    region_ids = {row["region_id"] for row in implementations} | {d["region_id"] for d in departments.values()}
    codes = set(region.ancestor_codes())
    regions_needed = Region.objects.filter(pk__in=region_ids).values_list("path", flat=True)
    for path in regions_needed:
        codes.update(code for code in path.split("/") if code)
    regions = list(Region.objects.filter(code__in=codes).values("id", "code", "name", "level", "path"))
    by_id = {r["id"]: r for r in regions}
    by_code = {r["code"]: r for r in regions}
    materials = defaultdict(list)
    for row in Material.objects.filter(implementation_id__in=[i["id"] for i in implementations]).order_by(
        "implementation_id", "sort_order"
    ).values(*MATERIAL_FIELDS):
        materials[row.pop("implementation_id")].append(row)
    nodes = []
    for row in implementations:
        item, department = items[row["catalog_item_id"]], departments[row["department_id"]]
        place = by_id[row["region_id"]]
        chain = [code for code in place["path"].split("/") if code][:-1]
        nodes.append({
            **row,
            "name": item["name"], "code": item["code"], "type": item["item_type"],
            "region": {"code": place["code"], "name": place["name"], "level": place["level"],
                       "ancestors": [{k: by_code[c][k] for k in ("code", "name", "level")} for c in chain]},
            "department": {"name": department["name"], "creditCode": department["credit_code"],
                           "region": {"code": by_id[department["region_id"]]["code"]}},
            "materials": materials[row["id"]],
        })
    body = json.dumps({"data": {"implementations": nodes}}, ensure_ascii=False, default=str)
    return body, len(nodes), sum(len(m) for m in materials.values())
