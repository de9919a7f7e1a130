"""The performance indicators of regions on a date, against their targets: aggregates, not loops.

Every figure is computed from published rows in force on the date (config_models.selectors.implementation),
with one grouped query per source of the indicators asked for, whatever the number of regions: the regions'
subtrees are grouped by the prefix of their materialised path, which has one length per level.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from config_models.indicators import SOURCE_ROWS, Computation, Source, computation
from config_models.models import (
    AuthorizationEntry,
    AuthorizationScope,
    Indicator,
    IndicatorSnapshot,
    IndicatorTarget,
    Material,
    Region,
    TargetSubject,
    WindowItem,
    in_subtree,
)
from config_models.selectors import authorization, bundle, implementation

# How each source's rows reach their region and their breakdowns.
PATHS = {
    Source.IMPLEMENTATION: {"region": "region", "department": "department_id", "item_type": "catalog_item__item_type"},
    Source.MATERIAL: {"region": "implementation__region", "department": "implementation__department_id",
                      "item_type": "implementation__catalog_item__item_type"},
    Source.BUNDLE: {"region": "region", "department": "lead_department_id", "item_type": None},
}
BREAKDOWNS = ("department", "item_type")


@dataclass(frozen=True)
class Figure:
    indicator: Indicator
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    target: IndicatorTarget | None

    @property
    def met(self) -> bool | None:
        return self.indicator.met(self.value, self.target.value if self.target else None)


def _implementation_annotations(on: dt.date) -> dict:
    chief_entries = authorization.entries_in_force(on, scope=AuthorizationScope.APPROVE).filter(
        staff__is_chief_approver=True)
    return {
        "at_window": Exists(WindowItem.objects.filter(implementation=OuterRef("pk"))),
        # one entry naming both the item and a window that accepts it
        "chief_approvable": Exists(AuthorizationEntry.objects.filter(
            pk__in=chief_entries.values("pk"), implementations=OuterRef("pk"),
            windows__items__implementation=OuterRef("pk"),
        )),
    }


def source_rows(source: str, on: dt.date) -> QuerySet:
    """The rows one source measures on a date: published, in force, as the public sees them."""
    in_force = implementation.in_force(on=on)
    if source == Source.IMPLEMENTATION:
        rows = in_force.annotate(**_implementation_annotations(on))
    elif source == Source.MATERIAL:
        rows = Material.objects.filter(implementation__in=in_force.values("pk"))
    else:
        rows = bundle.in_force(on=on)
    return rows.filter(SOURCE_ROWS[source]) if source in SOURCE_ROWS else rows


def _aggregates(computations: list[Computation]) -> dict:
    aggregates = {}
    for c in computations:
        aggregates[f"{c.code}__n"] = c.numerator()
        if c.denominator is not None:
            aggregates[f"{c.code}__d"] = c.denominator()
    return aggregates


def _decimal(number) -> Decimal | None:
    return None if number is None else Decimal(str(number))


def _figure(indicator: Indicator, row: dict | None, target: IndicatorTarget | None) -> Figure:
    c = computation(indicator.computation)
    numerator = (row or {}).get(f"{c.code}__n") or 0
    denominator = (row or {}).get(f"{c.code}__d") if c.denominator is not None else None
    if c.denominator is not None:
        denominator = denominator or 0
    return Figure(indicator, _decimal(numerator), _decimal(denominator), c.value(numerator, denominator), target)


def _grouped(indicators: list[Indicator], on: dt.date, scope, key) -> dict:
    """{group key: {aggregate name: number}} for each source of the indicators; one query per source.

    `scope(source)` filters a source's rows, `key(source)` is the expression or lookup to group them by."""
    by_source = defaultdict(list)
    for indicator in indicators:
        c = computation(indicator.computation)
        if c not in by_source[c.source]:
            by_source[c.source].append(c)
    numbers: dict = defaultdict(dict)
    for source, computations in by_source.items():
        group = key(source)
        if group is None:
            continue
        rows = source_rows(source, on).filter(scope(source)).annotate(group_key=group).values("group_key")
        for row in rows.annotate(**_aggregates(computations)).order_by():
            numbers[row.pop("group_key")].update(row)
    return numbers


def indicators() -> list[Indicator]:
    return list(Indicator.objects.all())


def binding_targets(indicator_list: list[Indicator], regions: list[Region], on: dt.date,
                    subject: str = TargetSubject.REGION) -> dict:
    """{(indicator id, region id): target} — one query.

    A region's target (or, with `subject` department, the target each of its departments must reach) is set
    for its level by the nearest region at or above it that set one; of that region's targets, the one due
    most recently by the date (a target without a date is always due), or, when none is due yet, the next
    one to come due.
    """
    levels = {region.level for region in regions}
    candidates = defaultdict(list)
    for target in IndicatorTarget.objects.filter(indicator__in=indicator_list, level__in=levels,
                                                 subject=subject).select_related("region"):
        candidates[(target.indicator_id, target.level)].append(target)
    chosen = {}
    for indicator in indicator_list:
        for region in regions:
            issued = [t for t in candidates[(indicator.pk, region.level)] if region.path.startswith(t.region.path)]
            if not issued:
                continue
            nearest = max(len(t.region.path) for t in issued)
            issued = [t for t in issued if len(t.region.path) == nearest]
            due = [t for t in issued if t.due_date is None or t.due_date <= on]
            if due:
                chosen[(indicator.pk, region.pk)] = max(due, key=lambda t: t.due_date or dt.date.min)
            else:
                chosen[(indicator.pk, region.pk)] = min(issued, key=lambda t: t.due_date)
    return chosen


