"""django-import-export resources of the catalog core, with the Chinese column headers of the templates.

The resources declare the columns (header, attribute, widget) and render exports; importers.engine drives
them for imports, resolving references for a whole file at once and saving through config_models.services.
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources

from config_models.models import (
    CatalogItem,
    CatalogStatus,
    Department,
    DepartmentNature,
    Evaluation,
    EvaluationChannel,
    HandlingType,
    Implementation,
    ImplementationStatus,
    ItemType,
    Material,
    MaterialForm,
    MaterialSource,
    Necessity,
    OnlineDepth,
    Region,
    RegionLevel,
    ServiceArea,
    ServiceObject,
    TimeUnit,
    in_subtree,
)
from config_models.services import save_validated
from config_models.services.catalog import catalog_item_apply_status
from config_models.services.evaluation import (
    EvaluationRow,
    evaluation_create,
    evaluation_from_row,
    evaluation_validate,
)
from config_models.services.implementation import implementation_validate
from config_models.services.region import region_save
from config_models.services.revisions import save_published
from importers.widgets import (
    BoolWidget,
    CertificateTypeWidget,
    ChoiceWidget,
    CodeWidget,
    DateWidget,
    IntWidget,
    MultiChoiceWidget,
    TextWidget,
)

REGION_CODE = {"exact_lengths": (6, 12)}


def column(header: str, attribute: str, widget, *, export_only: bool = False, optional: bool = False,
           help_text: str = "") -> fields.Field:
    """A sheet column. `optional`: a column added after templates were handed out, which files made with an
    older template lack (its cells then read as empty)."""
    field = fields.Field(attribute=attribute, column_name=header, widget=widget)
    field.export_only = export_only
    field.optional = optional
    field.help_text = help_text
    return field


class SheetResource(resources.Resource):
    """A sheet of one model: its columns, its key, how a row becomes an instance, how it is saved."""

    model = None
    sheet_name = ""
    key_attributes: tuple[str, ...] = ()
    # attribute of a column → model field its errors are reported under (and back)
    scope_action_field = "region"
    # Rows are only added: an existing row (by key) is left unchanged, never updated.
    append_only = False

    def import_fields(self) -> list[fields.Field]:
        return [f for f in self.fields.values() if not getattr(f, "export_only", False)]

    def column_for(self, model_field: str) -> str:
        for field in self.import_fields():  # an export-only column (事项名称) never names an error
            if field.attribute == model_field or field.attribute.startswith(f"{model_field}__"):
                return field.column_name
        return ""

    def key_of(self, values: dict) -> tuple:
        return tuple(values.get(attribute) for attribute in self.key_attributes)

    def key_columns(self) -> list[str]:
        return [self.column_for(attribute.split("__")[0]) for attribute in self.key_attributes]

    # --- hooks the engine calls -------------------------------------------------------------------
    def preload(self, rows: list[dict]) -> None:
        """Load the rows' references and existing instances in a few queries."""

    def existing(self, values: dict):
        return None

    def build(self, values: dict, instance) -> dict[str, str]:
        """Set the row's values on `instance`; return {attribute: message} for references that fail."""
        return {}

    def validate(self, instance, extra=None) -> None:
        instance.full_clean()

    def save(self, instance, extra, *, user, reason: str, overwrite_draft: bool = False) -> None:
        save_validated(instance, user=user, reason=reason)

    def export_queryset(self, region: Region | None = None):
        return self.model._default_manager.all()


def _by(model, attribute: str, values, select_related=()) -> dict:
    found = {}
    wanted = sorted({v for v in values if v})
    for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
        for obj in model._default_manager.filter(**{f"{attribute}__in": wanted[start:start + 500]}).select_related(
            *select_related
        ):
            found[getattr(obj, attribute)] = obj
    return found


