import graphene

from cms.api import selectors
from cms.api.core.connection import aware, page_args, paginate
from cms.api.core.enums import RegionLevel
from cms.api.core.selection import selected_names
from cms.api.regions.dataloaders import RegionByIdLoader, prime_regions
from cms.api.regions.filters import filter_regions
from cms.api.regions.types import RegionConnection, RegionType
from config_models.text import normalize_code


def prepare_regions(rows, info):
    loader = RegionByIdLoader.for_request(info)
    for row in rows:
        loader.put(row.pk, row)
    names = selected_names(info)
    if names & {"ancestors", "parent"}:
        prime_regions(info.context, [row.pk for row in rows], with_ancestors=True)
    return rows


class RegionQueries(graphene.ObjectType):
    region = graphene.Field(
        RegionType, code=graphene.String(required=True), description="One region by its code; null if unknown."
    )
    regions = graphene.Field(
        RegionConnection,
        required=True,
        description="Regions, in a stable order. Without arguments: every region.",
        **page_args(
            parent_code=graphene.String(description="Only the regions directly below this one."),
            include_descendants=graphene.Boolean(
                default_value=False, description="With `parentCode`: every region below it, at any depth."
            ),
            level=RegionLevel(description="Only regions of this level."),
            changed_since=graphene.DateTime(
                description="Only regions created, renamed or moved after this time, or below one that was."
            ),
        ),
    )

    @staticmethod
    def resolve_region(root, info, code):
        return selectors.regions(info.context.api_viewer).filter(code=normalize_code(code)).first()

    @staticmethod
    def resolve_regions(root, info, first=None, after=None, changed_since=None, **filters):
        viewer = info.context.api_viewer
        queryset = filter_regions(
            selectors.regions(viewer), viewer, changed_since=aware(changed_since, "changedSince"), **filters
        )
        return paginate(
            RegionConnection, queryset, info=info, kind="Region", first=first, after=after, prepare=prepare_regions
        )
