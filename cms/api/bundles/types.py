import graphene
from graphene_django import DjangoObjectType

from cms.api import selectors
from cms.api.bundles.dataloaders import (
    BundleOverviewByIdLoader,
    BundleTemplateByIdLoader,
    CooperatingDepartmentIdsByBundleIdLoader,
    TemplatePartsByTemplateIdLoader,
)
from cms.api.catalog.dataloaders import CatalogItemByIdLoader
from cms.api.catalog.types import CatalogItemType
from cms.api.core.connection import KeysetConnection
from cms.api.core.enums import MaterialForm, MaterialSource, Necessity, choices_enum
from cms.api.core.node import Node
from cms.api.departments.dataloaders import DepartmentByIdLoader
from cms.api.departments.types import DepartmentType
from cms.api.implementations.types import ImplementationType
from cms.api.regions.dataloaders import RegionByIdLoader
from cms.api.regions.types import RegionType
from cms.api.reviews.types import ReviewNeededType, bundle_review_needed
from config_models import models

Lifecycle = choices_enum(models.Lifecycle, "Lifecycle", "生命周期 of a 一件事.")
BundleTarget = choices_enum(models.BundleTarget, "BundleTarget", "Who a 一件事 serves.")
BundleTier = choices_enum(
    models.BundleTier, "BundleTier",
    "清单层级 of a 一件事 template (国办发〔2025〕24号): the national list, a provincial list, or a local 特色 one.",
)
FormFieldType = choices_enum(models.FormFieldType, "FormFieldType", "Type of a form field (一表申请).")


def _parts(template, info):
    return TemplatePartsByTemplateIdLoader.for_request(info).load(template.pk)


def _catalog_item(root, info):
    return CatalogItemByIdLoader.for_request(info).load(root.catalog_item_id)


class BundleNoticeType(graphene.ObjectType):
    """The rich-text parts of the one-time notice (一次告知单), as HTML."""

    basis = graphene.String(required=True, description="办理依据.")
    conditions = graphene.String(required=True, description="办理条件.")
    process = graphene.String(required=True, description="办理流程.")
    channels = graphene.String(required=True, description="办理方式.")
    consultation = graphene.String(required=True, description="咨询方式.")

    class Meta:
        name = "BundleNotice"


class BundleScenarioType(graphene.ObjectType):
    """情形: a question deciding which items apply."""

    key = graphene.String(required=True, description="Identifier, used by `BundleTemplateItem.scenarios`.")
    label = graphene.String(required=True, description="情形说明.")

    class Meta:
        name = "BundleScenario"


class BundleTemplateItemType(graphene.ObjectType):
    """A catalog item of a template, in its step."""

    catalog_item = graphene.Field(CatalogItemType, required=True, description="The catalog item.")
    step = graphene.Int(required=True, description="Its step (1 first); items of one step run in parallel.")
    scenarios = graphene.List(
        graphene.NonNull(graphene.String), required=True,
        description="Keys of the scenarios it applies to; empty: always.",
    )
    produces = graphene.List(
        graphene.NonNull(graphene.String), required=True,
        description="Certificates or documents it produces, not asked of the applicant in later steps.",
    )

    class Meta:
        name = "BundleTemplateItem"

    resolve_catalog_item = staticmethod(_catalog_item)

    @staticmethod
    def resolve_scenarios(root, info):
        return root.scenario_keys

    @staticmethod
    def resolve_produces(root, info):
        return root.outputs


class BundleTemplateFormFieldType(graphene.ObjectType):
    """A form field as the template defines it (fields with one key are merged in `Bundle.formFields`)."""

    key = graphene.String(required=True, description="Identifier; one key is asked once.")
    label = graphene.String(required=True, description="字段名称.")
    type = graphene.Field(FormFieldType, required=True, source="field_type", description="字段类型.")
    required = graphene.Boolean(required=True, description="必填.")
    choices = graphene.List(graphene.NonNull(graphene.String), required=True, source="choice_list",
                            description="Options of choice fields.")
    item_codes = graphene.List(graphene.NonNull(graphene.String), required=True,
                               description="基本编码 of the items using it; empty: every item.")

    class Meta:
        name = "BundleTemplateFormField"


