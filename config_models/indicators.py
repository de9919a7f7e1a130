"""The computations of the performance indicators (效能指标), from the policies' targets.

Each computation is a numerator and a denominator aggregated in SQL over the rows of one source
(implementations, their materials, or bundles), so the figures of many regions, departments or item types
come from one grouped query per source. The value is numerator / denominator × scale (a share in per cent,
or an average), or the numerator alone for a count. `worklist` selects the rows that pull the value down,
for the admins who must act on them.

An `Indicator` row names one of these codes; its targets are data (`IndicatorTarget`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, FloatField, Q, Sum, Value, When
from django.db.models.functions import Cast

from config_models.models.implementation import HandlingType, MaterialSource, OnlineDepth


class Source:
    IMPLEMENTATION = "implementation"
    MATERIAL = "material"
    BUNDLE = "bundle"


@dataclass(frozen=True)
class Computation:
    code: str
    label: str
    source: str
    numerator: Callable[[], object]  # an aggregate over the source's rows
    denominator: Callable[[], object] | None  # None: the value is the count itself
    scale: int = 100
    worklist: Q | None = None  # the source rows that pull the value down
    explanation: str = ""

    def value(self, numerator, denominator) -> Decimal | None:
        """The figure, rounded to two places; None when there is nothing to measure."""
        if self.denominator is None:
            return Decimal(numerator or 0)
        if not denominator:
            return None
        return (Decimal(str(numerator or 0)) * self.scale / Decimal(denominator)).quantize(Decimal("0.01"))


def _count(condition: Q | None = None):
    return lambda: Count("pk", filter=condition) if condition is not None else Count("pk")


# A committed limit is compared with the statutory one only in the same unit and when the law sets one.
COMPARABLE_LIMITS = Q(statutory_limit__gt=0, committed_limit_unit=F("statutory_limit_unit"))


def _compression_sum():
    share = Value(1.0) - Cast("committed_limit", FloatField()) / Cast("statutory_limit", FloatField())
    return Sum(Case(When(COMPARABLE_LIMITS, then=share), default=Value(0.0), output_field=FloatField()))


IN_HALL = Q(window_handling=True, hall_exemption__isnull=True)

COMPUTATIONS: dict[str, Computation] = {c.code: c for c in [
    Computation(
        "immediate_share", "即办件占比", Source.IMPLEMENTATION,
        _count(Q(handling_type=HandlingType.IMMEDIATE)), _count(),
        worklist=Q(handling_type=HandlingType.COMMITTED),
        explanation="即办件数 ÷ 实施事项数",
    ),
    Computation(
        "limit_compression", "承诺时限压缩比", Source.IMPLEMENTATION,
        _compression_sum, _count(COMPARABLE_LIMITS),
        # below 70 %: committed > 30 % of statutory
        worklist=COMPARABLE_LIMITS & Q(committed_limit__gt=F("statutory_limit") * 3 / 10),
        explanation="平均（1 − 承诺时限 ÷ 法定时限），仅计法定时限大于零且单位相同的事项",
    ),
    Computation(
        "online_available", "网上可办率", Source.IMPLEMENTATION,
        _count(Q(online_depth__gte=OnlineDepth.APPOINTMENT)), _count(),
        worklist=Q(online_depth__lt=OnlineDepth.APPOINTMENT),
        explanation="网上办理深度达到Ⅱ级及以上的事项 ÷ 实施事项数",
    ),
    Computation(
        "fully_online", "全程网办率", Source.IMPLEMENTATION,
        _count(Q(online_depth=OnlineDepth.FULLY_ONLINE)), _count(),
        worklist=Q(online_depth__lt=OnlineDepth.FULLY_ONLINE),
        explanation="网上办理深度为Ⅳ级的事项 ÷ 实施事项数",
    ),
    Computation(
        "average_visits", "平均跑动次数", Source.IMPLEMENTATION,
        lambda: Sum("visit_count"), _count(), scale=1,
        worklist=Q(visit_count__gt=0),
        explanation="到办事现场次数之和 ÷ 实施事项数；清单列出仍需到现场的事项",
    ),
    Computation(
        "at_most_one_visit", "最多跑一次事项占比", Source.IMPLEMENTATION,
        _count(Q(visit_count__lte=1)), _count(),
        worklist=Q(visit_count__gt=1),
        explanation="到办事现场不超过1次的事项 ÷ 实施事项数",
    ),
    Computation(
        "zero_visit", "零跑腿事项占比", Source.IMPLEMENTATION,
        _count(Q(visit_count=0)), _count(),
        worklist=Q(visit_count__gt=0),
        explanation="无需到办事现场的事项 ÷ 实施事项数",
    ),
    Computation(
        "in_hall", "进驻大厅事项占比（应进必进）", Source.IMPLEMENTATION,
        _count(IN_HALL & Q(at_window=True)), _count(IN_HALL),
        worklist=IN_HALL & Q(at_window=False),
        explanation="应进驻大厅（窗口办理、不在负面清单）且有窗口受理的事项 ÷ 应进驻大厅的事项",
    ),
    Computation(
        "chief_approval", "首席审批员直接审批占比", Source.IMPLEMENTATION,
        _count(IN_HALL & Q(chief_approvable=True)), _count(IN_HALL),
        worklist=IN_HALL & Q(chief_approvable=False),
        explanation="应进驻大厅的事项中，由首席审批员在受理窗口直接审批的事项 ÷ 应进驻大厅的事项",
    ),
    Computation(
        "e_certificate_reuse", "电子证照免提交占比", Source.MATERIAL,
        _count(Q(e_certificate_exempt=True)), _count(),
        worklist=Q(e_certificate_exempt=False),
        explanation="政府部门核发、可凭电子证照免于提交的材料 ÷ 政府部门核发的材料",
    ),
    Computation(
        "bundles_adopted", "一件事上线数", Source.BUNDLE,
        _count(), None, scale=1,
        explanation="已发布的一件事",
    ),
]}

# The rows each source measures, before the region and date filters.
SOURCE_ROWS = {
    Source.MATERIAL: Q(source=MaterialSource.GOVERNMENT),
}

# The annotations the computations read on implementation rows (`at_window`: accepted at some window;
# `chief_approvable`: a chief approver in force may approve it at a window accepting it) are the selector's
# (config_models.selectors.indicator), which knows which rosters are in force on the date.


def computation(code: str) -> Computation:
    return COMPUTATIONS[code]


def computation_choices() -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in COMPUTATIONS.values()]
