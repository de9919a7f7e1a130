"""Data-quality worklists (数据质量): the rows of a region's subtree an admin has to complete or check.

Each check is a filter over implementations or their materials; the dashboard shows every check's count
(one query each, whatever the size of the subtree) and the first rows of the one asked for.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from config_models.models import CertificateType, Implementation, Material, Region
from config_models.models.implementation import PLACEHOLDER_FIELDS, PLACEHOLDER_TEXT
from config_models.selectors import authorization, implementation

# Elements of the 办事指南 a published implementation must not leave blank (the national element list).
GUIDE_FIELDS = {"accept_conditions": "受理条件", "procedure": "办理流程", "address": "办理地点",
                "office_hours": "办理时间"}
REVIEW_MONTHS = 12


class Source:
    IMPLEMENTATION = "implementation"
    MATERIAL = "material"


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    source: str
    rows: Callable[[Region, dt.date], QuerySet]
    explanation: str


def _guide_incomplete(region, on):
    blank = Q()
    for field in GUIDE_FIELDS:
        blank |= Q(**{field: ""})
    return implementation.in_force(region).filter(blank | Q(charges_fee=True, fee_standard=""))


def _placeholders(region, on):
    # drafts as well: an imported row stays a draft until its county completes it
    carrying = Q()
    for field in PLACEHOLDER_FIELDS:
        carrying |= Q(**{field: PLACEHOLDER_TEXT})
    return Implementation.objects.in_subtree(region).in_force().filter(carrying)


def _materials(region):
    return Material.objects.filter(implementation__in=implementation.in_force(region).values("pk"))


def _materials_without_basis(region, on):
    return _materials(region).filter(legal_basis="")


def _exempt_without_certificate(region, on):
    # an exempt material is tied to the certificate of the same name its implementation accepts
    accepted = CertificateType.objects.filter(name=OuterRef("name"),
                                              accepting_implementations=OuterRef("implementation_id"))
    return _materials(region).filter(e_certificate_exempt=True).exclude(Exists(accepted))


def _not_at_a_window(region, on):
    return authorization.unaccepted_implementations(region)


def _not_reviewed(region, on):
    before = timezone.make_aware(dt.datetime.combine(on - dt.timedelta(days=365 * REVIEW_MONTHS // 12), dt.time.min))
    last_reviewed = Coalesce("last_published_at", "updated_at")
    return implementation.in_force(region).annotate(last_reviewed=last_reviewed).filter(last_reviewed__lt=before)


CHECKS: dict[str, Check] = {c.code: c for c in [
    Check("guide_incomplete", "办事指南要素缺失", Source.IMPLEMENTATION, _guide_incomplete,
          "已发布的实施清单缺少受理条件、办理流程、办理地点、办理时间，或收费却未写收费标准"),
    Check("import_placeholders", "导入占位内容未补充", Source.IMPLEMENTATION, _placeholders,
          "导入时以“待补充”占位的时限说明或到现场原因仍未补充（含草稿）"),
    Check("materials_without_basis", "申请材料无设定依据", Source.MATERIAL, _materials_without_basis,
          "申请材料未填写要求提供材料的依据"),
    Check("exempt_without_certificate", "免提交材料未关联电子证照", Source.MATERIAL, _exempt_without_certificate,
          "标为“可凭电子证照免提交”的材料，其实施清单未受理同名电子证照"),
    Check("not_at_a_window", "应进驻大厅却无窗口受理", Source.IMPLEMENTATION, _not_at_a_window,
          "窗口办理、不在负面清单内，但没有任何大厅窗口受理"),
    Check("not_reviewed", f"{REVIEW_MONTHS}个月未复核", Source.IMPLEMENTATION, _not_reviewed,
          f"最近一次发布已超过{REVIEW_MONTHS}个月的实施清单"),
]}


def counts(region: Region, *, on: dt.date) -> list[tuple[Check, int]]:
    return [(check, check.rows(region, on).count()) for check in CHECKS.values()]


def rows(code: str, region: Region, *, on: dt.date) -> QuerySet:
    check = CHECKS[code]
    found = check.rows(region, on)
    if check.source == Source.MATERIAL:
        return found.select_related("implementation__catalog_item", "implementation__department",
                                    "implementation__region").order_by("implementation_id", "pk")
    return found.select_related("catalog_item", "department", "region").order_by("pk")