class BundleTemplateType(DjangoObjectType):
    """一件事 template, designed by the city; regions adopt it as a `Bundle`."""

    code = graphene.String(required=True, description="一件事编码 of the template, e.g. KBCYD.")
    name = graphene.String(required=True, source="title", description="一件事名称.")
    lifecycle = graphene.Field(Lifecycle, required=True, description="生命周期.")
    stage = graphene.String(required=True, description="阶段 (开办, 出生, 退休 …).")
    target = graphene.Field(BundleTarget, required=True, description="服务对象.")
    tier = graphene.Field(BundleTier, required=True, description="清单层级: NATIONAL, PROVINCIAL or LOCAL (地方特色).")
    batch_year = graphene.Int(description="Year of the national or provincial batch that listed it, e.g. 2024; "
                              "null for a local 特色 template.")
    batch = graphene.Int(description="Batch number within the year (1: 第一批); null outside a batch.")
    batch_label = graphene.String(required=True, description="The batch in words, e.g. 2024年第一批; empty outside a "
                                  "batch.")
    policy_document = graphene.String(required=True, description="文号 of the policy document that listed it, e.g. "
                                      "国发〔2024〕3号; may be empty.")
    region = graphene.Field(RegionType, required=True, description="The city that designed it.")
    lead_role = graphene.String(required=True, description="牵头部门 (a role, e.g. 市场监管部门).")
    cooperating_roles = graphene.List(graphene.NonNull(graphene.String), required=True,
                                      source="cooperating_role_list", description="配合部门 (roles).")
    summary = graphene.String(required=True, description="简介.")
    notice = graphene.Field(BundleNoticeType, required=True, description="一次告知单 parts.")
    items = graphene.List(graphene.NonNull(BundleTemplateItemType), required=True, description="Items, by step.")
    scenarios = graphene.List(graphene.NonNull(BundleScenarioType), required=True, description="情形.")
    form_fields = graphene.List(graphene.NonNull(BundleTemplateFormFieldType), required=True,
                                description="Form fields of the items.")
    updated_at = graphene.DateTime(required=True, description="When it was last published.")

    class Meta:
        model = models.BundleTemplate
        name = "BundleTemplate"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        return selectors.bundle_templates(info.context.api_viewer).filter(pk=id).first()

    @staticmethod
    def resolve_region(root, info):
        return RegionByIdLoader.for_request(info).load(root.region_id)

    @staticmethod
    def resolve_notice(root, info):
        return root

    @staticmethod
    def resolve_items(root, info):
        return _parts(root, info).items

    @staticmethod
    def resolve_scenarios(root, info):
        return _parts(root, info).scenarios

    @staticmethod
    def resolve_form_fields(root, info):
        return _parts(root, info).form_fields

    @staticmethod
    def resolve_updated_at(root, info):
        return root.last_published_at or root.latest_revision_created_at


class BundleStepItemType(graphene.ObjectType):
    """One item of a bundle's step and the region's implementation of it."""

    catalog_item = graphene.Field(CatalogItemType, required=True, description="The catalog item.")
    implementation = graphene.Field(
        ImplementationType, description="The region's implementation; null if the region does not implement it."
    )
    scenarios = graphene.List(graphene.NonNull(graphene.String), required=True, source="scenario_labels",
                              description="情形 it applies to (labels); empty: always.")
    days = graphene.Int(required=True, description="Its committed limit in working days (0 if not implemented).")

    class Meta:
        name = "BundleStepItem"

    @staticmethod
    def resolve_catalog_item(root, info):
        return CatalogItemByIdLoader.for_request(info).load(root.item.catalog_item_id)


class BundleStepType(graphene.ObjectType):
    """A step: its items run in parallel; steps run one after the other."""

    number = graphene.Int(required=True, description="1 for the first step.")
    name = graphene.String(required=True, description="步骤名称.")
    days = graphene.Int(required=True, description="Working days: the longest of its items.")
    items = graphene.List(graphene.NonNull(BundleStepItemType), required=True, description="Parallel items.")

    class Meta:
        name = "BundleStep"


