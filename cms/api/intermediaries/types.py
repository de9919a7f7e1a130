import graphene
from graphene_django import DjangoObjectType

from cms.api import selectors
from cms.api.core.connection import KeysetConnection
from cms.api.core.node import Node
from cms.api.departments.dataloaders import DepartmentByIdLoader
from cms.api.departments.types import DepartmentType
from cms.api.halls.types import ImplementationRefType
from cms.api.implementations.types import TimeLimitType
from cms.api.regions.dataloaders import RegionByIdLoader
from cms.api.regions.types import RegionType
from config_models import models


class IntermediaryProviderType(graphene.ObjectType):
    """A 中介服务机构 that provides the service."""

    name = graphene.String(required=True, description="机构名称.")
    credit_code = graphene.String(required=True, description="统一社会信用代码 (GB 32100); empty when not given.")

    class Meta:
        name = "IntermediaryProvider"


class IntermediaryServiceType(DjangoObjectType):
    """行政审批中介服务事项: a service an applicant obtains from an intermediary before an approval, required by an
    approving department of a region for the implementations listed."""

    name = graphene.String(required=True, description="中介服务事项名称.")
    region = graphene.Field(RegionType, required=True, description="The region whose list it is on.")
    department = graphene.Field(DepartmentType, required=True, description="审批部门 that requires it.")
    legal_basis = graphene.String(required=True, description="设定依据.")
    time_limit = graphene.Field(TimeLimitType, required=True, description="服务时限.")
    charges_fee = graphene.Boolean(required=True, description="是否收费.")
    fee_standard = graphene.String(required=True, description="收费标准.")
    fee_basis = graphene.String(required=True, description="收费依据.")
    providers = graphene.List(graphene.NonNull(IntermediaryProviderType), required=True, description="中介服务机构.")
    implementations = graphene.List(
        graphene.NonNull(ImplementationRefType), required=True,
        description="The implementations (published, in force) that require it.",
    )
    sort_order = graphene.Int(required=True, description="Position in the region's list.")
    updated_at = graphene.DateTime(required=True, description="When it was last edited.")

    class Meta:
        model = models.IntermediaryService
        name = "IntermediaryService"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        return selectors.intermediary_services(info.context.api_viewer).filter(pk=id).first()

    @staticmethod
    def resolve_region(root, info):
        return RegionByIdLoader.for_request(info).load(root.region_id)

    @staticmethod
    def resolve_department(root, info):
        return DepartmentByIdLoader.for_request(info).load(root.department_id)

    @staticmethod
    def resolve_time_limit(root, info):
        return TimeLimitType(value=root.time_limit, unit=root.time_limit_unit, note="")

    @staticmethod
    def resolve_providers(root, info):
        return [IntermediaryProviderType(name=name, credit_code=code) for name, code in root.provider_list]

    @staticmethod
    def resolve_implementations(root, info):
        return root.implementations.all()


class IntermediaryServiceConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = IntermediaryServiceType
