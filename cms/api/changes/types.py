import graphene
from graphql_relay import to_global_id

from cms.api.core.enums import ChangeEntity, ChangeOperation, LeaveReason
from config_models.models import ChangeEntity as Entity

# The GraphQL type whose node IDs an entry's row has (or had).
NODE_TYPE_NAMES = {
    Entity.REGION: "Region",
    Entity.DEPARTMENT: "Department",
    Entity.CATALOG_ITEM: "CatalogItem",
    Entity.IMPLEMENTATION: "Implementation",
    Entity.CERTIFICATE_TYPE: "CertificateType",
    Entity.HALL: "Hall",
    Entity.WINDOW: "Window",
    Entity.AUTHORIZATION: "Authorization",
    Entity.DELEGATION: "Delegation",
    Entity.BUNDLE_TEMPLATE: "BundleTemplate",
    Entity.BUNDLE: "Bundle",
    Entity.PUBLISHED_LIST: "PublishedList",
}


class ChangeEntryType(graphene.ObjectType):
    """One entry of the change feed: a row of a collection was added (I), changed (U) or left (D)."""

    sequence = graphene.BigInt(required=True, description="Position in the feed; only grows.")
    entity = graphene.Field(ChangeEntity, required=True, description="The collection of the row.")
    object_id = graphene.ID(required=True, description="The database key of the row.")
    node_id = graphene.ID(required=True, description="The `id` the row has (or had) in this API.")
    code = graphene.String(required=True, description="Its code (区划代码, 统一社会信用代码, 基本编码, 实施编码…).")
    region_path = graphene.String(required=True, description="Codes of the region the row is placed in, root first, "
                                  "each followed by `/`.")
    operation = graphene.Field(ChangeOperation, required=True, description="cd_operation: I, U or D.")
    reason = graphene.Field(LeaveReason, description="Why the row left (D entries only).")
    batch = graphene.String(required=True, description="导入批次或发布批次, empty when none.")
    created_at = graphene.DateTime(required=True, description="When the change was written.")

    class Meta:
        name = "ChangeEntry"

    @staticmethod
    def resolve_object_id(root, info):
        return str(root.object_id)

    @staticmethod
    def resolve_node_id(root, info):
        return to_global_id(NODE_TYPE_NAMES[root.entity], root.object_id)

    @staticmethod
    def resolve_reason(root, info):
        return root.reason or None


class ChangeFeedType(graphene.ObjectType):
    """A page of the change feed."""

    entries = graphene.List(graphene.NonNull(ChangeEntryType), required=True, description="In sequence order.")
    cursor = graphene.String(
        required=True,
        description="Pass as `after` on the next call. When the page is empty it is the `after` you sent, so "
        "a mirror can always store it.",
    )
    has_more = graphene.Boolean(required=True, description="More entries follow: call again with `cursor` now.")

    class Meta:
        name = "ChangeFeed"
