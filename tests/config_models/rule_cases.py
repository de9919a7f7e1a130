"""The data-quality rules (DESIGN.md §5, the QA rules of standards.md §2) as cases shared by two tests.

Each case starts from a valid unsaved row, breaks one rule, and names the field whose Chinese message
must say so. tests/config_models/test_rules.py saves it through the service and posts it through the admin
form; both prove the rule is refused and that nothing was written. The World rows are shared by the other
test modules of this folder (conftest.py).
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from wagtail.models import DraftStateMixin, Page, Revision

from config_models.models import (
    CatalogItem,
    Department,
    Implementation,
    LegalBasis,
    Material,
    Region,
)
from config_models.services import save_validated
from config_models.services.catalog import catalog_item_cancel, catalog_item_save
from config_models.services.implementation import implementation_save
from config_models.services.region import region_save
from tests.factories import CatalogItemFactory, DepartmentFactory, credit_code, make_region

CHINESE = re.compile(r"[\u4e00-\u9fff]")
LEGACY_CREDIT_CODE = "91350100M0001TGQXM"  # a real early pilot code that fails the GB 32100 check


@dataclass
class World:
    """The rows every test starts from, fresh from the database, and a superuser to act."""

    regions: dict[str, Region]
    item: CatalogItem
    department: Department
    user: object
    extra: dict = field(default_factory=dict)


REGION_TREE = [
    # key, code, name, level, parent key: the conftest's tree plus a village
    ("province", "510000", "四川省", "province", None),
    ("city", "511600", "广安市", "city", "province"),
    ("county", "511602", "广安区", "county", "city"),
    ("sibling", "511603", "前锋区", "county", "city"),
    ("township", "511602001000", "北辰街道", "township", "county"),
    ("village", "511602001001", "北辰社区", "village", "township"),
]


def create_world_rows() -> dict:
    """Create the shared rows once (a module-scoped fixture rolls them back); returns their primary keys."""
    regions = {}
    for key, code, name, level, parent in REGION_TREE:
        regions[key] = make_region(code, name, level, regions[parent] if parent else None)
    item = CatalogItemFactory(
        region=regions["province"], code="000101005000", name="建设工程施工许可证核发", allowed_levels=["county"]
    )
    department = DepartmentFactory(region=regions["county"], name="广安区住房和城乡建设局")
    user = get_user_model().objects.create_superuser("rules-admin", "rules@example.org", "pw")
    return {
        "regions": {key: region.pk for key, region in regions.items()},
        "item": item.pk,
        "department": department.pk,
        "user": user.pk,
    }


def load_world(pks: dict) -> World:
    """Fresh instances for one test, so a test's changes in memory never reach the next one."""
    return World(
        regions={key: Region.objects.get(pk=pk) for key, pk in pks["regions"].items()},
        item=CatalogItem.objects.get(pk=pks["item"]),
        department=Department.objects.get(pk=pks["department"]),
        user=get_user_model().objects.get(pk=pks["user"]),
    )


# Valid rows, one per model. Each case changes one thing in one of them.
def valid_implementation(w: World) -> Implementation:
    return Implementation(
        catalog_item=w.item,
        region=w.regions["county"],
        department=w.department,
        statutory_limit=20,
        committed_limit=5,
        handling_type="committed",
        service_objects=["1", "2"],
        visit_count=1,
        visit_reason="需现场核验身份证件原件",
        consult_phone="0826-2345678",
        complaint_phone="12345",
    )


VALID_MATERIALS = ({"name": "建筑工程施工许可证申请表"}, {"name": "建设工程规划许可证", "source": "government"})


def valid_catalog_item(w: World) -> CatalogItem:
    return CatalogItem(
        code="000101009000", name="建设工程竣工验收备案", item_type="01", region=w.regions["province"],
        allowed_levels=["county"],
    )


VALID_LEGAL_BASES = ({"law_name": "《中华人民共和国建筑法》", "clause": "第七条"},)


def valid_department(w: World) -> Department:
    return Department(name="广安区市场监督管理局", credit_code=credit_code(90), region=w.regions["county"])


def valid_region(w: World) -> Region:
    return Region(code="511602002000", name="中桥街道", level="township", parent=w.regions["county"])


VALID = {
    Implementation: valid_implementation,
    CatalogItem: valid_catalog_item,
    Department: valid_department,
    Region: valid_region,
}
CHILDREN = {Implementation: ("materials", VALID_MATERIALS), CatalogItem: ("legal_bases", VALID_LEGAL_BASES)}


