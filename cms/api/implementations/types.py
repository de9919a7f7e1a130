import graphene
from graphene_django import DjangoObjectType

from cms.api import selectors
from cms.api.catalog.dataloaders import CatalogItemByIdLoader, legal_bases_of
from cms.api.catalog.types import CatalogItemType, EditorialStateType, LegalBasisType, editorial_state
from cms.api.core.connection import KeysetConnection
from cms.api.core.drafts import present, related, revision_time, shows_draft
from cms.api.core.enums import (
    HandlingType,
    ImplementationStatus,
    ItemType,
    MaterialForm,
    MaterialSource,
    Necessity,
    OnlineDepth,
    RegionLevel,
    ServiceArea,
    ServiceObject,
    TimeUnit,
)
from cms.api.core.node import Node
from cms.api.departments.dataloaders import DepartmentByIdLoader
from cms.api.departments.types import DepartmentType
from cms.api.implementations.dataloaders import DocumentByIdLoader, materials_of
from cms.api.regions.dataloaders import RegionByIdLoader
from cms.api.regions.types import RegionType
from cms.api.reviews.types import ReviewNeededType, implementation_review_needed
from config_models import codes, models


class DocumentType(graphene.ObjectType):
    """A downloadable file (a blank form, a filled-in sample)."""

    title = graphene.String(required=True, description="Title.")
    url = graphene.String(required=True, description="Absolute download address.")
    file_extension = graphene.String(required=True, description="pdf, docx, xlsx …")

    class Meta:
        name = "Document"

    @staticmethod
    def resolve_url(root, info):
        return info.context.build_absolute_uri(root.url)


class TimeLimitType(graphene.ObjectType):
    """A time limit: a number of working or natural days, with a note."""

    value = graphene.Int(required=True, description="Number of units; 0 means handled on the spot.")
    unit = graphene.Field(TimeUnit, required=True, description="Working days or natural days.")
    note = graphene.String(required=True, description="说明.")

    class Meta:
        name = "TimeLimit"


class MaterialType(graphene.ObjectType):
    """申请材料 of an implementation."""

    code = graphene.String(required=True, description="申请材料编码: the implementation code and a 3-digit number.")
    position = graphene.Int(required=True, description="1 for the first material of the implementation.")
    name = graphene.String(required=True, description="材料名称.")
    form = graphene.Field(MaterialForm, required=True, description="材料形式.")
    necessity = graphene.Field(Necessity, required=True, description="必要, 非必要, 容缺 or 告知承诺.")
    source = graphene.Field(MaterialSource, required=True, description="来源渠道.")
    source_note = graphene.String(required=True, description="来源渠道说明.")
    original_copies = graphene.Int(required=True, description="原件份数.")
    photocopy_copies = graphene.Int(required=True, description="复印件份数.")
    paper_spec = graphene.String(required=True, description="纸质材料规格.")
    fill_instructions = graphene.String(required=True, description="填报须知.")
    common_mistakes = graphene.String(required=True, description="易错范例.")
    legal_basis = graphene.String(required=True, description="要求提供材料的依据.")
    e_certificate_exempt = graphene.Boolean(
        required=True, description="可用电子证照免提交: the applicant need not hand it in."
    )
    pledge_text = graphene.String(required=True, description="告知承诺: what the applicant pledges instead (承诺内容).")
    false_pledge_consequence = graphene.String(required=True, description="告知承诺: 虚假承诺的后果.")
    blank_form = graphene.Field(DocumentType, description="空白表格.")
    sample = graphene.Field(DocumentType, description="示例样表.")

    class Meta:
        name = "Material"

    @staticmethod
    def resolve_code(root, info):
        return f"{implementation_code_of(root._api_implementation, info)}{(root.sort_order or 0) + 1:03d}"

    @staticmethod
    def resolve_position(root, info):
        return (root.sort_order or 0) + 1

    @staticmethod
    def resolve_blank_form(root, info):
        return DocumentByIdLoader.for_request(info).load(root.blank_form_id)

    @staticmethod
    def resolve_sample(root, info):
        return DocumentByIdLoader.for_request(info).load(root.sample_id)


def _catalog_item(root, info):
    return related(root, info, CatalogItemByIdLoader, "catalog_item_id")


def _region(root, info):
    return related(root, info, RegionByIdLoader, "region_id")


def _department(root, info):
    return related(root, info, DepartmentByIdLoader, "department_id")


def implementation_code_of(root, info) -> str:
    return codes.implementation_code(
        _department(root, info).credit_code, _region(root, info).level, _catalog_item(root, info).code
    )


