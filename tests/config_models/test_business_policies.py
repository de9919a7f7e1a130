"""惠企政策 (免申即享): rules (Chinese messages, nothing written on bad input), scope, history, selectors."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from config_models.models import BusinessPolicy, Membership, PolicyStatus, Role
from config_models.selectors import business_policy as selector
from config_models.services.business_policy import business_policy_delete, business_policy_save
from config_models.services.membership import membership_save
from tests.factories import DepartmentFactory, ImplementationFactory, UserFactory


def policy(region, department, **values) -> BusinessPolicy:
    fields = {
        "name": "创业担保贷款贴息", "document_number": "广安人社发(2024)12号",
        "beneficiaries": "符合条件的小微企业和个人创业者", "valid_from": dt.date(2024, 1, 1),
        "valid_until": dt.date(2026, 12, 31), "summary": "按贷款合同约定利率的一定比例给予贴息。",
    }
    fields.update(values)
    return BusinessPolicy(region=region, department=department, **fields)


@pytest.fixture
def sibling_implementation(regions, catalog_item):
    return ImplementationFactory(catalog_item=catalog_item, region=regions["sibling"],
                                 department=DepartmentFactory(region=regions["sibling"]))


def test_saves_with_delivering_implementations_and_history(regions, county_department, implementation):
    user = UserFactory(username="county_admin")
    membership_save(membership=Membership(user=user, region=regions["county"], role=Role.COUNTY_ADMIN))
    row = business_policy_save(business_policy=policy(regions["county"], county_department),
                               implementations=[implementation], user=user)
    assert row.document_number == "广安人社发〔2024〕12号"
    assert list(row.implementations.all()) == [implementation]
    assert row.history.earliest("history_id").history_user == user
    row.valid_until = dt.date(2025, 6, 30)
    business_policy_save(business_policy=row, user=user, reason="提前截止")
    assert row.history.latest("history_id").history_change_reason == "提前截止"
    assert list(row.implementations.all()) == [implementation]  # not given: kept


def test_exempt_policy_needs_no_implementation(regions, county_department):
    row = business_policy_save(business_policy=policy(regions["county"], county_department, name="稳岗返还",
                                                      exempt_from_application=True))
    assert row.pk and not row.implementations.exists()


@pytest.mark.parametrize("values, field, message", [
    ({"valid_until": dt.date(2023, 12, 31)}, "valid_until", "有效期至不能早于生效日期。"),
    ({"status": PolicyStatus.REPEALED, "valid_until": None}, "valid_until", "已废止的政策须填写有效期至（废止日期）。"),
    ({"beneficiaries": ""}, "beneficiaries", "不能为空"),
    ({"document_number": ""}, "document_number", "不能为空"),
    ({"policy_url": "not a url"}, "policy_url", "URL"),
])
def test_rules_refuse_in_chinese_and_write_nothing(regions, county_department, implementation, values, field,
                                                   message):
    with pytest.raises(ValidationError) as raised:
        business_policy_save(business_policy=policy(regions["county"], county_department, **values),
                             implementations=[implementation])
    assert any(message in text for text in raised.value.message_dict[field]), raised.value.message_dict
    assert not BusinessPolicy.objects.exists()


def test_policy_that_needs_an_application_needs_an_implementation(regions, county_department):
    with pytest.raises(ValidationError) as raised:
        business_policy_save(business_policy=policy(regions["county"], county_department), implementations=[])
    assert raised.value.message_dict["implementations"] == ["非免申即享的政策须至少关联一个兑现事项。"]
    assert not BusinessPolicy.objects.exists()


def test_unsetting_exemption_without_implementations_is_refused(regions, county_department):
    row = business_policy_save(business_policy=policy(regions["county"], county_department,
                                                      exempt_from_application=True))
    row.exempt_from_application = False
    with pytest.raises(ValidationError):
        business_policy_save(business_policy=row)
    assert BusinessPolicy.objects.get().exempt_from_application


def test_implementations_of_another_county_and_a_department_below_are_refused(regions, county_department,
                                                                               sibling_implementation):
    with pytest.raises(ValidationError) as raised:
        business_policy_save(business_policy=policy(regions["county"], DepartmentFactory(region=regions["township"])),
                             implementations=[sibling_implementation])
    assert raised.value.message_dict == {
        "department": ["发布部门须属于所属区划或其上级区划。"],
        "implementations": ["“建设工程施工许可证核发（前锋区）”不在广安区及其下级区划，不能关联。"],
    }
    assert not BusinessPolicy.objects.exists()


def test_county_admin_cannot_write_policies_of_another_county(regions, sibling_implementation):
    user = UserFactory(username="county_admin")
    membership_save(membership=Membership(user=user, region=regions["county"], role=Role.COUNTY_ADMIN))
    draft = policy(regions["sibling"], sibling_implementation.department)
    with pytest.raises(ValidationError) as raised:
        business_policy_save(business_policy=draft, implementations=[sibling_implementation], user=user)
    assert raised.value.message_dict["region"] == ["“前锋区”不在您的管辖范围内，不能在此区划新增记录。"]
    other = business_policy_save(business_policy=draft, implementations=[sibling_implementation])
    with pytest.raises(PermissionDenied):
        business_policy_delete(business_policy=other, user=user)
    assert BusinessPolicy.objects.filter(pk=other.pk).exists()


def test_in_force_follows_the_dates_the_status_and_the_subtree(regions, county_department, implementation,
                                                               sibling_implementation):
    current = business_policy_save(business_policy=policy(regions["county"], county_department),
                                   implementations=[implementation])
    open_ended = business_policy_save(business_policy=policy(
        regions["township"], county_department, name="小微企业社保补贴", exempt_from_application=True,
        valid_from=dt.date(2025, 3, 1), valid_until=None))
    business_policy_save(business_policy=policy(regions["county"], county_department, name="已废止政策",
                                                exempt_from_application=True, status=PolicyStatus.REPEALED))
    business_policy_save(business_policy=policy(regions["sibling"], sibling_implementation.department),
                         implementations=[sibling_implementation])

    assert list(selector.in_force(regions["county"], on=dt.date(2025, 6, 1))) == [current, open_ended]
    assert list(selector.in_force(regions["county"], on=dt.date(2024, 6, 1))) == [current]
    assert list(selector.in_force(regions["county"], on=dt.date(2027, 1, 1))) == [open_ended]
    entry = selector.snapshot_entry(selector.in_force(regions["county"], on=dt.date(2024, 6, 1)).get())
    assert entry == {
        "key": f"policy:511602:{current.pk}", "business_policy_id": current.pk, "name": "创业担保贷款贴息",
        "document_number": "广安人社发〔2024〕12号", "level": "county", "level_label": "县级",
        "region_code": "511602", "region_name": "广安区", "department_name": "广安区行政审批局",
        "department_code": county_department.credit_code, "beneficiaries": "符合条件的小微企业和个人创业者",
        "exempt_from_application": False, "valid_from": "2024-01-01", "valid_until": "2026-12-31",
        "summary": "按贷款合同约定利率的一定比例给予贴息。", "policy_url": "",
        "implementation_codes": [implementation.implementation_code],
        "implementation_names": ["建设工程施工许可证核发"],
    }