@dataclass(frozen=True)
class RuleCase:
    name: str
    model: type
    field: str  # the key of the service's error
    message: str  # a Chinese fragment the message must contain
    values: dict | Callable[[World], dict] = field(default_factory=dict)  # attributes changed on the valid row
    setup: Callable[[World], None] | None = None  # rows that must exist first (counted as "before")
    children: tuple[dict, ...] | None = None  # replaces the valid inline rows (materials, legal bases)
    admin_field: str | None = None  # the form's error key, when it differs from the service's
    admin_message: str | None = None  # when the form words the same refusal differently
    # Variants of a rule already posted through the admin form are tried on the service only: a re-rendered
    # admin form costs about half a second.
    admin: bool = True

    def __str__(self):
        return self.name

    def build(self, w: World):
        """The invalid unsaved row and its inline rows (as dicts)."""
        row = VALID[self.model](w)
        values = self.values(w) if callable(self.values) else self.values
        for name, value in values.items():
            setattr(row, name, value)
        _, valid_children = CHILDREN.get(self.model, (None, ()))
        return row, list(self.children if self.children is not None else valid_children)


def save_through_service(row, children: list[dict], user):
    """The service every entry point (admin, import, API) calls for this model."""
    if isinstance(row, Implementation):
        return implementation_save(implementation=row, materials=[Material(**c) for c in children], user=user)
    if isinstance(row, CatalogItem):
        return catalog_item_save(item=row, user=user)
    if isinstance(row, Region):
        return region_save(region=row, user=user)
    return save_validated(row, user=user)


def admin_child_rows(row, children: list[dict]) -> dict:
    """The inline rows of the admin form, as submitted strings."""
    if type(row) not in CHILDREN:
        return {}
    name, _ = CHILDREN[type(row)]
    return {name: [{k: _submitted(v) for k, v in child.items()} for child in children]}


def _submitted(value):
    if isinstance(value, bool):
        return "on" if value else None
    return str(value)


def is_draftable(model) -> bool:
    return issubclass(model, DraftStateMixin)


def snapshot() -> dict:
    """Row and history counts of every configuration table, revisions and pages: "nothing was written"."""
    counts = {}
    for model in (Region, Department, CatalogItem, LegalBasis, Implementation, Material):
        counts[model.__name__] = model.objects.count()
        counts[f"{model.__name__}.history"] = model.history.count()
    counts["Revision"] = Revision.objects.count()
    counts["Page"] = Page.objects.count()
    return counts


def chinese_messages(messages) -> list[str]:
    return [str(m) for m in messages if CHINESE.search(str(m))]


# --- setups ---------------------------------------------------------------------------------------


def _existing_implementation(w: World):
    implementation_save(implementation=valid_implementation(w), user=w.user)


def _cancelled_item(w: World):
    catalog_item_cancel(item=w.item, cancel_date=datetime.date(2024, 6, 30), user=w.user)


def _department_of_sibling_county(w: World):
    w.extra["other_department"] = DepartmentFactory(region=w.regions["sibling"], name="前锋区住房和城乡建设局")


def _main_and_sub_item(w: World):
    main = CatalogItemFactory(region=w.regions["province"], code="000101010000", name="主项")
    w.extra["sub_item"] = CatalogItemFactory(region=w.regions["province"], code="000101010001", name="子项",
                                             parent=main)


# --- the rules ------------------------------------------------------------------------------------

IMPLEMENTATION_RULES = [
    RuleCase("committed_limit_longer_than_statutory", Implementation, "committed_limit", "不能超过法定办结时限",
             {"statutory_limit": 20, "committed_limit": 21}),
    RuleCase("committed_natural_days_longer_than_statutory_working_days", Implementation, "committed_limit",
             "不能超过法定办结时限",
             {"statutory_limit": 5, "committed_limit": 10, "committed_limit_unit": "natural_day"}, admin=False),
    RuleCase("immediate_item_with_a_committed_limit", Implementation, "committed_limit",
             "即办件的承诺办结时限应为0", {"handling_type": "immediate", "committed_limit": 3}),
    RuleCase("zero_committed_limit_on_a_committed_item", Implementation, "handling_type", "办件类型应为即办件",
             {"handling_type": "committed", "committed_limit": 0}),
    RuleCase("visits_without_a_reason", Implementation, "visit_reason", "须说明必须现场办理的原因",
             {"visit_count": 2, "visit_reason": ""}),
    RuleCase("visits_with_a_reason_of_only_spaces", Implementation, "visit_reason", "须说明必须现场办理的原因",
             {"visit_count": 1, "visit_reason": "\u3000 \u3000"}, admin=False),
    RuleCase("fully_online_depth_with_visits", Implementation, "visit_count", "到办事现场次数应为0",
             {"online_handling": True, "online_depth": 4, "visit_count": 1}),
    RuleCase("zero_visits_offline_without_courier", Implementation, "courier", "须支持物流快递",
             {"visit_count": 0, "visit_reason": "", "online_handling": False, "courier": False}),
    RuleCase("online_handling_without_depth", Implementation, "online_depth", "须选择网上办理深度",
             {"online_handling": True, "online_depth": 0}),
    RuleCase("fee_without_basis", Implementation, "fee_basis", "须填写收费依据",
             {"charges_fee": True, "fee_standard": "每件80元", "fee_basis": ""}),
    RuleCase("complaint_phone_same_as_consult_phone", Implementation, "complaint_phone", "不能与咨询电话相同",
             {"consult_phone": "0826-2345678", "complaint_phone": "0826-2345678"}),
    RuleCase("complaint_phone_same_as_consult_phone_written_differently", Implementation, "complaint_phone",
             "不能与咨询电话相同", {"consult_phone": "0826-2345678", "complaint_phone": "0826 2345678"}),
    RuleCase("phone_without_area_code", Implementation, "consult_phone", "须带区号", {"consult_phone": "2345678"}),
    RuleCase("region_level_not_allowed_by_catalog_item", Implementation, "region", "不能在乡镇（街道）级实施",
             lambda w: {"region": w.regions["township"]}),
    RuleCase("department_outside_region", Implementation, "department", "实施主体须属于实施区划",
             lambda w: {"department": w.extra["other_department"]}, setup=_department_of_sibling_county),
    RuleCase("second_implementation_of_item_region_department", Implementation, "__all__",
             "该实施主体在本区划已有此事项的实施清单", setup=_existing_implementation),
    RuleCase("implementation_of_cancelled_catalog_item", Implementation, "catalog_item", "基本目录事项已取消",
             setup=_cancelled_item),
    RuleCase("ended_without_end_date", Implementation, "ended_on", "须填写停止实施日期", {"status": "ended"}),
    *[
        RuleCase(f"catch_all_material_{label}", Implementation, "materials[2]", "是兜底表述",
                 children=(VALID_MATERIALS[0], {"name": name}), admin_field="materials-1-name", admin=admin)
        for label, name, admin in [
            ("qita", "其他材料", True),
            ("youguan", "有关材料", False),
            ("xiangguan", "相关材料", False),
            ("with_full_width_space", "其他\u3000材料", True),
        ]
    ],
    RuleCase("paper_material_without_copies", Implementation, "materials[1]", "份数不能都为0",
             children=({"name": "申请表", "form": "paper", "original_copies": 0, "photocopy_copies": 0},),
             admin_field="materials-0-original_copies"),
]

