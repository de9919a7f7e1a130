"""Published lists, their batches (served from the frozen snapshots) and the certificate catalog."""

import datetime as dt

import graphene
from graphene_django import DjangoObjectType

from cms.api.bundles.types import BundleTier
from cms.api.core.connection import KeysetConnection
from cms.api.core.enums import ItemType, OnlineDepth, RegionLevel, ServiceArea, choices_enum
from cms.api.core.node import Node
from cms.api.departments.types import DepartmentType
from cms.api.intermediaries.types import IntermediaryProviderType
from cms.api.regions.dataloaders import RegionByIdLoader
from cms.api.regions.types import RegionType
from config_models import codes, models
from config_models.search import text_matches

HolderType = choices_enum(models.HolderType, "HolderType", "持证主体类别 of a certificate type.")
ListSubject = choices_enum(models.ListSubject, "ListSubject",
                           "What a list lists: implementations (`entries`), 一件事 (`bundleEntries`) or 证明事项 "
                           "(`proofEntries`).")
ProofStatus = choices_enum(models.ProofStatus, "ProofStatus", "证明事项清理结果.")


class ListTypeType(graphene.ObjectType):
    """A kind of published list (最多跑一次, 证明事项保留清单, 帮办代办 …), kept by administrators."""

    code = graphene.String(required=True, description="The kind's code, e.g. `zuiduo-paoyici`.")
    name = graphene.String(required=True, description="名称.")
    description = graphene.String(required=True, description="说明.")
    subject = graphene.Field(ListSubject, required=True,
                             description="What its lists list: a batch's `entries`, or its `bundleEntries` for 一件事.")

    class Meta:
        name = "ListType"


class PublicationEntryType(graphene.ObjectType):
    """One entry of a batch, exactly as it was published (frozen: later edits do not reach it)."""

    key = graphene.String(required=True, description="实施编码@区划代码: identifies the entry across batches.")
    implementation_code = graphene.String(required=True, description="实施编码.")
    name = graphene.String(required=True, description="事项名称.")
    catalog_code = graphene.String(required=True, description="基本编码.")
    item_type = graphene.Field(ItemType, required=True, description="事项类型.")
    level = graphene.Field(RegionLevel, required=True, description="行使层级.")
    region_code = graphene.String(required=True, description="实施区划代码.")
    region_name = graphene.String(required=True, description="实施区划名称.")
    department_name = graphene.String(required=True, description="实施主体.")
    department_code = graphene.String(required=True, description="实施主体统一社会信用代码.")
    visit_count = graphene.Int(required=True, description="到办事现场次数.")
    online_depth = graphene.Field(OnlineDepth, required=True, description="网上办理深度.")
    service_area = graphene.Field(ServiceArea, required=True, description="通办范围.")
    statutory_limit = graphene.String(required=True, description="法定办结时限, as published (e.g. 20个工作日).")
    committed_limit = graphene.String(required=True, description="承诺办结时限, as published.")
    charges_fee = graphene.Boolean(required=True, description="是否收费.")
    online_url = graphene.String(required=True, description="网上办理地址.")

    class Meta:
        name = "PublicationEntry"


class BundleEntryType(graphene.ObjectType):
    """One 一件事 of a batch of a 一件事 list, exactly as it was published (frozen)."""

    key = graphene.String(required=True, description="一件事编码: identifies the entry across batches.")
    bundle_code = graphene.String(required=True, description="一件事编码 (template code + region code).")
    template_code = graphene.String(required=True, description="一件事模板编码.")
    name = graphene.String(required=True, description="一件事名称.")
    template_name = graphene.String(required=True, description="模板名称.")
    level = graphene.Field(RegionLevel, required=True, description="层级 of its region.")
    region_code = graphene.String(required=True, description="区划代码.")
    region_name = graphene.String(required=True, description="区划名称.")
    department_name = graphene.String(required=True, description="牵头部门.")
    department_code = graphene.String(required=True, description="牵头部门统一社会信用代码.")
    tier = graphene.Field(BundleTier, required=True, description="清单层级 of its template.")
    batch_year = graphene.Int(description="Year of the national or provincial batch of its template.")
    template_batch = graphene.Int(description="Batch of that year (1: 第一批).")
    policy_document = graphene.String(required=True, description="政策文件文号 of its template.")
    lifecycle = graphene.String(required=True, description="生命周期 code (enterprise, project, person).")
    target = graphene.String(required=True, description="服务对象 code (person: 个人, enterprise: 法人).")
    committed_limit = graphene.String(required=True, description="承诺办结时限, as published (e.g. 10个工作日).")
    steps_before = graphene.Int(description="环节 before the bundle (one per item).")
    steps_after = graphene.Int(description="环节 of the bundle.")
    materials_before = graphene.Int(description="材料 asked item by item.")
    materials_after = graphene.Int(description="材料 of the merged set.")
    days_before = graphene.Int(description="时限 in working days, items one by one.")
    days_after = graphene.Int(description="时限 in working days of the bundle.")
    visits_before = graphene.Int(description="跑动次数 item by item.")
    visits_after = graphene.Int(description="跑动次数 of the bundle.")

    class Meta:
        name = "BundleEntry"