class RegionResource(SheetResource):
    model = Region
    sheet_name = "行政区划"
    key_attributes = ("code",)
    scope_action_field = "parent"

    code = column("区划代码", "code", CodeWidget(**REGION_CODE))
    name = column("名称", "name", TextWidget())
    level = column("层级", "level", ChoiceWidget(RegionLevel))
    parent = column("上级区划代码", "parent__code", CodeWidget(**REGION_CODE))

    def preload(self, rows):
        codes = [r.get("code") for r in rows] + [r.get("parent__code") for r in rows]
        self.regions = _by(Region, "code", codes)
        self.new_regions: dict[str, Region] = {}

    def existing(self, values):
        return self.regions.get(values["code"])

    def build(self, values, instance):
        instance.code, instance.name, instance.level = values["code"], values["name"], values["level"]
        self.new_regions.setdefault(instance.code, instance)
        parent_code = values["parent__code"]
        if not parent_code:
            instance.parent = None
            return {}
        parent = self.regions.get(parent_code) or self.new_regions.get(parent_code)
        if parent is None:
            return {"parent__code": f"上级区划“{parent_code}”不存在（须已在系统中，或在本文件中先于本行）。"}
        instance.parent = parent
        if parent.pk is None:
            instance.path = instance.computed_path(parent.path or parent.computed_path())
        return {}

    def validate(self, instance, extra=None):
        if instance.parent is not None and instance.parent.pk is None:
            # A parent created by an earlier row of the same file: check against its values.
            instance.full_clean(exclude=["parent"])
            return
        instance.full_clean()

    def save(self, instance, extra, *, user, reason, overwrite_draft=False):
        if instance.parent is not None and instance.parent.pk is None:
            instance.parent = Region.objects.get(code=instance.parent.code)  # saved by its earlier row
        region_save(region=instance, user=user, reason=reason)

    def export_queryset(self, region=None):
        rows = Region.objects.select_related("parent").order_by("path")
        return rows.filter(in_subtree(region)) if region else rows


class DepartmentResource(SheetResource):
    model = Department
    sheet_name = "实施主体"
    key_attributes = ("credit_code",)

    name = column("名称", "name", TextWidget())
    credit_code = column("统一社会信用代码", "credit_code", CodeWidget())
    region = column("所属区划代码", "region__code", CodeWidget(**REGION_CODE))
    nature = column("实施主体性质", "nature", ChoiceWidget(DepartmentNature, default=DepartmentNature.LEGAL_ORGAN))
    acknowledged = column("确认使用校验未通过的历史代码", "credit_code_check_acknowledged", BoolWidget())

    def preload(self, rows):
        self.regions = _by(Region, "code", [r.get("region__code") for r in rows])
        self.departments = _by(Department, "credit_code", [r.get("credit_code") for r in rows], ["region"])

    def existing(self, values):
        return self.departments.get(values["credit_code"])

    def build(self, values, instance):
        instance.name, instance.credit_code = values["name"], values["credit_code"]
        instance.nature = values["nature"]
        instance.credit_code_check_acknowledged = values["credit_code_check_acknowledged"]
        region = self.regions.get(values["region__code"])
        if region is None:
            return {"region__code": f"区划“{values['region__code']}”不存在。"}
        instance.region = region
        return {}

    def export_queryset(self, region=None):
        rows = Department.objects.select_related("region").order_by("region__code", "credit_code")
        return rows.filter(in_subtree(region, "region")) if region else rows


class CatalogItemResource(SheetResource):
    model = CatalogItem
    sheet_name = "基本目录"
    key_attributes = ("code",)

    code = column("基本编码", "code", CodeWidget(pad_to=12), help_text="12位数字，文本格式")
    name = column("事项名称", "name", TextWidget())
    item_type = column("事项类型", "item_type", ChoiceWidget(ItemType, vocabulary="item_type"))
    parent = column("所属主项基本编码", "parent__code", CodeWidget(pad_to=12), help_text="子项填写，主项留空")
    region = column("目录维护区划代码", "region__code", CodeWidget(**REGION_CODE))
    allowed_levels = column("行使层级", "allowed_levels", MultiChoiceWidget(RegionLevel), help_text="多个用顿号分隔")
    local_code = column("地方基本编码", "local_code", CodeWidget())
    status = column("事项状态", "status", ChoiceWidget(CatalogStatus, default=CatalogStatus.ACTIVE))
    effective_date = column("生效日期", "effective_date", DateWidget())
    cancel_date = column("取消日期", "cancel_date", DateWidget())

    def preload(self, rows):
        self.regions = _by(Region, "code", [r.get("region__code") for r in rows])
        self.items = _by(CatalogItem, "code", [r.get("code") for r in rows] + [r.get("parent__code") for r in rows])
        self.new_items: dict[str, CatalogItem] = {}

    def existing(self, values):
        return self.items.get(values["code"])

    def build(self, values, instance):
        errors = {}
        for attribute in ("code", "name", "item_type", "allowed_levels", "local_code", "status", "effective_date",
                          "cancel_date"):
            setattr(instance, attribute, values[attribute])
        self.new_items.setdefault(instance.code, instance)
        region = self.regions.get(values["region__code"])
        if region is None:
            errors["region__code"] = f"区划“{values['region__code']}”不存在。"
        else:
            instance.region = region
        parent_code = values["parent__code"]
        instance.parent = None
        if parent_code:
            parent = self.items.get(parent_code) or self.new_items.get(parent_code)
            if parent is None or parent is instance:
                errors["parent__code"] = f"主项“{parent_code}”不存在（须已在系统中，或在本文件中先于本行）。"
            else:
                instance.parent = parent
        return errors

    def validate(self, instance, extra=None):
        if instance.parent is not None and instance.parent.pk is None:
            instance.full_clean(exclude=["parent"])
            return
        instance.full_clean()

    def save(self, instance, extra, *, user, reason, overwrite_draft=False):
        if instance.parent is not None and instance.parent.pk is None:
            instance.parent = CatalogItem.objects.get(code=instance.parent.code)
        # A new published revision, as the admin's publish: refused over a lock or (unless told) a draft.
        save_published(instance=instance, user=user, reason=reason, overwrite_draft=overwrite_draft)
        catalog_item_apply_status(item=instance, user=user)

    def export_queryset(self, region=None):
        rows = CatalogItem.objects.select_related("parent", "region").order_by("code")
        return rows.filter(in_subtree(region, "region")) if region else rows