class BundleMaterialType(graphene.ObjectType):
    """A material of the merged set (一套材料), asked once for every item needing it."""

    name = graphene.String(required=True, description="材料名称 (as the first item asking for it names it).")
    necessity = graphene.Field(Necessity, required=True, description="The strictest of the items' necessities.")
    form = graphene.Field(MaterialForm, required=True, description="材料形式.")
    source = graphene.Field(MaterialSource, required=True, description="来源渠道.")
    original_copies = graphene.Int(required=True, description="原件份数 (the most any item asks).")
    photocopy_copies = graphene.Int(required=True, description="复印件份数 (the most any item asks).")
    step = graphene.Int(required=True, description="The first step needing it.")
    note = graphene.String(required=True, description="Why it need not be handed in (reused, e-certificate).")
    pledge_text = graphene.String(required=True, description="承诺内容 of a pledged material (empty otherwise).")
    item_codes = graphene.List(graphene.NonNull(graphene.String), required=True,
                               description="基本编码 of the items asking for it.")
    item_names = graphene.List(graphene.NonNull(graphene.String), required=True,
                               description="Names of the items asking for it.")

    class Meta:
        name = "BundleMaterial"


class BundleMaterialSetType(graphene.ObjectType):
    """一套材料: the implementations' materials merged and deduplicated."""

    to_submit = graphene.List(graphene.NonNull(BundleMaterialType), required=True,
                              description="To hand in (必要 and 非必要), each once.")
    deferrable = graphene.List(graphene.NonNull(BundleMaterialType), required=True,
                               description="容缺: may follow after acceptance.")
    pledged = graphene.List(graphene.NonNull(BundleMaterialType), required=True,
                            description="告知承诺: a written pledge (`pledgeText`) replaces the material.")
    reused = graphene.List(graphene.NonNull(BundleMaterialType), required=True,
                           description="Produced by an earlier step: not asked.")
    e_certificates = graphene.List(graphene.NonNull(BundleMaterialType), required=True,
                                   description="Available as e-certificates: not asked.")

    class Meta:
        name = "BundleMaterialSet"


class BundleFormFieldType(graphene.ObjectType):
    """A field of the one form (一表申请): the items' fields with one key, asked once."""

    key = graphene.String(required=True, description="Identifier.")
    label = graphene.String(required=True, description="字段名称.")
    type = graphene.Field(FormFieldType, required=True, source="field_type", description="字段类型.")
    required = graphene.Boolean(required=True, description="Required by at least one item.")
    choices = graphene.List(graphene.NonNull(graphene.String), required=True, description="Options.")
    item_codes = graphene.List(graphene.NonNull(graphene.String), required=True, description="Items using it.")
    item_names = graphene.List(graphene.NonNull(graphene.String), required=True, description="Their names.")

    class Meta:
        name = "BundleFormField"


class EfficiencyMeasureType(graphene.ObjectType):
    before = graphene.Int(required=True, description="Items done one by one.")
    after = graphene.Int(required=True, description="As one bundle.")
    reduction = graphene.Int(required=True, description="before − after.")
    reduction_percent = graphene.Int(required=True, description="The reduction in percent of `before`.")

    class Meta:
        name = "EfficiencyMeasure"
        description = "One row of the efficiency table."


class BundleEfficiencyType(graphene.ObjectType):
    """减环节、减材料、减时限、减跑动: the items one by one against the bundle."""

    steps = graphene.Field(EfficiencyMeasureType, required=True, description="环节: items before, steps after.")
    materials = graphene.Field(EfficiencyMeasureType, required=True,
                               description="材料: every item's materials before, the merged set after.")
    days = graphene.Field(EfficiencyMeasureType, required=True,
                          description="时限 (working days): the serial sum before, the critical path after.")
    visits = graphene.Field(EfficiencyMeasureType, required=True,
                            description="跑动: every item's visits before, one window after.")
    committed_days = graphene.Int(description="The bundle's committed limit (working days).")

    class Meta:
        name = "BundleEfficiency"


def _overview(root, info):
    return BundleOverviewByIdLoader.for_request(info).of(root)