def region_figures(regions: list[Region], *, on: dt.date, include_descendants: bool = True,
                   indicator_list: list[Indicator] | None = None) -> dict[int, list[Figure]]:
    """Every indicator of every region: {region id: [figure per indicator]}.

    With `include_descendants`, a region's figures count its whole subtree; without, only its own rows."""
    indicator_list = indicators() if indicator_list is None else indicator_list
    regions = list(regions)
    targets = binding_targets(indicator_list, regions, on)
    numbers: dict = {}
    if include_descendants:
        for length in sorted({len(region.path) for region in regions}):
            same_level = [region for region in regions if len(region.path) == length]

            def scope(source, same_level=same_level):
                condition = Q(pk__in=[])
                for region in same_level:
                    condition |= in_subtree(region, PATHS[source]["region"])
                return condition

            grouped = _grouped(indicator_list, on, scope,
                               lambda source, length=length: Substr(f"{PATHS[source]['region']}__path", 1, length))
            by_path = {region.path: region.pk for region in same_level}
            numbers.update({by_path[path]: row for path, row in grouped.items() if path in by_path})
    else:
        ids = [region.pk for region in regions]
        numbers = _grouped(indicator_list, on, lambda source: Q(**{f"{PATHS[source]['region']}__in": ids}),
                           lambda source: F(PATHS[source]["region"] + "_id"))
    return {
        region.pk: [_figure(i, numbers.get(region.pk), targets.get((i.pk, region.pk))) for i in indicator_list]
        for region in regions
    }


def breakdown(region: Region, by: str, *, on: dt.date, include_descendants: bool = True,
              indicator_list: list[Indicator] | None = None) -> dict[object, list[Figure]]:
    """The region's indicators per department or per item type: {department id or item type: [figures]}.

    A department is measured against the targets set for each department, where there are any, otherwise
    against the region's; an item type against the region's."""
    if by not in BREAKDOWNS:
        raise ValueError(f"breakdown by {by!r}: expected one of {BREAKDOWNS}")
    indicator_list = indicators() if indicator_list is None else indicator_list
    targets = binding_targets(indicator_list, [region], on)
    if by == "department":
        targets.update(binding_targets(indicator_list, [region], on, subject=TargetSubject.DEPARTMENT))

    def scope(source):
        through = PATHS[source]["region"]
        return in_subtree(region, through) if include_descendants else Q(**{through: region})

    def key(source):
        lookup = PATHS[source][by]
        return F(lookup) if lookup else None

    numbers = _grouped(indicator_list, on, scope, key)
    return {group: [_figure(i, row, targets.get((i.pk, region.pk))) for i in indicator_list]
            for group, row in sorted(numbers.items(), key=lambda kv: str(kv[0]))}


def worklist(indicator: Indicator, region: Region, *, on: dt.date, include_descendants: bool = True) -> QuerySet:
    """The rows that pull the indicator down in the region (or its subtree): the admins' to-do list."""
    c = computation(indicator.computation)
    through = PATHS[c.source]["region"]
    placed = in_subtree(region, through) if include_descendants else Q(**{through: region})
    if c.worklist is None:
        return source_rows(c.source, on).none()
    rows = source_rows(c.source, on).filter(placed).filter(c.worklist).order_by("pk")
    if c.source == Source.MATERIAL:
        return rows.select_related("implementation__catalog_item", "implementation__department",
                                   "implementation__region")
    return rows.select_related("catalog_item", "department", "region") if c.source == Source.IMPLEMENTATION else rows


@dataclass(frozen=True)
class TrendSeries:
    """One indicator's monthly values and targets, aligned with its Trend's months (None: no snapshot)."""

    indicator: Indicator
    values: tuple[Decimal | None, ...]
    targets: tuple[Decimal | None, ...]
    months: tuple[dt.date, ...]

    @property
    def points(self) -> list[tuple[dt.date, Decimal | None, Decimal | None]]:
        return list(zip(self.months, self.values, self.targets, strict=True))

    @property
    def latest(self) -> tuple[dt.date, Decimal | None, Decimal | None] | None:
        """The last month with a value, with its target."""
        return next((point for point in reversed(self.points) if point[1] is not None), None)


@dataclass(frozen=True)
class Trend:
    months: tuple[dt.date, ...]
    series: tuple[TrendSeries, ...]


def _month_start(day: dt.date, back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def trend(region: Region, indicator_list: list[Indicator] | None = None, *, months: int = 24,
          until: dt.date | None = None) -> Trend:
    """The region's monthly snapshots (with its subtree) of the last `months` months up to `until`: one query.

    The months run from the first month with a snapshot to the last, a month without one left as None (a gap,
    not a zero); of several snapshots in one month, the latest counts."""
    indicator_list = indicators() if indicator_list is None else indicator_list
    until = until or timezone.localdate()
    rows = IndicatorSnapshot.objects.filter(
        region=region, include_descendants=True, indicator__in=indicator_list,
        on__gte=_month_start(until, months - 1), on__lte=until,
    ).order_by("on").values_list("indicator_id", "on", "value", "target")
    by_month: dict[tuple[int, dt.date], tuple] = {}
    for indicator_id, on, value, target in rows:
        by_month[(indicator_id, on.replace(day=1))] = (value, target)  # ordered by date: the latest wins
    taken = sorted({month for _indicator, month in by_month})
    axis = []
    if taken:
        span = (taken[-1].year - taken[0].year) * 12 + taken[-1].month - taken[0].month
        axis = [_month_start(taken[-1], back) for back in range(span, -1, -1)]
    axis = tuple(axis)
    series = []
    for indicator in indicator_list:
        points = [by_month.get((indicator.pk, month), (None, None)) for month in axis]
        series.append(TrendSeries(indicator, tuple(v for v, _t in points), tuple(t for _v, t in points), axis))
    return Trend(axis, tuple(series))
