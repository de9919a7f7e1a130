"""行政审批中介服务事项: rules (Chinese messages, nothing written on bad input), scope, history, selectors."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from config_models.models import IntermediaryService, IntermediaryStatus, Membership, Role
from config_models.selectors import intermediary as selector
from config_models.services.history import history_revert
from config_models.services.intermediary import intermediary_service_delete, intermediary_service_save
from config_models.services.membership import membership_save
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, UserFactory, credit_code

PROVIDER_CODE = credit_code(7, "511600")


def service(region, department, **values) -> IntermediaryService:
    fields = {
        "name": "建设项目环境影响评价文件编制", "legal_basis": "《中华人民共和国环境影响评价法》第十九条",
        "time_limit": 30, "time_limit_unit": "working_day", "providers": f"四川某环境咨询有限公司 {PROVIDER_CODE}",
    }
    fields.update(values)
    return IntermediaryService(region=region, department=department, **fields)


@pytest.fixture
def sibling_implementation(regions, catalog_item):
    return ImplementationFactory(catalog_item=catalog_item, region=regions["sibling"],
                                 department=DepartmentFactory(region=regions["sibling"]))


@pytest.fixture
def county_admin(regions):
    user = UserFactory(username="county_admin")
    membership_save(membership=Membership(user=user, region=regions["county"], role=Role.COUNTY_ADMIN))
    return user


def test_saves_with_implementations_of_its_subtree_and_records_history(regions, implementation, county_admin):
    row = intermediary_service_save(
        intermediary_service=service(regions["county"], implementation.department, charges_fee=True,
                                     fee_standard="按合同约定", fee_basis="《价格法》；市场调节价"),
        implementations=[implementation], user=county_admin,
    )
    assert list(row.implementations.all()) == [implementation]
    assert row.provider_list == [("四川某环境咨询有限公司", PROVIDER_CODE)]
    assert row.time_limit_display == "30个工作日"
    record = row.history.earliest("history_id")
    assert record.history_user == county_admin
    assert [link.implementation_id for link in row.history.latest("history_id").implementations.all()] == [
        implementation.pk
    ]


@pytest.mark.parametrize("values, field, message", [
    ({"charges_fee": True, "fee_standard": "按合同约定"}, "fee_basis", "收费的中介服务须填写收费依据。"),
    ({"charges_fee": True, "fee_basis": "《价格法》"}, "fee_standard", "收费的中介服务须填写收费标准。"),
    ({"charges_fee": False, "fee_standard": "500元", "fee_basis": ""}, "charges_fee", "须勾选“是否收费”"),
    ({"time_limit": 0}, "time_limit", "服务时限须大于0。"),
    ({"legal_basis": " "}, "legal_basis", "不能为空"),
    ({"providers": "某评估公司 91510100MA61234567"}, "providers", "统一社会信用代码校验位不正确"),
    ({"providers": "某评估公司\n某检测公司 91510100IA6123456X"}, "providers", "第2行“某检测公司”的统一社会信用代码"),
])
def test_rules_refuse_in_chinese_and_write_nothing(regions, county_department, values, field, message):
    with pytest.raises(ValidationError) as raised:
        intermediary_service_save(intermediary_service=service(regions["county"], county_department, **values))
    assert any(message in text for text in raised.value.message_dict[field]), raised.value.message_dict
    assert not IntermediaryService.objects.exists()


def test_department_must_be_of_the_region_or_above(regions):
    township_department = DepartmentFactory(region=regions["township"])
    with pytest.raises(ValidationError) as raised:
        intermediary_service_save(intermediary_service=service(regions["county"], township_department))
    assert raised.value.message_dict["department"] == ["审批部门须属于所属区划或其上级区划。"]


def test_implementations_outside_the_subtree_are_refused(regions, county_department, implementation,
                                                         sibling_implementation):
    with pytest.raises(ValidationError) as raised:
        intermediary_service_save(intermediary_service=service(regions["county"], county_department),
                                  implementations=[implementation, sibling_implementation])
    assert raised.value.message_dict["implementations"] == [
        "“建设工程施工许可证核发（前锋区）”不在广安区及其下级区划，不能关联。"
    ]
    assert not IntermediaryService.objects.exists()


def test_moving_a_row_away_from_its_implementations_is_refused(regions, county_department, implementation):
    row = intermediary_service_save(intermediary_service=service(regions["county"], county_department),
                                    implementations=[implementation])
    row.region = regions["township"]
    row.department = DepartmentFactory(region=regions["township"])
    with pytest.raises(ValidationError) as raised:
        intermediary_service_save(intermediary_service=row)
    assert "不在北辰街道及其下级区划" in raised.value.message_dict["implementations"][0]
    assert IntermediaryService.objects.get().region == regions["county"]


def test_duplicate_name_for_the_same_department_is_refused(regions, county_department):
    intermediary_service_save(intermediary_service=service(regions["county"], county_department))
    with pytest.raises(ValidationError) as raised:
        intermediary_service_save(intermediary_service=service(regions["county"], county_department))
    assert "该审批部门在本区划已有同名的中介服务事项。" in raised.value.messages


def test_county_admin_cannot_write_in_another_county(regions, county_admin):
    sibling_department = DepartmentFactory(region=regions["sibling"])
    with pytest.raises(ValidationError) as raised:
        intermediary_service_save(intermediary_service=service(regions["sibling"], sibling_department),
                                  user=county_admin)
    assert raised.value.message_dict["region"] == ["“前锋区”不在您的管辖范围内，不能在此区划新增记录。"]
    other = intermediary_service_save(intermediary_service=service(regions["sibling"], sibling_department))
    other.name = "改名"
    with pytest.raises(PermissionDenied):
        intermediary_service_save(intermediary_service=other, user=county_admin)
    with pytest.raises(PermissionDenied):
        intermediary_service_delete(intermediary_service=other, user=county_admin)
    assert IntermediaryService.objects.get().name == "建设项目环境影响评价文件编制"


def test_delete_and_revert_go_through_the_service(regions, county_department, county_admin):
    row = intermediary_service_save(intermediary_service=service(regions["county"], county_department),
                                    user=county_admin)
    row.time_limit = 20
    intermediary_service_save(intermediary_service=row, user=county_admin, reason="压缩时限")
    history_revert(record=row.history.earliest("history_id"), user=county_admin)
    row.refresh_from_db()
    assert row.time_limit == 30
    assert row.history.latest("history_id").history_change_reason.startswith("恢复到")
    pk = row.pk
    intermediary_service_delete(intermediary_service=row, user=county_admin)
    assert not IntermediaryService.objects.exists()
    deletion = IntermediaryService.history.filter(id=pk).latest("history_id")
    assert (deletion.history_type, deletion.history_user) == ("-", county_admin)


def test_in_force_lists_services_in_use_of_the_subtree_with_in_force_implementations(
    regions, catalog_item, county_department, implementation, sibling_implementation
):
    ended = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"], name="已停止事项"),
                                  region=regions["county"], department=county_department, status="ended",
                                  ended_on="2024-01-01")
    township_department = DepartmentFactory(region=regions["township"], name="北辰街道便民服务中心")
    own = intermediary_service_save(intermediary_service=service(regions["county"], county_department),
                                    implementations=[implementation, ended])
    below = intermediary_service_save(
        intermediary_service=service(regions["township"], township_department, name="防雷装置检测", providers=""))
    intermediary_service_save(intermediary_service=service(regions["county"], county_department, name="安全评价",
                                                           status=IntermediaryStatus.CANCELLED))
    intermediary_service_save(
        intermediary_service=service(regions["sibling"], sibling_implementation.department, name="水土保持方案编制"))

    assert list(selector.in_force(regions["county"])) == [own, below]
    assert list(selector.in_force(regions["township"])) == [below]
    entry = selector.snapshot_entry(selector.in_force(regions["county"]).get(pk=own.pk))
    assert entry == {
        "key": f"intermediary:511602:{own.pk}", "intermediary_service_id": own.pk,
        "name": "建设项目环境影响评价文件编制", "level": "county", "level_label": "县级", "region_code": "511602",
        "region_name": "广安区", "department_name": "广安区行政审批局",
        "department_code": county_department.credit_code,
        "legal_basis": "《中华人民共和国环境影响评价法》第十九条", "time_limit": "30个工作日",
        "charges_fee": False, "fee_standard": "", "fee_basis": "",
        "providers": [{"name": "四川某环境咨询有限公司", "credit_code": PROVIDER_CODE}],
        "provider_names": ["四川某环境咨询有限公司"],
        "implementation_codes": [implementation.implementation_code],
        "implementation_names": ["建设工程施工许可证核发"],
    }
    assert list(selector.search(selector.public(regions["city"]), "防雷")) == [below]