class MaterialResource(SheetResource):
    """申请材料, keyed by 实施编码; their order in the sheet is their order."""

    model = Material
    sheet_name = "申请材料"

    implementation_code = column("实施编码", "implementation__implementation_code", CodeWidget())
    name = column("材料名称", "name", TextWidget())
    form = column("材料形式", "form", ChoiceWidget(MaterialForm, default=MaterialForm.PAPER))
    necessity = column("材料必要性", "necessity", ChoiceWidget(Necessity, default=Necessity.REQUIRED))
    source = column("来源渠道", "source", ChoiceWidget(MaterialSource, default=MaterialSource.APPLICANT))
    source_note = column("来源渠道说明", "source_note", TextWidget())
    original_copies = column("原件份数", "original_copies", IntWidget(default=1))
    photocopy_copies = column("复印件份数", "photocopy_copies", IntWidget(default=0))
    paper_spec = column("纸质材料规格", "paper_spec", TextWidget())
    fill_instructions = column("填报须知", "fill_instructions", TextWidget())
    common_mistakes = column("易错范例", "common_mistakes", TextWidget())
    legal_basis = column("要求提供材料的依据", "legal_basis", TextWidget())
    e_certificate_exempt = column("可用电子证照免提交", "e_certificate_exempt", BoolWidget())
    certificate_type = column("电子证照类型代码", "certificate_type", CertificateTypeWidget(), optional=True,
                              help_text="可用电子证照免提交的材料必填：电子证照目录中的21位证照类型代码。")
    pledge_text = column("承诺内容", "pledge_text", TextWidget(), optional=True,
                         help_text="材料必要性为“告知承诺”时必填：申请人书面承诺的内容。")
    false_pledge_consequence = column("虚假承诺的后果", "false_pledge_consequence", TextWidget(), optional=True,
                                      help_text="材料必要性为“告知承诺”时必填。")

    ATTRIBUTES = ("name", "form", "necessity", "source", "source_note", "original_copies", "photocopy_copies",
                  "paper_spec", "fill_instructions", "common_mistakes", "legal_basis", "e_certificate_exempt",
                  "certificate_type", "pledge_text", "false_pledge_consequence")

    def make(self, values: dict) -> Material:
        return Material(**{attribute: values[attribute] for attribute in self.ATTRIBUTES})

    def signature(self, material: Material) -> tuple:
        """What a material is, for comparing a file's materials with the saved ones."""
        material.normalize()
        return tuple(self.fields[name].widget.render(getattr(material, name)) for name in self.ATTRIBUTES)

    def export_queryset(self, region=None):
        rows = Material.objects.select_related(
            "implementation__department", "implementation__region", "implementation__catalog_item", "certificate_type"
        ).order_by("implementation__region__code", "implementation__catalog_item__code", "implementation_id",
                   "sort_order")
        return rows.filter(in_subtree(region, "implementation__region")) if region else rows


