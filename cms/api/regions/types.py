import graphene
from graphene_django import DjangoObjectType

from cms.api import selectors
from cms.api.core.connection import KeysetConnection
from cms.api.core.enums import RegionKind, RegionLevel
from cms.api.core.node import Node
from cms.api.regions.dataloaders import RegionByCodeLoader, RegionByIdLoader
from config_models import models


class RegionType(DjangoObjectType):
    """行政区划: a province, city, county, township or village; a development zone counts as a county or township."""

    code = graphene.String(required=True, description="区划代码: 6 digits down to counties, 12 below.")
    name = graphene.String(required=True, description="名称.")
    level = graphene.Field(RegionLevel, required=True, description="层级.")
    kind = graphene.Field(RegionKind, required=True, description="An administrative division or a development zone "
                          "(开发区/园区), which is administered at its level like a county or a township.")
    parent_code = graphene.String(description="The parent region's code; null for the top of the tree.")
    parent = graphene.Field(lambda: RegionType, description="The parent region.")
    ancestors = graphene.List(
        graphene.NonNull(lambda: RegionType),
        required=True,
        description="The parent chain from the top (province) down to the parent; empty for the top.",
    )

    class Meta:
        model = models.Region
        name = "Region"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        return selectors.regions(info.context.api_viewer).filter(pk=id).first()

    @staticmethod
    def resolve_parent_code(root, info):
        codes = root.ancestor_codes()
        return codes[-2] if len(codes) > 1 else None

    @staticmethod
    def resolve_parent(root, info):
        return RegionByIdLoader.for_request(info).load(root.parent_id)

    @staticmethod
    def resolve_ancestors(root, info):
        return [r for r in RegionByCodeLoader.for_request(info).load_many(root.ancestor_codes()[:-1]) if r]


class RegionConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = RegionType
