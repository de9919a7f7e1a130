"""Read-only querysets of what a viewer may see (STYLE.md 2: reads through selectors).

Scoping follows config_models.scope: a region's subtree is the prefix of its materialised path. The
public sees published rows; an API client with the drafts scope also sees unpublished rows placed in its
region's subtree. Nothing here writes.
"""

import datetime as dt

from django.db.models import Q, QuerySet

from cms.api.auth import Viewer
from config_models.models import (
    CatalogItem,
    Department,
    Implementation,
    ImplementationStatus,
    Region,
    in_subtree,
)
from config_models.selectors import change as feed


def _draft_scope(viewer: Viewer, field: str = "region") -> Q:
    return in_subtree(viewer.region_path, field)


def regions(viewer: Viewer) -> QuerySet[Region]:
    return Region.objects.all()


def departments(viewer: Viewer) -> QuerySet[Department]:
    return Department.objects.all()


def catalog_items(viewer: Viewer) -> QuerySet[CatalogItem]:
    visible = Q(live=True)
    if viewer.sees_drafts:
        visible |= _draft_scope(viewer)
    queryset = CatalogItem.objects.filter(visible)
    if not viewer.is_public:
        queryset = queryset.select_related("latest_revision")
    return queryset


def implementations(viewer: Viewer, *, include_ended: bool = True) -> QuerySet[Implementation]:
    """Published implementations of published catalog items, plus a client's drafts in scope."""
    visible = Q(live=True, catalog_item__live=True)
    if viewer.sees_drafts:
        visible |= _draft_scope(viewer)
    queryset = Implementation.objects.filter(visible)
    if not include_ended:
        queryset = queryset.exclude(status=ImplementationStatus.ENDED)
    if not viewer.is_public:
        queryset = queryset.select_related("latest_revision")
    return queryset


def region_subtree(region: Region, *, include_descendants: bool, field: str = "region") -> Q:
    if include_descendants:
        return in_subtree(region, field)
    return Q(**{field: region})


# changedSince: a row counts as changed when the change feed has an entry of it after the time. The
# services write a parent entry for every change a row shows (a material, a rename of its region or
# catalog item: config_models.services.feed.PARENTS), so one indexed feed scan answers every collection.
def changed_since(queryset: QuerySet, entity: str, since: dt.datetime, viewer: Viewer) -> QuerySet:
    return feed.changed_since(
        queryset, entity=entity, since=since, drafts_path=viewer.region_path if viewer.sees_drafts else None
    )


# Halls, windows, authorizations, delegations ---------------------------------------------------------------


def halls(viewer: Viewer) -> QuerySet:
    """Published halls: public (they carry no personal data)."""
    from config_models.models import Hall

    return Hall.objects.filter(live=True)


def windows(viewer: Viewer) -> QuerySet:
    from config_models.models import Window

    return Window.objects.filter(hall__live=True)


def authorizations(viewer: Viewer) -> QuerySet:
    """Entries of published (or expired) rosters in the client's region subtree; nothing for the public."""
    from config_models.models import AuthorizationEntry

    if viewer.is_public:
        return AuthorizationEntry.objects.none()
    return AuthorizationEntry.objects.filter(
        Q(roster__live=True) | Q(roster__expired=True), in_subtree(viewer.region_path, "roster__region")
    )


def delegations(viewer: Viewer) -> QuerySet:
    from config_models.models import Delegation

    return Delegation.objects.filter(live=True)
