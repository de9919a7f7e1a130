"""好差评 figures (GB/T 39734-2020 appendix B) and the 差评 worklists: aggregates, not loops.

The figures of a region over a date range, per catalog item, window, 一件事, department or region, are one
grouped query (plus one for the region names when grouping by region), whatever the number of evaluations:

- 评价数: evaluations; 好评数 / 好评率: ratings of 4 or 5 among them;
- 差评数: ratings of 1 or 2; 差评整改率: bad reviews rectified among those that need it (a 差评 verified 不属实
  needs no rectification); 回访率: bad reviews called back among all bad reviews;
- 逾期: bad reviews that need rectification, not rectified, past their deadline on the day asked.

Only aggregates leave this module for the public: never an evaluation's text or a staff name.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from config_models.models import (
    BAD_RATING_MAX,
    GOOD_RATING_MIN,
    BadReviewCase,
    BadReviewStep,
    Evaluation,
    Region,
    RegionLevel,
    in_subtree,
)


class GroupBy:
    ITEM = "item"
    WINDOW = "window"
    BUNDLE = "bundle"
    DEPARTMENT = "department"
    REGION = "region"
    ALL = (ITEM, WINDOW, BUNDLE, DEPARTMENT, REGION)


# group -> (key, code, name, extra label field)
GROUP_FIELDS = {
    GroupBy.ITEM: ("implementation__catalog_item_id", "implementation__catalog_item__code",
                   "implementation__catalog_item__name", None),
    GroupBy.WINDOW: ("window_id", "window__number", "window__name", "window__hall__title"),
    GroupBy.BUNDLE: ("bundle_id", "bundle__code", "bundle__title", None),
    GroupBy.DEPARTMENT: ("department_id", "department__credit_code", "department__name", None),
}

CASE = "bad_review_case"
NEEDS_RECTIFICATION = Q(**{f"{CASE}__verified_true__isnull": True}) | Q(**{f"{CASE}__verified_true": True})


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class EvaluationFigures:
    """The figures of one group (an item, a window …) or of the whole region."""

    key: int | str | None
    code: str
    name: str
    evaluations: int
    good: int
    bad: int
    to_rectify: int  # bad reviews needing rectification (not verified 不属实)
    rectified: int
    called_back: int
    overdue: int

    @property
    def good_rate(self) -> Decimal | None:
        """好评率, in per cent."""
        return _percent(self.good, self.evaluations)

    @property
    def rectification_rate(self) -> Decimal | None:
        """差评整改率, in per cent."""
        return _percent(self.rectified, self.to_rectify)

    @property
    def call_back_rate(self) -> Decimal | None:
        """回访率, in per cent."""
        return _percent(self.called_back, self.bad)


def _measures(today: dt.date) -> dict:
    return {
        "evaluations": Count("pk"),
        "good": Count("pk", filter=Q(rating__gte=GOOD_RATING_MIN)),
        "bad": Count("pk", filter=Q(rating__lte=BAD_RATING_MAX)),
        "to_rectify": Count(CASE, filter=NEEDS_RECTIFICATION),
        "rectified": Count(CASE, filter=Q(**{f"{CASE}__rectified_on__isnull": False})),
        "called_back": Count(CASE, filter=Q(**{f"{CASE}__step": BadReviewStep.CLOSED})),
        "overdue": Count(CASE, filter=NEEDS_RECTIFICATION & Q(**{f"{CASE}__rectified_on__isnull": True,
                                                                   f"{CASE}__deadline__lt": today})),
    }


def evaluations_of(*, region: Region, date_from: dt.date | None = None, date_to: dt.date | None = None,
                   include_descendants: bool = True) -> QuerySet:
    """The evaluations of a region (and its subtree) given between two dates, inclusive."""
    rows = Evaluation.objects.filter(in_subtree(region, "region") if include_descendants else Q(region=region))
    if date_from:
        rows = rows.filter(evaluated_on__gte=date_from)
    if date_to:
        rows = rows.filter(evaluated_on__lte=date_to)
    return rows


def _child_prefix_length(region: Region) -> int:
    """The length of a child region's path: its parent's path, the child's code and a slash."""
    child_code = 6 if region.level in (RegionLevel.PROVINCE, RegionLevel.CITY) else 12
    return len(region.path) + child_code + 1


