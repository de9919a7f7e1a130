import graphene
from graphql_relay import to_global_id

from cms.api.changes.types import NODE_TYPE_NAMES
from cms.api.core.connection import KeysetConnection
from cms.api.core.enums import TombstoneKind, TombstoneReason


class TombstoneType(graphene.ObjectType):
    """A row that left the collections: deleted, unpublished, or (implementations) ended. Drop it.

    Each is a D entry of the change feed (config_models.models.Change)."""

    kind = graphene.Field(TombstoneKind, required=True, description="What the row was.")
    node_id = graphene.ID(required=True, description="The `id` the row had in this API.")
    code = graphene.String(
        required=True,
        description="Its code: 区划代码, 统一社会信用代码, 基本编码 or 实施编码 (for implementations, several "
        "regions may share one; match on `nodeId`).",
    )
    region_code = graphene.String(description="The region the row was placed in.")
    reason = graphene.Field(TombstoneReason, required=True, description="Why it left.")
    at = graphene.DateTime(required=True, description="When it left.")

    class Meta:
        name = "Tombstone"

    @staticmethod
    def resolve_kind(root, info):
        return root.entity

    @staticmethod
    def resolve_node_id(root, info):
        return to_global_id(NODE_TYPE_NAMES[root.entity], root.object_id)

    @staticmethod
    def resolve_reason(root, info):
        return root.reason or "deleted"

    @staticmethod
    def resolve_region_code(root, info):
        codes = [code for code in root.region_path.split("/") if code]
        return codes[-1] if codes else None

    @staticmethod
    def resolve_at(root, info):
        return root.created_at


class TombstoneConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = TombstoneType