class ProofEntryType(graphene.ObjectType):
    """One 证明事项 of a batch of a proof list (证明事项保留清单), exactly as it was published (frozen)."""

    key = graphene.String(required=True, description="Identifies the entry across batches.")
    name = graphene.String(required=True, description="证明名称.")
    issuing_body = graphene.String(required=True, description="开具单位.")
    legal_basis = graphene.String(required=True, description="设定依据.")
    status = graphene.Field(ProofStatus, required=True, description="清理结果.")
    pledge_allowed = graphene.Boolean(required=True, description="可告知承诺: a written pledge may replace it.")
    data_sharing = graphene.Boolean(required=True, description="可数据共享核验: the department checks it itself.")
    replacement = graphene.String(required=True, description="取消后的办理方式 (cancelled proofs).")
    item_names = graphene.List(graphene.NonNull(graphene.String), required=True,
                               description="Names of the items in force whose materials ask for it.")
    level = graphene.Field(RegionLevel, required=True, description="层级 of the region that cleared it.")
    region_code = graphene.String(required=True, description="清理区划代码.")
    region_name = graphene.String(required=True, description="清理区划名称.")

    class Meta:
        name = "ProofEntry"


class ExemptionEntryType(graphene.ObjectType):
    """One item of a batch of a 入驻负面清单: handled outside the hall, with the reason (frozen)."""

    key = graphene.String(required=True, description="Identifies the entry across batches.")
    name = graphene.String(required=True, description="事项名称.")
    implementation_code = graphene.String(required=True, description="实施编码.")
    catalog_code = graphene.String(required=True, description="基本编码.")
    item_type = graphene.Field(ItemType, required=True, description="事项类型.")
    level = graphene.Field(RegionLevel, required=True, description="行使层级.")
    region_code = graphene.String(required=True, description="实施区划代码.")
    region_name = graphene.String(required=True, description="实施区划名称.")
    department_name = graphene.String(required=True, description="实施主体.")
    department_code = graphene.String(required=True, description="实施主体统一社会信用代码.")
    reason = graphene.String(required=True, description="不进驻大厅的理由.")
    approved_document = graphene.String(required=True, description="批准文号.")
    place = graphene.String(required=True, description="办理地点.")

    class Meta:
        name = "ExemptionEntry"


class DelegationEntryType(graphene.ObjectType):
    """One delegated power of a batch of a 赋权清单, with its supervision duty (放权必有监管; frozen)."""

    key = graphene.String(required=True, description="Identifies the entry across batches.")
    name = graphene.String(required=True, description="事项名称.")
    implementation_code = graphene.String(required=True, description="实施编码 of the delegated implementation.")
    catalog_code = graphene.String(required=True, description="基本编码.")
    source_region_name = graphene.String(required=True, description="原实施区划.")
    source_department_name = graphene.String(required=True, description="原实施主体.")
    level = graphene.Field(RegionLevel, required=True, description="层级 of the receiving region.")
    region_code = graphene.String(required=True, description="承接区划代码.")
    region_name = graphene.String(required=True, description="承接区划名称.")
    department_name = graphene.String(required=True, description="承接单位.")
    department_code = graphene.String(required=True, description="承接单位统一社会信用代码.")
    delegation_type = graphene.String(required=True, description="方式 code (devolve: 下放, entrust: 委托, "
                                      "authorize: 授权).")
    document_number = graphene.String(required=True, description="文件文号.")
    effective_on = graphene.Date(required=True, description="生效日期.")
    ends_on = graphene.Date(description="终止日期.")
    supervision = graphene.List(graphene.NonNull(graphene.String), required=True,
                                description="监管责任: `监管单位：监管方式`.")

    class Meta:
        name = "DelegationEntry"

    @staticmethod
    def resolve_effective_on(root, info):
        return dt.date.fromisoformat(root["effective_on"])

    @staticmethod
    def resolve_ends_on(root, info):
        return dt.date.fromisoformat(root["ends_on"]) if root.get("ends_on") else None


