"""Which version of a draftable row (catalog item, implementation) a viewer is shown.

The public sees the table's values: Wagtail keeps a live row's published values in the table and its
unpublished changes in revisions. An API client with the drafts scope sees, for rows placed in its
region subtree, the latest revision (the draft being edited); elsewhere it sees what the public sees.
"""

from cms.api.regions.dataloaders import RegionByIdLoader


def shows_draft(obj) -> bool:
    """Whether the values shown are not the published ones."""
    return getattr(obj, "_api_draft", False) or not obj.live


def present(rows: list, request) -> list:
    """The objects to show for `rows` (each row itself, or its latest revision for a client in scope)."""
    viewer = request.api_viewer
    if not viewer.sees_drafts:
        return rows
    regions = RegionByIdLoader.for_request(request)
    regions.prime(row.region_id for row in rows)
    shown = []
    for row in rows:
        if (row.has_unpublished_changes or not row.live) and row.latest_revision_id:
            region = regions.load(row.region_id)
            if region is not None and viewer.covers(region.path):
                shown.append(draft_of(row))
                continue
        shown.append(row)
    return shown


def draft_of(row):
    """The row as its latest revision has it, like Wagtail's `with_content_json`, but without checking each
    foreign key of the revision (and of each child) with a query: loaders fetch the related rows in bulk."""
    draft = type(row).from_serializable_data(row.latest_revision.content, check_fks=False)
    draft.pk = row.pk
    for field in ("latest_revision", "live", "has_unpublished_changes", "first_published_at", "last_published_at"):
        setattr(draft, field, getattr(row, field))
    draft._api_draft = True
    draft._api_row = row
    return draft


def related(root, info, loader_class, attname: str):
    """The row `root` points at through `attname`; if a draft points at a row deleted since, the live one's."""
    loader = loader_class.for_request(info)
    obj = loader.load(getattr(root, attname))
    row = getattr(root, "_api_row", None)
    if obj is None and row is not None:
        obj = loader.load(getattr(row, attname))
    return obj


def revision_time(obj):
    """When the shown version was written: the revision's time for a draft."""
    revision = obj.latest_revision if getattr(obj, "_api_draft", False) else None
    return revision.created_at if revision is not None else None