class BundleType(DjangoObjectType):
    """一件事: one region's adoption of a template, with what the public reads, computed from its
    implementations (never typed): the steps, one material set, one form and the efficiency table."""

    code = graphene.String(required=True, description="一件事编码: the template's code and the region code.")
    name = graphene.String(required=True, source="title", description="一件事名称.")
    template = graphene.Field(BundleTemplateType, required=True, description="The template adopted.")
    lifecycle = graphene.Field(Lifecycle, required=True, description="生命周期, the template's.")
    stage = graphene.String(required=True, description="阶段, the template's.")
    region = graphene.Field(RegionType, required=True, description="The adopting region.")
    lead_department = graphene.Field(DepartmentType, required=True, description="牵头部门.")
    cooperating_departments = graphene.List(graphene.NonNull(DepartmentType), required=True,
                                            description="配合部门.")
    committed_limit = graphene.Int(required=True, description="承诺办结时限 of the whole bundle (working days).")
    address = graphene.String(required=True, description="受理地点.")
    office_hours = graphene.String(required=True, description="办理时间.")
    consult_phone = graphene.String(required=True, description="咨询电话.")
    url = graphene.String(description="The public one-time notice (一次告知单).")
    publishable = graphene.Boolean(required=True, description="Every item is implemented by the region.")
    missing_items = graphene.List(graphene.NonNull(CatalogItemType), required=True,
                                  description="Items the region does not implement (empty when published).")
    steps = graphene.List(graphene.NonNull(BundleStepType), required=True, description="Steps, in order.")
    implementations = graphene.List(graphene.NonNull(ImplementationType), required=True,
                                    description="The region's implementations of the items, by step.")
    materials = graphene.Field(BundleMaterialSetType, required=True, description="一套材料.")
    form_fields = graphene.List(graphene.NonNull(BundleFormFieldType), required=True, description="一表申请.")
    efficiency = graphene.Field(BundleEfficiencyType, required=True, description="The efficiency table.")
    updated_at = graphene.DateTime(
        required=True,
        description="When the bundle or anything it shows (its implementations and their materials, the catalog "
        "items, the template, its departments, its region) last changed.",
    )

    review_needed = graphene.Field(
        ReviewNeededType,
        description="待复核: the template changed in what this bundle inherits (name, items, materials, form …) and "
        "the region has not settled it yet; null otherwise.",
    )

    class Meta:
        model = models.Bundle
        name = "Bundle"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        return selectors.bundles(info.context.api_viewer).filter(pk=id).first()

    resolve_review_needed = staticmethod(bundle_review_needed)

    @staticmethod
    def resolve_template(root, info):
        return BundleTemplateByIdLoader.for_request(info).load(root.bundle_template_id)

    @staticmethod
    def resolve_lifecycle(root, info):
        return BundleTemplateByIdLoader.for_request(info).load(root.bundle_template_id).lifecycle

    @staticmethod
    def resolve_stage(root, info):
        return BundleTemplateByIdLoader.for_request(info).load(root.bundle_template_id).stage

    @staticmethod
    def resolve_region(root, info):
        return RegionByIdLoader.for_request(info).load(root.region_id)

    @staticmethod
    def resolve_lead_department(root, info):
        return DepartmentByIdLoader.for_request(info).load(root.lead_department_id)

    @staticmethod
    def resolve_cooperating_departments(root, info):
        ids = CooperatingDepartmentIdsByBundleIdLoader.for_request(info).load(root.pk)
        return [d for d in DepartmentByIdLoader.for_request(info).load_many(ids) if d]

    @staticmethod
    def resolve_url(root, info):
        url = root.get_url(request=info.context)
        return info.context.build_absolute_uri(url) if url else None

    @staticmethod
    def resolve_publishable(root, info):
        return _overview(root, info).publishable

    @staticmethod
    def resolve_missing_items(root, info):
        return _overview(root, info).missing

    @staticmethod
    def resolve_steps(root, info):
        return _overview(root, info).steps

    @staticmethod
    def resolve_implementations(root, info):
        return _overview(root, info).implementations

    @staticmethod
    def resolve_materials(root, info):
        return _overview(root, info).materials

    @staticmethod
    def resolve_form_fields(root, info):
        return _overview(root, info).form

    @staticmethod
    def resolve_efficiency(root, info):
        return _overview(root, info).efficiency


class BundleTemplateConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = BundleTemplateType


class BundleConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = BundleType

