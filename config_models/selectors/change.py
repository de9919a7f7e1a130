"""Reads of the change feed: which rows of a collection changed, and the entries after a cursor.

`drafts_path` is the region subtree whose non-public entries the reader may see (an API client with the
drafts scope); None for the public, who see public entries only.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max, Q, QuerySet

from config_models.models import Change, ChangeOperation, Region


def _visible(drafts_path: str | None) -> Q:
    visible = Q(public=True)
    if drafts_path is not None:
        visible |= Q(region_path__startswith=drafts_path)
    return visible


def changed_since(queryset: QuerySet, *, entity: str, since: dt.datetime, drafts_path: str | None = None) -> QuerySet:
    """The rows of `queryset` with a feed entry of `entity` after `since`: a cost of the changes, not the table."""
    changed = Change.objects.filter(_visible(drafts_path), entity=entity, created_at__gt=since)
    return queryset.filter(pk__in=changed.values("object_id"))


def removals_since(*, since: dt.datetime, entities: Iterable[str] | None = None,
                   drafts_path: str | None = None) -> QuerySet[Change]:
    """`D` entries after `since`, oldest first: the rows a mirror must drop (what tombstones were)."""
    queryset = Change.objects.filter(_visible(drafts_path), operation=ChangeOperation.DELETE, created_at__gt=since)
    if entities:
        queryset = queryset.filter(entity__in=list(entities))
    return queryset.order_by("sequence")


def in_region_or_above(queryset: QuerySet[Change], region: Region) -> QuerySet[Change]:
    """Entries placed in the region's subtree or in a region above it (the catalog is kept above)."""
    codes = region.ancestor_codes()
    ancestors = ["".join(f"{code}/" for code in codes[: n + 1]) for n in range(len(codes))]
    return queryset.filter(Q(region_path__startswith=region.path) | Q(region_path__in=ancestors))


def feed_head() -> int:
    """The sequence of the newest entry (0 for an empty feed): a snapshot read in the same transaction holds
    everything up to it, so a mirror that loads the snapshot follows the feed from there."""
    return Change.objects.aggregate(head=Max("sequence"))["head"] or 0


def changes_after(*, after: int = 0, region: Region | None = None, entities: Iterable[str] | None = None,
                  drafts_path: str | None = None) -> QuerySet[Change]:
    """Entries after the sequence number `after`, in sequence order: what a mirror follows."""
    queryset = Change.objects.filter(_visible(drafts_path), sequence__gt=after)
    if entities:
        queryset = queryset.filter(entity__in=list(entities))
    if region is not None:
        queryset = in_region_or_above(queryset, region)
    return queryset.order_by("sequence")
