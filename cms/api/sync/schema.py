import graphene

from cms.api.changes.schema import drafts_path
from cms.api.core.connection import aware, page_args, paginate
from cms.api.core.enums import TombstoneKind
from cms.api.regions.filters import region_by_code
from cms.api.sync.types import TombstoneConnection
from config_models.selectors.change import in_region_or_above, removals_since


class SyncQueries(graphene.ObjectType):
    tombstones = graphene.Field(
        TombstoneConnection,
        required=True,
        description="Rows that left the collections, oldest first, so a mirror can drop them. Apply them "
        "before the rows of the same pull's `changedSince` queries.",
        **page_args(
            since=graphene.DateTime(required=True, description="Only rows that left after this time."),
            kinds=graphene.List(graphene.NonNull(TombstoneKind), description="Only these kinds of rows."),
            region_code=graphene.String(
                description="Only rows placed in this region, below it, or above it (the catalog is kept above)."
            ),
        ),
    )

    @staticmethod
    def resolve_tombstones(root, info, since, first=None, after=None, kinds=None, region_code=None):
        viewer = info.context.api_viewer
        queryset = removals_since(
            since=aware(since, "since"), entities=[kind.value for kind in kinds or []], drafts_path=drafts_path(viewer)
        )
        if region_code is not None:
            queryset = in_region_or_above(queryset, region_by_code(viewer, region_code))
        return paginate(TombstoneConnection, queryset, info=info, kind="Tombstone", first=first, after=after)