CATALOG_RULES = [
    RuleCase("catalog_code_of_11_digits", CatalogItem, "code", "基本编码应为12位数字", {"code": "00010100900"}),
    RuleCase("catalog_code_with_a_letter", CatalogItem, "code", "基本编码应为12位数字", {"code": "00010100900A"},
             admin=False),
    RuleCase("catalog_code_in_non_ascii_digits", CatalogItem, "code", "基本编码应为12位数字",
             {"code": "٠٠٠١٠١٠٠٩٠٠٠"}, admin=False),
    RuleCase("catalog_code_taken", CatalogItem, "code", "已存在", {"code": "000101005000"}),
    RuleCase("no_allowed_levels", CatalogItem, "allowed_levels", "不能为空", {"allowed_levels": []},
             admin_message="必需字段"),
    RuleCase("parent_is_a_sub_item", CatalogItem, "parent", "主项本身不能是子项",
             lambda w: {"parent": w.extra["sub_item"]}, setup=_main_and_sub_item),
    RuleCase("cancelled_without_cancel_date", CatalogItem, "cancel_date", "取消事项须填写取消日期",
             {"status": "cancelled"}),
    RuleCase("cancel_date_before_effective_date", CatalogItem, "cancel_date", "不能早于生效日期",
             {"effective_date": datetime.date(2024, 1, 1), "cancel_date": datetime.date(2023, 12, 31)}),
]

DEPARTMENT_RULES = [
    RuleCase("credit_code_with_letter_in_region_part", Department, "credit_code", "应为18位",
             {"credit_code": "1145072AMB15580811"}),
    RuleCase("credit_code_with_forbidden_letter", Department, "credit_code", "不含I、O、S、V、Z",
             {"credit_code": "11450721MB1558081I"}, admin=False),
    RuleCase("credit_code_of_17_characters", Department, "credit_code", "应为18位",
             {"credit_code": "11450721MB1558081"}, admin=False),
    RuleCase("credit_code_with_wrong_check_character", Department, "credit_code", "校验位不正确",
             {"credit_code": "11450721MB15580812"}),
    RuleCase("legacy_credit_code_without_acknowledgement", Department, "credit_code", "确认使用校验未通过的历史代码",
             {"credit_code": LEGACY_CREDIT_CODE, "credit_code_check_acknowledged": False}),
    RuleCase("credit_code_taken", Department, "credit_code", "已存在",
             lambda w: {"credit_code": w.department.credit_code}),
]

REGION_RULES = [
    RuleCase("township_code_with_village_part", Region, "code", "乡镇（街道）区划代码的后3位应为000",
             {"code": "511602002001"}),
    RuleCase("township_code_of_six_digits", Region, "code", "12位统计用区划代码", {"code": "511602"}, admin=False),
    RuleCase("code_outside_parent", Region, "code", "与上级区划代码不一致", {"code": "511603002000"}),
    RuleCase("parent_not_above_region", Region, "parent", "上级区划的层级必须高于本区划",
             {"code": "511604", "level": "county"}),
]

RULES = IMPLEMENTATION_RULES + CATALOG_RULES + DEPARTMENT_RULES + REGION_RULES
ADMIN_RULES = [case for case in RULES if case.admin]