class IntermediaryServiceEntryType(graphene.ObjectType):
    """One 中介服务事项 of a batch of a 中介服务事项清单, exactly as it was published (frozen)."""

    key = graphene.String(required=True, description="Identifies the entry across batches.")
    name = graphene.String(required=True, description="中介服务事项名称.")
    level = graphene.Field(RegionLevel, required=True, description="层级 of the region whose list it is on.")
    region_code = graphene.String(required=True, description="区划代码.")
    region_name = graphene.String(required=True, description="区划名称.")
    department_name = graphene.String(required=True, description="审批部门.")
    department_code = graphene.String(required=True, description="审批部门统一社会信用代码.")
    legal_basis = graphene.String(required=True, description="设定依据.")
    time_limit = graphene.String(required=True, description="时限, as published (e.g. 20个工作日).")
    charges_fee = graphene.Boolean(required=True, description="是否收费.")
    fee_standard = graphene.String(required=True, description="收费标准.")
    fee_basis = graphene.String(required=True, description="收费依据.")
    providers = graphene.List(graphene.NonNull(IntermediaryProviderType), required=True, description="中介服务机构.")
    implementation_codes = graphene.List(graphene.NonNull(graphene.String), required=True,
                                         description="实施编码 of the items that require it.")
    implementation_names = graphene.List(graphene.NonNull(graphene.String), required=True,
                                         description="Names of the items that require it.")

    class Meta:
        name = "IntermediaryServiceEntry"


class BusinessPolicyEntryType(graphene.ObjectType):
    """One 惠企政策 of a batch of a 惠企政策清单, exactly as it was published (frozen)."""

    key = graphene.String(required=True, description="Identifies the entry across batches.")
    name = graphene.String(required=True, description="政策名称.")
    document_number = graphene.String(required=True, description="文号.")
    level = graphene.Field(RegionLevel, required=True, description="层级 of the region whose list it is on.")
    region_code = graphene.String(required=True, description="区划代码.")
    region_name = graphene.String(required=True, description="区划名称.")
    department_name = graphene.String(required=True, description="发布部门.")
    department_code = graphene.String(required=True, description="发布部门统一社会信用代码.")
    beneficiaries = graphene.String(required=True, description="享受对象.")
    exempt_from_application = graphene.Boolean(required=True, description="免申即享: delivered without an application.")
    valid_from = graphene.Date(required=True, description="有效期起.")
    valid_until = graphene.Date(description="有效期至; null when open-ended.")
    summary = graphene.String(required=True, description="政策摘要.")
    policy_url = graphene.String(required=True, description="政策原文地址.")
    implementation_codes = graphene.List(graphene.NonNull(graphene.String), required=True,
                                         description="实施编码 of the items that deliver it.")
    implementation_names = graphene.List(graphene.NonNull(graphene.String), required=True,
                                         description="Names of the items that deliver it.")

    class Meta:
        name = "BusinessPolicyEntry"

    @staticmethod
    def resolve_valid_from(root, info):
        return dt.date.fromisoformat(root["valid_from"])

    @staticmethod
    def resolve_valid_until(root, info):
        return dt.date.fromisoformat(root["valid_until"]) if root.get("valid_until") else None


# The key only entries of each subject have (implementations' entries have none of these).
SUBJECT_MARKERS = {
    models.ListSubject.BUNDLE: "bundle_code", models.ListSubject.PROOF: "proof_id",
    models.ListSubject.HALL_EXEMPTION: "exemption_id", models.ListSubject.DELEGATION: "delegation_id",
    models.ListSubject.INTERMEDIARY_SERVICE: "intermediary_service_id",
    models.ListSubject.BUSINESS_POLICY: "business_policy_id",
}


