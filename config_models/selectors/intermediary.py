"""What may be read of 中介服务事项: the services in use in a region's subtree, with the implementations (in
force) that require them. A published list of intermediary services reads `in_force` and freezes
`snapshot_entry` of each row."""

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet

from config_models.models import IntermediaryService, Region
from config_models.selectors import implementation


def linked_implementations(on: dt.date | None = None) -> Prefetch:
    """The implementations a public row shows: published and in force, with what their names and codes need."""
    rows = implementation.in_force(on=on).select_related("catalog_item", "region", "department").order_by("pk")
    return Prefetch("implementations", queryset=rows)


def public(region: Region | None = None) -> QuerySet[IntermediaryService]:
    """Services in use (在用), of a region's subtree when given."""
    rows = IntermediaryService.objects.public()
    return rows.in_subtree(region) if region is not None else rows


def in_force(region: Region | None = None, on: dt.date | None = None) -> QuerySet[IntermediaryService]:
    """The rows a region's public list of intermediary services may show (its own and its subtree's), in list
    order, with the department, region and in-force implementations loaded. A service carries no dates: `on`
    only decides which implementations are in force."""
    return (
        public(region)
        .select_related("region", "department")
        .prefetch_related(linked_implementations(on))
        .order_by("region__code", "sort_order", "pk")
    )


def search(queryset: QuerySet[IntermediaryService], keyword: str) -> QuerySet[IntermediaryService]:
    """Rows whose name, legal basis, department or providers contain the keyword."""
    keyword = keyword.strip()
    if not keyword:
        return queryset
    return queryset.filter(
        Q(name__contains=keyword) | Q(legal_basis__contains=keyword) | Q(department__name__contains=keyword)
        | Q(providers__contains=keyword)
    )


def snapshot_entry(row: IntermediaryService) -> dict:
    """The public fields of one row, as a list batch freezes them (JSON: text, numbers, booleans, lists)."""
    region, department = row.region, row.department
    return {
        "key": f"intermediary:{region.code}:{row.pk}",
        "intermediary_service_id": row.pk,
        "name": row.name,
        "level": region.level,
        "level_label": str(region.get_level_display()),
        "region_code": region.code,
        "region_name": region.name,
        "department_name": department.name,
        "department_code": department.credit_code,
        "legal_basis": row.legal_basis,
        "time_limit": row.time_limit_display,
        "charges_fee": row.charges_fee,
        "fee_standard": row.fee_standard,
        "fee_basis": row.fee_basis,
        "providers": [{"name": name, "credit_code": code} for name, code in row.provider_list],
        "provider_names": [name for name, _code in row.provider_list],
        "implementation_codes": [item.implementation_code for item in row.implementations.all()],
        "implementation_names": [item.catalog_item.name for item in row.implementations.all()],
    }
