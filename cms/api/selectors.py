"""Read-only querysets of what a viewer may see (STYLE.md 2: reads through selectors).

Scoping follows config_models.scope: a region's subtree is the prefix of its materialised path. The
public sees published rows; an API client with the drafts scope also sees unpublished rows placed in its
region's subtree. Nothing here writes.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from cms.api.auth import Viewer
from config_models.models import (
    CatalogItem,
    Department,
    Implementation,
    ImplementationStatus,
    Region,
)

# Above this many changed regions, every department counts as changed (a full pass, still correct).
MAX_CHANGED_REGIONS = 200


def _draft_scope(viewer: Viewer, field: str = "region") -> Q:
    return Q(**{f"{field}__path__startswith": viewer.region_path})


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
        return Q(**{f"{field}__path__startswith": region.path})
    return Q(**{field: region})


# changedSince: a row counts as changed when it or anything it shows changed.
def _changed_in_history(model, since: dt.datetime) -> Exists:
    return Exists(model.history.model.objects.filter(id=OuterRef("pk"), history_date__gt=since))


def changed_region_paths(since: dt.datetime) -> list[str] | None:
    """Paths of regions changed since `since` (renamed, moved, created); None when there are too many."""
    codes = set(
        Region.history.model.objects.filter(history_date__gt=since).values_list("code", flat=True)[
            : MAX_CHANGED_REGIONS + 1
        ]
    )
    if len(codes) > MAX_CHANGED_REGIONS:
        return None
    return list(Region.objects.filter(code__in=codes).values_list("path", flat=True))


def regions_changed_since(queryset: QuerySet[Region], since: dt.datetime) -> QuerySet[Region]:
    """Regions changed themselves or in their parent chain (which they show as `ancestors`)."""
    paths = changed_region_paths(since)
    if paths is None:
        return queryset
    changed = Q(pk__in=[])
    for path in paths:
        changed |= Q(path__startswith=path)
    return queryset.filter(changed)


def departments_changed_since(queryset: QuerySet[Department], since: dt.datetime) -> QuerySet[Department]:
    """Departments edited, or whose region (or a region above it) changed."""
    paths = changed_region_paths(since)
    if paths is None:
        return queryset
    changed = Q(_changed_in_history(Department, since))
    for path in paths:
        changed |= Q(region__path__startswith=path)
    return queryset.filter(changed)


def catalog_items_changed_since(
    queryset: QuerySet[CatalogItem], since: dt.datetime, viewer: Viewer
) -> QuerySet[CatalogItem]:
    changed = Q(updated_at__gt=since)
    if viewer.sees_drafts:
        changed |= Q(latest_revision__created_at__gt=since) & _draft_scope(viewer)
    return queryset.filter(changed)


def implementations_changed_since(
    queryset: QuerySet[Implementation], since: dt.datetime, viewer: Viewer
) -> QuerySet[Implementation]:
    """Own edits, material edits, department and region changes (cms.api.signals bump `updated_at`), and
    edits of the catalog item (a rename changes the name every implementation shows)."""
    changed = Q(updated_at__gt=since) | Q(catalog_item__updated_at__gt=since)
    if viewer.sees_drafts:
        changed |= Q(latest_revision__created_at__gt=since) & _draft_scope(viewer)
        changed |= Q(catalog_item__latest_revision__created_at__gt=since) & _draft_scope(viewer, "catalog_item__region")
    return queryset.filter(changed)


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
        Q(roster__live=True) | Q(roster__expired=True), roster__region__path__startswith=viewer.region_path
    )


def delegations(viewer: Viewer) -> QuerySet:
    from config_models.models import Delegation

    return Delegation.objects.filter(live=True)


def halls_changed_since(queryset: QuerySet, since: dt.datetime) -> QuerySet:
    """Halls published since, or with a window whose accepted items changed (cms.api.signals bump windows)."""
    from config_models.models import Window

    return queryset.filter(
        Q(last_published_at__gt=since) | Exists(Window.objects.filter(hall=OuterRef("pk"), updated_at__gt=since))
    )
