import graphene
from graphene_django import DjangoObjectType

from cms.api import selectors
from cms.api.core.connection import KeysetConnection
from cms.api.core.node import Node
from cms.api.departments.dataloaders import DepartmentByIdLoader
from cms.api.departments.types import DepartmentType
from cms.api.halls.types import ImplementationRefType
from cms.api.regions.dataloaders import RegionByIdLoader
from cms.api.regions.types import RegionType
from config_models import models


class BusinessPolicyType(DjangoObjectType):
    """惠企政策: a policy benefiting enterprises, delivered through the implementations listed or, when
    `exemptFromApplication` (免申即享), without any application."""

    name = graphene.String(required=True, description="政策名称.")
    document_number = graphene.String(required=True, description="文号.")
    region = graphene.Field(RegionType, required=True, description="The region whose list it is on.")
    department = graphene.Field(DepartmentType, required=True, description="发布部门.")
    beneficiaries = graphene.String(required=True, description="政策对象: the enterprises and conditions.")
    exempt_from_application = graphene.Boolean(required=True, description="免申即享: granted without application.")
    implementations = graphene.List(
        graphene.NonNull(ImplementationRefType), required=True,
        description="The implementations (published, in force on `validOn` or today) that deliver it.",
    )
    valid_from = graphene.Date(required=True, description="生效日期.")
    valid_until = graphene.Date(description="有效期至; null: open-ended.")
    summary = graphene.String(required=True, description="政策摘要.")
    policy_url = graphene.String(required=True, description="政策原文链接; empty when none.")
    updated_at = graphene.DateTime(required=True, description="When it was last edited.")

    class Meta:
        model = models.BusinessPolicy
        name = "BusinessPolicy"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        return selectors.business_policies(info.context.api_viewer).filter(pk=id).first()

    @staticmethod
    def resolve_region(root, info):
        return RegionByIdLoader.for_request(info).load(root.region_id)

    @staticmethod
    def resolve_department(root, info):
        return DepartmentByIdLoader.for_request(info).load(root.department_id)

    @staticmethod
    def resolve_implementations(root, info):
        return root.implementations.all()


class BusinessPolicyConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = BusinessPolicyType
