import graphene
from graphene_django import DjangoObjectType

from cms.api import selectors
from cms.api.catalog.dataloaders import CatalogItemByIdLoader, legal_bases_of
from cms.api.core.connection import KeysetConnection
from cms.api.core.drafts import present, related, revision_time, shows_draft
from cms.api.core.enums import CatalogStatus, ItemType, RegionLevel
from cms.api.core.node import Node
from cms.api.regions.dataloaders import RegionByIdLoader
from cms.api.regions.types import RegionType
from config_models import models


class LegalBasisType(graphene.ObjectType):
    """设定依据: one law, its 文号 and clause."""

    law_name = graphene.String(required=True, description="法律法规名称.")
    document_number = graphene.String(required=True, description="文号.")
    clause = graphene.String(required=True, description="条款号.")
    text = graphene.String(required=True, description="条款内容.")

    class Meta:
        name = "LegalBasis"


class EditorialStateType(graphene.ObjectType):
    """Publishing state of a draftable row (clients with the `internal` scope only)."""

    live = graphene.Boolean(required=True, description="Published (it has a live version).")
    has_unpublished_changes = graphene.Boolean(required=True, description="A draft differs from the live version.")
    latest_revision_at = graphene.DateTime(description="When the latest revision (draft or published) was saved.")
    last_published_at = graphene.DateTime(description="When it was last published.")

    class Meta:
        name = "EditorialState"


def editorial_state(root, info):
    if not info.context.api_viewer.sees_internal:
        return None
    revision = root.latest_revision if root.latest_revision_id else None
    return EditorialStateType(
        live=root.live,
        has_unpublished_changes=root.has_unpublished_changes,
        latest_revision_at=revision.created_at if revision else None,
        last_published_at=root.last_published_at,
    )


class CatalogItemType(DjangoObjectType):
    """基本目录事项: the unified name and code every level implements (三级四同)."""

    code = graphene.String(required=True, description="基本编码 (12 digits).")
    name = graphene.String(required=True, description="事项名称.")
    type = graphene.Field(ItemType, required=True, source="item_type", description="事项类型.")
    local_code = graphene.String(required=True, description="地方基本编码 (the provincial platform's own code).")
    is_main_item = graphene.Boolean(required=True, description="A main item (主项), not a sub-item (子项).")
    parent = graphene.Field(lambda: CatalogItemType, description="The main item of a sub-item.")
    region = graphene.Field(RegionType, required=True, description="目录维护区划: the region maintaining the entry.")
    allowed_levels = graphene.List(
        graphene.NonNull(RegionLevel), required=True, description="行使层级: levels that may implement it."
    )
    status = graphene.Field(CatalogStatus, required=True, description="事项状态.")
    effective_date = graphene.Date(description="生效日期.")
    cancel_date = graphene.Date(description="取消日期.")
    legal_bases = graphene.List(graphene.NonNull(LegalBasisType), required=True, description="设定依据, in order.")
    updated_at = graphene.DateTime(required=True, description="When this version was last changed.")
    is_draft = graphene.Boolean(
        required=True,
        description="The values are an unpublished draft (only ever true for API clients with the drafts scope).",
    )
    editorial = graphene.Field(EditorialStateType, description="Publishing state; null without the internal scope.")

    class Meta:
        model = models.CatalogItem
        name = "CatalogItem"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        row = selectors.catalog_items(info.context.api_viewer).filter(pk=id).first()
        return present([row], info.context)[0] if row else None

    @staticmethod
    def resolve_parent(root, info):
        return CatalogItemByIdLoader.for_request(info).load(root.parent_id)

    @staticmethod
    def resolve_region(root, info):
        return related(root, info, RegionByIdLoader, "region_id")

    @staticmethod
    def resolve_legal_bases(root, info):
        return legal_bases_of(root, info.context)

    @staticmethod
    def resolve_updated_at(root, info):
        return max(filter(None, (root.updated_at, revision_time(root))))

    @staticmethod
    def resolve_is_draft(root, info):
        return shows_draft(root)

    resolve_editorial = staticmethod(editorial_state)


class CatalogItemConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = CatalogItemType
