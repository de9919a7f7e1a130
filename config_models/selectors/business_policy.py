"""What may be read of 惠企政策: the policies in force in a region's subtree on a day, with the implementations
(in force) that deliver them. A published list of business policies reads `in_force` and freezes
`snapshot_entry` of each row."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from config_models.models import BusinessPolicy, Region
from config_models.selectors.intermediary import linked_implementations


def public(region: Region | None = None) -> QuerySet[BusinessPolicy]:
    """Policies not repealed (有效), whatever their dates, of a region's subtree when given."""
    rows = BusinessPolicy.objects.public()
    return rows.in_subtree(region) if region is not None else rows


def in_force(region: Region | None = None, on: dt.date | None = None) -> QuerySet[BusinessPolicy]:
    """The rows a region's public list of business policies may show on a day (today when omitted): not repealed
    and valid on it, with the department, region and in-force implementations loaded."""
    on = on or timezone.localdate()
    return (
        public(region).valid_on(on)
        .select_related("region", "department")
        .prefetch_related(linked_implementations(on))
        .order_by("region__code", "-valid_from", "pk")
    )


def snapshot_entry(row: BusinessPolicy) -> dict:
    """The public fields of one row, as a list batch freezes them (JSON: text, numbers, booleans, lists)."""
    region, department = row.region, row.department
    return {
        "key": f"policy:{region.code}:{row.pk}",
        "business_policy_id": row.pk,
        "name": row.name,
        "document_number": row.document_number,
        "level": region.level,
        "level_label": str(region.get_level_display()),
        "region_code": region.code,
        "region_name": region.name,
        "department_name": department.name,
        "department_code": department.credit_code,
        "beneficiaries": row.beneficiaries,
        "exempt_from_application": row.exempt_from_application,
        "valid_from": row.valid_from.isoformat(),
        "valid_until": row.valid_until.isoformat() if row.valid_until else "",
        "summary": row.summary,
        "policy_url": row.policy_url,
        "implementation_codes": [item.implementation_code for item in row.implementations.all()],
        "implementation_names": [item.catalog_item.name for item in row.implementations.all()],
    }
