import graphene

from cms.api import selectors
from cms.api.catalog.dataloaders import CatalogItemByIdLoader, LegalBasesByCatalogItemIdLoader
from cms.api.catalog.filters import filter_catalog_items
from cms.api.catalog.types import CatalogItemConnection, CatalogItemType
from cms.api.core.connection import aware, page_args, paginate
from cms.api.core.drafts import present
from cms.api.core.enums import CatalogStatus, ItemType, RegionLevel
from cms.api.core.selection import selected_names
from cms.api.regions.dataloaders import prime_regions
from config_models.text import normalize_code


def prepare_catalog_items(rows, info):
    """Swap in drafts the viewer may see and prime what the selection needs: at most four queries."""
    items = present(rows, info.context)
    loader = CatalogItemByIdLoader.for_request(info)
    for item in items:
        loader.put(item.pk, item)
    names = selected_names(info)
    if "parent" in names:
        loader.prime(item.parent_id for item in items)
    if "region" in names:
        prime_regions(
            info.context,
            [item.region_id for item in items if item],
            with_ancestors=bool(names & {"ancestors", "parent"}),
        )
    if "legalBases" in names:
        LegalBasesByCatalogItemIdLoader.for_request(info).prime(
            item.pk for item in items if not getattr(item, "_api_draft", False)
        )
    return items


class CatalogQueries(graphene.ObjectType):
    catalog_item = graphene.Field(
        CatalogItemType, code=graphene.String(required=True), description="One catalog item by its 基本编码."
    )
    catalog_items = graphene.Field(
        CatalogItemConnection,
        required=True,
        description="基本目录: catalog items, in a stable order.",
        **page_args(
            type=ItemType(description="Only items of this type."),
            level=RegionLevel(description="Only items this level may implement."),
            status=CatalogStatus(description="Only items of this status (cancelled items are listed too)."),
            search=graphene.String(description="A part of the name, or the beginning of the code."),
            region_code=graphene.String(description="Only items maintained by this region."),
            changed_since=graphene.DateTime(description="Only items changed after this time."),
        ),
    )

    @staticmethod
    def resolve_catalog_item(root, info, code):
        row = selectors.catalog_items(info.context.api_viewer).filter(code=normalize_code(code)).first()
        return prepare_catalog_items([row], info)[0] if row else None

    @staticmethod
    def resolve_catalog_items(root, info, first=None, after=None, changed_since=None, **filters):
        viewer = info.context.api_viewer
        queryset = filter_catalog_items(
            selectors.catalog_items(viewer), viewer, changed_since=aware(changed_since, "changedSince"), **filters
        )
        return paginate(
            CatalogItemConnection, queryset, info=info, kind="CatalogItem", first=first, after=after,
            prepare=prepare_catalog_items,
        )
