import graphene
from graphene_django import DjangoObjectType

from cms.api import selectors
from cms.api.core.connection import KeysetConnection
from cms.api.core.enums import DepartmentNature
from cms.api.core.node import Node
from cms.api.regions.dataloaders import RegionByIdLoader
from cms.api.regions.types import RegionType
from config_models import models


class DepartmentType(DjangoObjectType):
    """实施主体: a department implementing items in its region (and the regions below it)."""

    name = graphene.String(required=True, description="名称.")
    credit_code = graphene.String(required=True, description="统一社会信用代码 (18 characters, GB 32100).")
    credit_code_check_passes = graphene.Boolean(
        required=True,
        description="Whether the code's check character is right; false for a historic code accepted as is.",
    )
    nature = graphene.Field(DepartmentNature, required=True, description="实施主体性质.")
    region = graphene.Field(RegionType, required=True, description="所属区划.")

    class Meta:
        model = models.Department
        name = "Department"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        return selectors.departments(info.context.api_viewer).filter(pk=id).first()

    @staticmethod
    def resolve_region(root, info):
        return RegionByIdLoader.for_request(info).load(root.region_id)


class DepartmentConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = DepartmentType