class ImplementationResource(SheetResource):
    model = Implementation
    sheet_name = "实施清单"
    key_attributes = ("catalog_item__code", "region__code", "department__credit_code")

    implementation_code = column("实施编码", "implementation_code", CodeWidget(), export_only=True,
                                 help_text="由系统生成，导入时不读取")
    item_name = column("事项名称", "catalog_item__name", TextWidget(), export_only=True,
                       help_text="取自基本目录，导入时不读取")
    catalog_item = column("基本编码", "catalog_item__code", CodeWidget(pad_to=12))
    region = column("实施区划代码", "region__code", CodeWidget(**REGION_CODE))
    department = column("实施主体统一社会信用代码", "department__credit_code", CodeWidget())
    local_code = column("地方实施编码", "local_code", CodeWidget())
    statutory_limit = column("法定办结时限", "statutory_limit", IntWidget())
    statutory_limit_unit = column("法定时限单位", "statutory_limit_unit",
                                  ChoiceWidget(TimeUnit, default=TimeUnit.WORKING_DAY))
    committed_limit = column("承诺办结时限", "committed_limit", IntWidget())
    committed_limit_unit = column("承诺时限单位", "committed_limit_unit",
                                  ChoiceWidget(TimeUnit, default=TimeUnit.WORKING_DAY))
    handling_type = column("办件类型", "handling_type", ChoiceWidget(HandlingType, vocabulary="handling_type"))
    service_objects = column("服务对象", "service_objects", MultiChoiceWidget(ServiceObject))
    visit_count = column("到办事现场次数", "visit_count", IntWidget(default=1))
    visit_reason = column("必须现场办理原因说明", "visit_reason", TextWidget())
    window_handling = column("窗口办理", "window_handling", BoolWidget(default=True))
    online_handling = column("网上办理", "online_handling", BoolWidget())
    courier = column("支持物流快递", "courier", BoolWidget())
    booking = column("支持预约办理", "booking", BoolWidget())
    online_payment = column("支持网上支付", "online_payment", BoolWidget())
    online_depth = column("网上办理深度", "online_depth", ChoiceWidget(OnlineDepth, default=OnlineDepth.NONE))
    online_url = column("网上办理地址", "online_url", TextWidget())
    charges_fee = column("是否收费", "charges_fee", BoolWidget())
    fee_standard = column("收费标准", "fee_standard", TextWidget())
    fee_basis = column("收费依据", "fee_basis", TextWidget())
    consult_phone = column("咨询电话", "consult_phone", CodeWidget())
    complaint_phone = column("监督投诉电话", "complaint_phone", CodeWidget())
    address = column("办理地点", "address", TextWidget())
    office_hours = column("办理时间", "office_hours", TextWidget())
    service_area = column("通办范围", "service_area", ChoiceWidget(ServiceArea, default=ServiceArea.LOCAL))
    accept_conditions = column("受理条件", "accept_conditions", TextWidget())
    procedure = column("办理流程", "procedure", TextWidget())
    status = column("实施状态", "status", ChoiceWidget(ImplementationStatus, default=ImplementationStatus.ACTIVE))
    ended_on = column("停止实施日期", "ended_on", DateWidget())

    REFERENCES = ("catalog_item__code", "region__code", "department__credit_code")

    def preload(self, rows):
        self.items = _by(CatalogItem, "code", [r.get("catalog_item__code") for r in rows])
        self.regions = _by(Region, "code", [r.get("region__code") for r in rows])
        self.departments = _by(Department, "credit_code", [r.get("department__credit_code") for r in rows],
                               ["region"])
        self.implementations = {}
        item_ids = sorted({item.pk for item in self.items.values()})
        for start in range(0, len(item_ids), 500):
            for implementation in (
                Implementation.objects.filter(catalog_item_id__in=item_ids[start:start + 500])
                .select_related("catalog_item", "region", "department__region")
                .prefetch_related("materials")
            ):
                key = (implementation.catalog_item.code, implementation.region.code,
                       implementation.department.credit_code)
                self.implementations[key] = implementation

    def existing(self, values):
        return self.implementations.get(self.key_of(values))

    def build(self, values, instance):
        errors = {}
        for field in self.import_fields():
            if field.attribute not in self.REFERENCES:
                setattr(instance, field.attribute, values[field.attribute])
        item = self.items.get(values["catalog_item__code"])
        region = self.regions.get(values["region__code"])
        department = self.departments.get(values["department__credit_code"])
        if item is None:
            errors["catalog_item__code"] = f"基本目录中没有基本编码为“{values['catalog_item__code']}”的事项。"
        else:
            instance.catalog_item = item
        if region is None:
            errors["region__code"] = f"区划“{values['region__code']}”不存在。"
        else:
            instance.region = region
        if department is None:
            code = values["department__credit_code"]
            errors["department__credit_code"] = f"统一社会信用代码为“{code}”的实施主体不存在。"
        else:
            instance.department = department
        return errors

    def validate(self, instance, extra=None):
        # The uniqueness of (item, region, department) is the file's key: checked for the whole file.
        implementation_validate(implementation=instance, materials=extra, validate_constraints=False,
                                references_loaded=True)

    def save(self, instance, extra, *, user, reason, overwrite_draft=False):
        # The materials are part of the implementation's revision (a ParentalKey): set them on the instance
        # and the published revision replaces them, as an edit in the admin does.
        if extra is not None:
            for order, material in enumerate(extra):
                material.sort_order = order
            instance.materials = extra
        save_published(instance=instance, user=user, reason=reason, overwrite_draft=overwrite_draft)

    def export_queryset(self, region=None):
        rows = Implementation.objects.select_related("catalog_item", "region", "department").order_by(
            "region__code", "catalog_item__code", "department__credit_code"
        )
        return rows.filter(in_subtree(region, "region")) if region else rows


