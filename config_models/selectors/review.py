"""Reads of 待复核 marks: a user's worklist, and the open marks of a set of implementations or bundles."""

from collections import defaultdict

from django.db.models import QuerySet

from config_models import scope
from config_models.models import OPEN_REVIEW_STATUSES, Region, ReviewMark, ReviewStatus, in_subtree

OPEN = "open"


def review_worklist(*, user, region: Region | None = None, status: str = OPEN) -> QuerySet[ReviewMark]:
    """The marks the user may see, newest first: open ones by default, or those of one status ("" for all);
    with `region`, only that region's subtree."""
    marks = scope.scoped(user, ["view"], ReviewMark.objects.all())
    if status == OPEN:
        marks = marks.filter(status__in=OPEN_REVIEW_STATUSES)
    elif status in ReviewStatus.values:
        marks = marks.filter(status=status)
    if region is not None:
        marks = marks.filter(in_subtree(region, "region"))
    return marks.select_related(
        "implementation__catalog_item", "implementation__department", "bundle", "region", "catalog_item",
        "bundle_template", "resolved_by",
    ).order_by("-since", "pk")


def open_marks_by_target(*, target: str, keys) -> dict[int, list[ReviewMark]]:
    """Open marks of implementations (`target="implementation"`) or bundles, by their key, oldest first:
    one query for any number of keys."""
    found = defaultdict(list)
    marks = (ReviewMark.objects.open().filter(**{f"{target}_id__in": list(keys)})
             .select_related("catalog_item", "bundle_template").order_by("since", "pk"))
    for mark in marks:
        found[getattr(mark, f"{target}_id")].append(mark)
    return found