def region_totals(*, region: Region, date_from=None, date_to=None, include_descendants=True,
                  today: dt.date | None = None) -> EvaluationFigures:
    """The figures of the whole region: one query."""
    rows = evaluations_of(region=region, date_from=date_from, date_to=date_to,
                          include_descendants=include_descendants)
    values = rows.aggregate(**_measures(today or timezone.localdate()))
    return EvaluationFigures(key=region.pk, code=region.code, name=region.name, **values)


def implementation_totals(*, implementation, today: dt.date | None = None) -> EvaluationFigures:
    """The figures of one implementation over all its evaluations (its 办事指南 shows them): one query."""
    values = Evaluation.objects.filter(implementation=implementation).aggregate(
        **_measures(today or timezone.localdate()))
    return EvaluationFigures(key=implementation.pk, code="", name="", **values)


def evaluation_stats(*, region: Region, group_by: str, date_from=None, date_to=None, include_descendants=True,
                     today: dt.date | None = None) -> list[EvaluationFigures]:
    """The figures per group, most evaluated first. Evaluations without the grouped subject (an evaluation of
    a window only, grouped by item) are left out of that grouping.

    Grouped by region, each row is a region directly below `region` with its whole subtree, and a row of
    `region` itself holds the evaluations placed on it (a county hall's windows, the county's own items);
    without descendants, only that row."""
    if group_by not in GroupBy.ALL:
        raise ValueError(f"unknown grouping {group_by!r}")
    today = today or timezone.localdate()
    rows = evaluations_of(region=region, date_from=date_from, date_to=date_to,
                          include_descendants=include_descendants)
    measures = _measures(today)
    if group_by == GroupBy.REGION:
        length = _child_prefix_length(region)
        grouped = list(rows.annotate(branch=Substr("region__path", 1, length)).values("branch")
                       .annotate(**measures).order_by())
        # The region's own rows have a shorter path, which is the region's path itself.
        names = {r.path: r for r in Region.objects.filter(path__in=[group["branch"] for group in grouped])
                 .only("pk", "code", "name", "path")}
        result = [EvaluationFigures(key=names[path].pk, code=names[path].code, name=names[path].name,
                                    **{measure: group[measure] for measure in measures})
                  for group in grouped if (path := group["branch"]) in names]
    else:
        key, code, name, extra = GROUP_FIELDS[group_by]
        labels = [field for field in (code, name, extra) if field]
        grouped = rows.filter(**{f"{key}__isnull": False}).values(key, *labels).annotate(**measures).order_by()
        result = []
        for group in grouped:
            label = group[name]
            if group_by == GroupBy.WINDOW:
                label = f"{group[extra]}{group[code]}号窗口（{group[name]}）"
            result.append(EvaluationFigures(key=group[key], code=group[code], name=label,
                                            **{measure: group[measure] for measure in measures}))
    result.sort(key=lambda figures: (-figures.evaluations, figures.code, str(figures.key)))
    return result


def bad_review_cases(*, region: Region | None = None) -> QuerySet:
    """The 差评 handling cases of a region's subtree (every case without a region), with their evaluation."""
    cases = BadReviewCase.objects.select_related(
        "region", "evaluation", "evaluation__implementation__catalog_item", "evaluation__window__hall",
        "evaluation__bundle",
    )
    return cases.filter(in_subtree(region, "region")) if region is not None else cases


def overdue_cases(*, on: dt.date | None = None, region: Region | None = None) -> QuerySet:
    """The overdue worklist: bad reviews needing rectification, not rectified by their deadline, oldest
    deadline first."""
    return bad_review_cases(region=region).overdue(on or timezone.localdate()).order_by("deadline", "pk")