class EvaluationResource(SheetResource):
    """好差评 exported by the national system. Rows are only ever added: an 评价编号 already recorded is left
    as it is (a re-import adds nothing), and each new row goes through the evaluation service, so its rules
    and the 差评 it opens are the ones of the API."""

    model = Evaluation
    sheet_name = "好差评"
    key_attributes = ("external_id",)
    append_only = True

    external_id = column("评价编号", "external_id", CodeWidget())
    channel = column("评价渠道", "channel", ChoiceWidget(EvaluationChannel))
    rating = column("评价等级", "rating", TextWidget(), help_text="1–5，或非常不满意、不满意、基本满意、满意、非常满意")
    implementation = column("实施编码", "implementation__implementation_code", CodeWidget(),
                            help_text="填写实施编码，或填写基本编码和区划代码")
    catalog_item = column("基本编码", "implementation__catalog_item__code", CodeWidget(pad_to=12))
    region = column("区划代码", "region__code", CodeWidget(**REGION_CODE),
                    help_text="按基本编码或窗口号填写时必填")
    window = column("窗口号", "window__number", CodeWidget())
    bundle = column("一件事编码", "bundle__code", CodeWidget())
    staff_name = column("工作人员", "staff_name", TextWidget())
    evaluated_on = column("评价日期", "evaluated_on", DateWidget())
    text = column("评价内容", "text", TextWidget())

    def preload(self, rows):
        self.recorded = _by(Evaluation, "external_id", [r.get("external_id") for r in rows])

    def existing(self, values):
        return self.recorded.get(values["external_id"])

    def build(self, values, instance):
        row = EvaluationRow(
            external_id=values["external_id"], channel=values["channel"] or "", rating=values["rating"],
            evaluated_on=values["evaluated_on"], implementation_code=values["implementation__implementation_code"],
            catalog_code=values["implementation__catalog_item__code"], region_code=values["region__code"],
            window_number=values["window__number"], bundle_code=values["bundle__code"],
            staff_name=values["staff_name"], text=values["text"],
        )
        try:
            evaluation = evaluation_from_row(row)
        except ValidationError as error:
            return {EVALUATION_ERROR_ATTRIBUTES.get(name, name): "".join(messages)
                    for name, messages in error.message_dict.items()}
        for name in ("external_id", "channel", "rating", "evaluated_on", "staff_name", "text", "implementation",
                     "window", "bundle", "region", "department"):
            setattr(instance, name, getattr(evaluation, name))
        return {}

    def validate(self, instance, extra=None):
        evaluation_validate(instance)

    def save(self, instance, extra, *, user, reason, overwrite_draft=False):
        evaluation_create(evaluation=instance, user=user, reason=reason)

    def export_queryset(self, region=None):
        rows = Evaluation.objects.select_related(
            "implementation__catalog_item", "implementation__department", "implementation__region", "region",
            "window", "bundle").order_by("evaluated_on", "external_id")
        return rows.filter(in_subtree(region, "region")) if region else rows


# an evaluation's errors (model fields) → the attribute of the column they are reported under
EVALUATION_ERROR_ATTRIBUTES = {"implementation": "implementation__implementation_code", "window": "window__number",
                               "bundle": "bundle__code", "region": "region__code", "__all__": ""}


RESOURCES: dict[str, type[SheetResource]] = {
    "region": RegionResource,
    "department": DepartmentResource,
    "catalog_item": CatalogItemResource,
    "implementation": ImplementationResource,
    "material": MaterialResource,
    "evaluation": EvaluationResource,
}
RESOURCE_LABELS = {"region": "行政区划", "department": "实施主体", "catalog_item": "基本目录",
                   "implementation": "实施清单（可含申请材料工作表）", "material": "申请材料",
                   "evaluation": "好差评（全国好差评系统导出）"}

__all__ = ["RESOURCES", "RESOURCE_LABELS", "ValidationError"]