def _subject_of(entry) -> str:
    """Which subject's entry a frozen entry is (a batch holds entries of its list's subject only)."""
    for subject, marker in SUBJECT_MARKERS.items():
        if marker in entry:
            return subject
    return models.ListSubject.IMPLEMENTATION


def _entries_of(subject, entries):
    return [entry for entry in entries if _subject_of(entry) == subject]


def _implementation_entries(entries):
    return _entries_of(models.ListSubject.IMPLEMENTATION, entries)


def _bundle_entries(entries):
    return _entries_of(models.ListSubject.BUNDLE, entries)


class FieldChangeType(graphene.ObjectType):
    """One public field of an entry that differs from the previous batch."""

    field = graphene.String(required=True, description="The field's name in `PublicationEntry` (snake case).")
    before = graphene.String(description="The value in the previous batch, as text.")
    after = graphene.String(description="The value in this batch, as text.")

    class Meta:
        name = "FieldChange"


class EntryChangeType(graphene.ObjectType):
    key = graphene.String(required=True, description="The entry's key.")
    name = graphene.String(required=True, description="事项名称.")
    region_name = graphene.String(required=True, description="实施区划名称.")
    fields = graphene.List(graphene.NonNull(FieldChangeType), required=True, description="The changed fields.")

    class Meta:
        name = "EntryChange"
        description = "An entry present in both batches whose public fields changed."

    @staticmethod
    def resolve_fields(root, info):
        return [{"field": field, "before": _text(old), "after": _text(new)}
                for field, (old, new) in sorted(root["fields"].items())]


def _text(value):
    return None if value is None else str(value)


class PublicationDiffType(graphene.ObjectType):
    added = graphene.List(graphene.NonNull(PublicationEntryType), required=True, description="New in this batch.")
    removed = graphene.List(graphene.NonNull(PublicationEntryType), required=True,
                            description="In the previous batch, not in this one (as they were then).")
    changed = graphene.List(graphene.NonNull(EntryChangeType), required=True, description="Changed entries.")
    added_bundles = graphene.List(graphene.NonNull(BundleEntryType), required=True,
                                  description="一件事 new in this batch (一件事 lists; empty otherwise).")
    removed_bundles = graphene.List(graphene.NonNull(BundleEntryType), required=True,
                                    description="一件事 of the previous batch not in this one (一件事 lists).")
    added_keys = graphene.List(graphene.NonNull(graphene.String), required=True,
                               description="Keys of the entries new in this batch, of every kind of list.")
    removed_keys = graphene.List(graphene.NonNull(graphene.String), required=True,
                                 description="Keys of the previous batch's entries not in this one, of every kind.")

    class Meta:
        name = "PublicationDiff"
        description = "What changed against the previous published batch (all entries are added for the first)."