class ImplementationType(DjangoObjectType):
    """实施清单: one department of one region implementing one catalog item, with its local elements.

    The name, code, type and legal bases are the catalog item's (三级四同), never a local copy.
    """

    implementation_code = graphene.String(
        required=True,
        description="实施编码: 统一社会信用代码 (18) + level digit (1) + 基本编码 (12). Several townships served by "
        "one county department share it; `region` tells them apart.",
    )
    name = graphene.String(required=True, description="事项名称, the catalog item's.")
    code = graphene.String(required=True, description="基本编码, the catalog item's.")
    type = graphene.Field(ItemType, required=True, description="事项类型, the catalog item's.")
    catalog_item = graphene.Field(CatalogItemType, required=True, description="The catalog item implemented.")
    level = graphene.Field(RegionLevel, required=True, description="行使层级: the level of the region.")
    region = graphene.Field(RegionType, required=True, description="实施区划.")
    department = graphene.Field(DepartmentType, required=True, description="实施主体.")
    local_code = graphene.String(required=True, description="地方实施编码.")
    accept_conditions = graphene.String(required=True, description="受理条件.")
    procedure = graphene.String(required=True, description="办理流程.")
    statutory_limit = graphene.Field(TimeLimitType, required=True, description="法定办结时限.")
    committed_limit = graphene.Field(TimeLimitType, required=True, description="承诺办结时限.")
    handling_type = graphene.Field(HandlingType, required=True, description="办件类型.")
    service_objects = graphene.List(graphene.NonNull(ServiceObject), required=True, description="服务对象.")
    visit_count = graphene.Int(required=True, description="到办事现场次数.")
    visit_reason = graphene.String(required=True, description="必须现场办理原因说明.")
    window_handling = graphene.Boolean(required=True, description="窗口办理.")
    online_handling = graphene.Boolean(required=True, description="网上办理.")
    courier = graphene.Boolean(required=True, description="支持物流快递.")
    booking = graphene.Boolean(required=True, description="支持预约办理.")
    online_payment = graphene.Boolean(required=True, description="支持网上支付.")
    online_depth = graphene.Field(OnlineDepth, required=True, description="网上办理深度.")
    online_url = graphene.String(required=True, description="网上办理地址.")
    charges_fee = graphene.Boolean(required=True, description="是否收费.")
    fee_standard = graphene.String(required=True, description="收费标准.")
    fee_basis = graphene.String(required=True, description="收费依据.")
    consult_phone = graphene.String(required=True, description="咨询电话.")
    complaint_phone = graphene.String(required=True, description="监督投诉电话.")
    address = graphene.String(required=True, description="办理地点.")
    office_hours = graphene.String(required=True, description="办理时间.")
    service_area = graphene.Field(ServiceArea, required=True, description="通办范围.")
    status = graphene.Field(ImplementationStatus, required=True, description="实施状态.")
    ended_on = graphene.Date(description="停止实施日期.")
    legal_bases = graphene.List(
        graphene.NonNull(LegalBasisType), required=True, description="设定依据, the catalog item's, in order."
    )
    materials = graphene.List(
        graphene.NonNull(MaterialType),
        required=True,
        description="申请材料, in order. Part of the implementation: never paged, and an edit of one "
        "material counts as a change of the implementation for `changedSince`.",
    )
    updated_at = graphene.DateTime(
        required=True,
        description="When this implementation or anything it shows (catalog item, materials, department, "
        "region) last changed.",
    )
    is_draft = graphene.Boolean(
        required=True,
        description="The values are an unpublished draft (only ever true for API clients with the drafts scope).",
    )
    editorial = graphene.Field(EditorialStateType, description="Publishing state; null without the internal scope.")
    review_needed = graphene.Field(
        ReviewNeededType,
        description="待复核: the catalog item changed in what this implementation inherits and the region has not "
        "settled it yet; null otherwise.",
    )

    class Meta:
        model = models.Implementation
        name = "Implementation"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        row = selectors.implementations(info.context.api_viewer).filter(pk=id).first()
        return present([row], info.context)[0] if row else None

    resolve_implementation_code = staticmethod(implementation_code_of)
    resolve_catalog_item = staticmethod(_catalog_item)

    @staticmethod
    def resolve_name(root, info):
        return _catalog_item(root, info).name

    @staticmethod
    def resolve_code(root, info):
        return _catalog_item(root, info).code

    @staticmethod
    def resolve_type(root, info):
        return _catalog_item(root, info).item_type

    @staticmethod
    def resolve_level(root, info):
        return _region(root, info).level

    resolve_region = staticmethod(_region)
    resolve_department = staticmethod(_department)

    @staticmethod
    def resolve_statutory_limit(root, info):
        return TimeLimitType(
            value=root.statutory_limit, unit=root.statutory_limit_unit, note=root.statutory_limit_note
        )

    @staticmethod
    def resolve_committed_limit(root, info):
        return TimeLimitType(
            value=root.committed_limit, unit=root.committed_limit_unit, note=root.committed_limit_note
        )

    @staticmethod
    def resolve_legal_bases(root, info):
        return legal_bases_of(_catalog_item(root, info), info.context)

    @staticmethod
    def resolve_materials(root, info):
        return materials_of(root, info.context)

    @staticmethod
    def resolve_updated_at(root, info):
        item = _catalog_item(root, info)
        return max(filter(None, (root.updated_at, item.updated_at, revision_time(root), revision_time(item))))

    @staticmethod
    def resolve_is_draft(root, info):
        return shows_draft(root)

    resolve_editorial = staticmethod(editorial_state)
    resolve_review_needed = staticmethod(implementation_review_needed)


class ImplementationConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = ImplementationType
