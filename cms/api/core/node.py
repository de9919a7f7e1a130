"""Relay's Node interface, with malformed IDs answered as BAD_USER_INPUT rather than server errors."""

from graphene import relay
from graphql_relay import from_global_id

from cms.api.errors import ApiError, Code


class Node(relay.Node):
    """An object with a global ID, fetched again by `node(id:)`."""

    class Meta:
        name = "Node"

    @classmethod
    def get_node_from_global_id(cls, info, global_id, only_type=None):
        try:
            type_name, pk = from_global_id(global_id)
            pk = int(pk)
        except (ValueError, TypeError, UnicodeDecodeError) as error:
            raise ApiError(f"Invalid node ID: {global_id!r}.", Code.BAD_USER_INPUT) from error
        graphql_type = info.schema.get_type(type_name)
        graphene_type = getattr(graphql_type, "graphene_type", None)
        if graphene_type is None or cls not in getattr(graphene_type._meta, "interfaces", ()):
            raise ApiError(f"Invalid node ID: {global_id!r}.", Code.BAD_USER_INPUT)
        if only_type and graphene_type is not only_type:
            raise ApiError(f"Expected an ID of a {only_type._meta.name}.", Code.BAD_USER_INPUT)
        return graphene_type.get_node(info, pk)