class PublicationType(graphene.ObjectType):
    """第N批: one published batch of a list, with its frozen entries."""

    list_code = graphene.String(required=True, description="The list's code.")
    batch = graphene.Int(required=True, description="N of 第N批, from 1.")
    document_number = graphene.String(required=True, description="文号.")
    published_on = graphene.Date(required=True, description="公布日期.")
    effective_on = graphene.Date(required=True, description="施行日期: the batch is in force from this date.")
    change_note = graphene.String(required=True, description="调整说明.")
    published_at = graphene.DateTime(required=True, description="When the snapshot was taken.")
    entry_count = graphene.Int(required=True, description="Number of entries.")
    version = graphene.String(
        required=True, description="A digest of the batch; it never changes (the ETag of cached answers)."
    )
    entries = graphene.List(
        graphene.NonNull(PublicationEntryType), required=True,
        search=graphene.String(description="Only entries whose name contains this text, whose pinyin initials "
                               "contain it (yyzz), or whose codes contain it."),
        description="The entries, as published, in 基本编码 order.",
    )
    bundle_entries = graphene.List(
        graphene.NonNull(BundleEntryType), required=True,
        search=graphene.String(description="Only 一件事 whose name, pinyin initials or codes contain this text."),
        description="The 一件事 of a 一件事 list's batch, as published (empty for other lists).",
    )
    proof_entries = graphene.List(
        graphene.NonNull(ProofEntryType), required=True,
        search=graphene.String(description="Only 证明事项 whose name, pinyin initials or issuing body contain this "
                               "text."),
        description="The 证明事项 of a proof list's batch, as published (empty for other lists).",
    )
    exemption_entries = graphene.List(
        graphene.NonNull(ExemptionEntryType), required=True,
        description="The items of a 入驻负面清单's batch, as published (empty for other lists).",
    )
    delegation_entries = graphene.List(
        graphene.NonNull(DelegationEntryType), required=True,
        description="The delegated powers of a 赋权清单's batch, as published (empty for other lists).",
    )
    intermediary_service_entries = graphene.List(
        graphene.NonNull(IntermediaryServiceEntryType), required=True,
        description="The services of a 中介服务事项清单's batch, as published (empty for other lists).",
    )
    business_policy_entries = graphene.List(
        graphene.NonNull(BusinessPolicyEntryType), required=True,
        description="The policies of a 惠企政策清单's batch, as published (empty for other lists).",
    )
    diff = graphene.Field(PublicationDiffType, required=True, description="Against the previous batch.")

    class Meta:
        name = "Publication"

    @staticmethod
    def resolve_list_code(root, info):
        return root._api_list_code

    @staticmethod
    def resolve_entries(root, info, search=None):
        entries = _implementation_entries(root.entries)
        if not search:
            return entries
        return [entry for entry in entries if text_matches(
            search, name=entry["name"], codes=(entry["implementation_code"], entry["catalog_code"]))]

    @staticmethod
    def resolve_bundle_entries(root, info, search=None):
        entries = _bundle_entries(root.entries)
        if not search:
            return entries
        return [entry for entry in entries if text_matches(
            search, name=entry["name"], codes=(entry["bundle_code"], entry["template_code"]))]

    @staticmethod
    def resolve_proof_entries(root, info, search=None):
        entries = _entries_of(models.ListSubject.PROOF, root.entries)
        if not search:
            return entries
        return [entry for entry in entries if text_matches(search, name=entry["name"], codes=(entry["issuing_body"],))]

    @staticmethod
    def resolve_exemption_entries(root, info):
        return _entries_of(models.ListSubject.HALL_EXEMPTION, root.entries)

    @staticmethod
    def resolve_delegation_entries(root, info):
        return _entries_of(models.ListSubject.DELEGATION, root.entries)

    @staticmethod
    def resolve_intermediary_service_entries(root, info):
        return _entries_of(models.ListSubject.INTERMEDIARY_SERVICE, root.entries)

    @staticmethod
    def resolve_business_policy_entries(root, info):
        return _entries_of(models.ListSubject.BUSINESS_POLICY, root.entries)

    @staticmethod
    def resolve_diff(root, info):
        added, removed = root.diff.get("added", []), root.diff.get("removed", [])
        return {"added": _implementation_entries(added), "removed": _implementation_entries(removed),
                "changed": root.diff.get("changed", []),
                "added_bundles": _bundle_entries(added), "removed_bundles": _bundle_entries(removed),
                "added_keys": [entry["key"] for entry in added], "removed_keys": [entry["key"] for entry in removed]}


class PublishedListType(DjangoObjectType):
    """清单: a list a region publishes in batches (第一批, 第二批 …)."""

    code = graphene.String(required=True, description="清单编码, used by `publication` and `publicationAsOf`.")
    title = graphene.String(required=True, description="Title.")
    introduction = graphene.String(required=True, description="清单说明.")
    list_type = graphene.Field(ListTypeType, required=True, description="Kind of list.")
    region = graphene.Field(RegionType, required=True, description="The region publishing it.")
    url = graphene.String(description="Address of the list on the public site.")
    batches = graphene.List(
        graphene.NonNull(PublicationType), required=True,
        description="Published batches, newest first. Ask for their entries with `publication`.",
    )
    updated_at = graphene.DateTime(required=True, description="When the list or its batches last changed.")

    class Meta:
        model = models.PublishedListPage
        name = "PublishedList"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        from cms.api import selectors

        return selectors.published_lists(info.context.api_viewer).filter(pk=id).first()

    @staticmethod
    def resolve_list_type(root, info):
        return root.list_type

    @staticmethod
    def resolve_region(root, info):
        return RegionByIdLoader.for_request(info).load(root.region_id)

    @staticmethod
    def resolve_url(root, info):
        return root.get_full_url(info.context)

    @staticmethod
    def resolve_batches(root, info):
        batches = getattr(root, "_api_batches", None)
        if batches is None:
            batches = list(root.published_batches())
        for publication in batches:
            publication._api_list_code = root.code
        return batches


