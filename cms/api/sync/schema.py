import graphene
from django.db.models import Q

from cms.api import selectors
from cms.api.core.connection import aware, page_args, paginate
from cms.api.core.enums import TombstoneKind
from cms.api.regions.filters import region_by_code
from cms.api.sync.types import TombstoneConnection


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
        queryset = selectors.tombstones(viewer).filter(created_at__gt=aware(since, "since"))
        if kinds:
            queryset = queryset.filter(kind__in=list(kinds))
        if region_code is not None:
            region = region_by_code(viewer, region_code)
            ancestors = [f"{'/'.join(region.ancestor_codes()[: n + 1])}/" for n in range(len(region.ancestor_codes()))]
            queryset = queryset.filter(Q(region_path__startswith=region.path) | Q(region_path__in=ancestors))
        return paginate(TombstoneConnection, queryset, info=info, kind="Tombstone", first=first, after=after)