class CertificateImplementationType(graphene.ObjectType):
    """An implementation a certificate type is linked to (issued by it, or accepted by it)."""

    implementation_code = graphene.String(required=True, description="实施编码.")
    name = graphene.String(required=True, description="事项名称.")
    region_code = graphene.String(required=True, description="实施区划代码.")

    class Meta:
        name = "CertificateImplementation"


def _implementation_refs(rows):
    return [{"implementation_code": codes.implementation_code(row.department.credit_code, row.region.level,
                                                              row.catalog_item.code),
             "name": row.catalog_item.name, "region_code": row.region.code} for row in rows]


class CertificateTypeType(DjangoObjectType):
    """电子证照目录: a type of electronic certificate (GB/T 36902)."""

    name = graphene.String(required=True, description="证照类型名称.")
    type_code = graphene.String(required=True, description="证照类型代码: defining body's credit code + 3 digits.")
    defining_body = graphene.String(required=True, description="证照定义机构.")
    defining_body_code = graphene.String(required=True, description="证照定义机构代码 (统一社会信用代码).")
    holder_type = graphene.Field(HolderType, required=True, description="持证主体类别.")
    holder_code_type = graphene.String(required=True, description="持证主体代码类型 (GB/T 36903: 111, 001).")
    validity_years = graphene.Int(description="有效期 in years; null when 长期有效.")
    validity_note = graphene.String(required=True, description="有效期说明.")
    issuing_departments = graphene.List(graphene.NonNull(DepartmentType), required=True, description="颁发机构.")
    issuing_implementations = graphene.List(
        graphene.NonNull(CertificateImplementationType), required=True,
        description="Published implementations whose result is this certificate.",
    )
    accepting_implementations = graphene.List(
        graphene.NonNull(CertificateImplementationType), required=True,
        description="Published implementations that accept it instead of a paper material.",
    )
    updated_at = graphene.DateTime(required=True, description="When it last changed.")

    class Meta:
        model = models.CertificateType
        name = "CertificateType"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        from cms.api import selectors

        return selectors.certificate_types(info.context.api_viewer).filter(pk=id).first()

    @staticmethod
    def resolve_holder_code_type(root, info):
        return root.holder_code_type[0]

    @staticmethod
    def resolve_issuing_departments(root, info):
        return list(root.issuing_departments.all())

    @staticmethod
    def resolve_issuing_implementations(root, info):
        return _implementation_refs(root.issuing_implementations.all())

    @staticmethod
    def resolve_accepting_implementations(root, info):
        return _implementation_refs(root.accepting_implementations.all())


class ProofType(DjangoObjectType):
    """证明事项: a certificate an applicant must bring from another body, kept (保留) or cancelled (取消) by a
    region's clearance, with the items in force whose materials ask for it."""

    name = graphene.String(required=True, description="证明名称.")
    issuing_body = graphene.String(required=True, description="开具单位.")
    issuing_department = graphene.Field(DepartmentType, description="开具部门, when a registered department issues it.")
    legal_basis = graphene.String(required=True, description="设定依据.")
    status = graphene.Field(ProofStatus, required=True, description="清理结果.")
    pledge_allowed = graphene.Boolean(required=True, description="可告知承诺.")
    data_sharing = graphene.Boolean(required=True, description="可数据共享核验.")
    replacement = graphene.String(required=True, description="取消后的办理方式.")
    region = graphene.Field(RegionType, required=True, description="The region whose clearance lists it.")
    asking_implementations = graphene.List(
        graphene.NonNull(CertificateImplementationType), required=True,
        description="Published implementations in force whose materials ask for it.",
    )
    updated_at = graphene.DateTime(required=True, description="When it last changed.")

    class Meta:
        model = models.Proof
        name = "Proof"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        from cms.api import selectors

        return selectors.proofs(info.context.api_viewer).filter(pk=id).first()

    @staticmethod
    def resolve_region(root, info):
        return RegionByIdLoader.for_request(info).load(root.region_id)

    @staticmethod
    def resolve_asking_implementations(root, info):
        return _implementation_refs(getattr(root, "_api_asking", []))


class ProofConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = ProofType


class PublishedListConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = PublishedListType


class CertificateTypeConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = CertificateTypeType
