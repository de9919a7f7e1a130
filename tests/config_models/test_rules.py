"""Every data-quality rule (DESIGN.md §5 and the QA rules) is refused by the service and by the admin form.

Each case of rule_cases.RULES is tried twice: through the service the importers and the API call, and as a
superuser posting the admin form. Both must refuse it with a Chinese message on the right field and write
nothing (no row, no history row, no revision, no page).
"""

import pytest
from django.core.exceptions import ValidationError

from config_models.models import CatalogItem, Department, Implementation, Material, Region
from config_models.services.implementation import implementation_save
from tests.cms.admin_forms import admin_post, form_data, form_errors
from tests.config_models.rule_cases import (
    ADMIN_RULES,
    CHILDREN,
    RULES,
    VALID,
    admin_child_rows,
    chinese_messages,
    is_draftable,
    save_through_service,
    snapshot,
)


def _valid_row(world, model):
    _, children = CHILDREN.get(model, (None, ()))
    return VALID[model](world), list(children)


@pytest.mark.parametrize("model", list(VALID), ids=lambda m: m.__name__)
def test_the_valid_row_the_cases_start_from_is_saved_by_the_service(world, model):
    """Without this, a case could be refused for a reason other than the rule it breaks."""
    row, children = _valid_row(world, model)
    before = snapshot()
    row = save_through_service(row, children, world.user)
    after = snapshot()
    assert after[model.__name__] == before[model.__name__] + 1
    assert after[f"{model.__name__}.history"] == before[f"{model.__name__}.history"] + 1
    assert row.history.latest().history_user == world.user


@pytest.mark.parametrize("model", list(VALID), ids=lambda m: m.__name__)
def test_the_valid_row_the_cases_start_from_is_saved_by_the_admin_form(client, world, model):
    client.force_login(world.user)
    row, children = _valid_row(world, model)
    before = snapshot()
    response = admin_post(client, row, form_data(row, child_rows=admin_child_rows(row, children)),
                          publish=is_draftable(model))
    assert response.status_code == 302, form_errors(response)
    after = snapshot()
    assert after[model.__name__] == before[model.__name__] + 1
    saved = model.objects.latest("pk")
    assert saved.history.latest().history_user == world.user
    if is_draftable(model):
        assert saved.live


@pytest.mark.parametrize("case", RULES, ids=str)
def test_service_refuses_rule_with_chinese_message_and_writes_nothing(world, case):
    if case.setup:
        case.setup(world)
    row, children = case.build(world)
    before = snapshot()

    with pytest.raises(ValidationError) as raised:
        save_through_service(row, children, world.user)

    errors = raised.value.message_dict
    assert case.field in errors, errors
    assert any(case.message in message for message in chinese_messages(errors[case.field])), errors
    assert snapshot() == before


@pytest.mark.parametrize("case", ADMIN_RULES, ids=str)
def test_admin_form_refuses_rule_with_chinese_message_and_writes_nothing(client, world, case):
    client.force_login(world.user)
    if case.setup:
        case.setup(world)
    row, children = case.build(world)
    data = form_data(row, child_rows=admin_child_rows(row, children))
    before = snapshot()

    response = admin_post(client, row, data, publish=is_draftable(case.model))

    assert response.status_code == 200  # the form is shown again, with its errors
    message = case.admin_message or case.message
    errors = form_errors(response)
    field = case.admin_field or case.field
    assert any(message in text for text in chinese_messages(errors.get(field, []))), errors
    assert message in response.content.decode()
    assert snapshot() == before


def test_admin_edit_that_breaks_a_rule_changes_neither_the_live_row_nor_its_draft(client, world):
    """An edit of a live implementation is refused both as a draft and when published."""
    client.force_login(world.user)
    implementation = save_through_service(*_valid_row(world, Implementation), world.user)
    before = snapshot()
    for publish in (False, True):
        data = form_data(implementation, committed_limit="21")
        response = admin_post(client, implementation, data, publish=publish)
        assert response.status_code == 200
        assert "承诺办结时限不能超过法定办结时限" in form_errors(response)["committed_limit"][0]
    implementation.refresh_from_db()
    assert implementation.committed_limit == 5
    assert implementation.latest_revision is None
    assert snapshot() == before


def test_service_reports_material_errors_together_with_the_implementation_errors(world):
    implementation = VALID[Implementation](world)
    implementation.committed_limit = 30

    with pytest.raises(ValidationError) as raised:
        implementation_save(implementation=implementation, materials=[Material(name="其他材料")], user=world.user)

    assert set(raised.value.message_dict) == {"committed_limit", "materials[1]"}


@pytest.mark.parametrize(
    "name",
    [
        "其他材料", "其它材料", "有关材料", "相关材料", "其他相关材料", "相关证明材料", "其他资料", "有关文件", "其他",
        " 其他材料 ", "其他\u3000材料", "其他\n材料",
    ],
)
def test_catch_all_material_names_are_refused(name):
    material = Material(name=name)
    with pytest.raises(ValidationError) as raised:
        material.full_clean(exclude=["implementation"])
    assert "兜底表述" in raised.value.message_dict["name"][0]


@pytest.mark.parametrize(
    "name",
    ["建设工程规划许可证", "申请人身份证明", "有关部门的批准文件复印件", "其他共有人同意出售的书面意见", "等级评定报告",
     "高等学校毕业证书"],
)
def test_precise_material_names_that_contain_catch_all_words_are_accepted(name):
    Material(name=name).full_clean(exclude=["implementation"])


@pytest.mark.parametrize(
    ("changes", "accepted"),
    [
        ({"statutory_limit": 20, "committed_limit": 20}, True),  # equal is not longer
        ({"statutory_limit": 20, "committed_limit": 21}, False),
        # 10 natural days against 10 working days: shorter whatever the calendar
        ({"statutory_limit": 10, "committed_limit": 10, "committed_limit_unit": "natural_day"}, True),
        # across units a working day counts as 7/5 natural days: 6 working days (8.4) exceed 7 natural days
        ({"statutory_limit": 7, "statutory_limit_unit": "natural_day", "committed_limit": 6}, False),
        ({"handling_type": "immediate", "committed_limit": 0}, True),
        ({"handling_type": "immediate", "committed_limit": 0, "committed_limit_unit": "natural_day"}, True),
    ],
)
def test_time_limit_boundaries(world, changes, accepted):
    implementation = VALID[Implementation](world)
    for name, value in changes.items():
        setattr(implementation, name, value)
    if accepted:
        implementation.full_clean()
    else:
        with pytest.raises(ValidationError, match="不能超过法定办结时限"):
            implementation.full_clean()


@pytest.mark.parametrize(
    "changes",
    [
        # 0 visits: online or by courier is enough, and no reason is needed
        {"visit_count": 0, "visit_reason": "", "online_handling": True, "online_depth": 4},
        {"visit_count": 0, "visit_reason": "", "online_handling": False, "courier": True},
        # a depth below Ⅳ may still need a visit
        {"visit_count": 1, "online_handling": True, "online_depth": 3},
        {"charges_fee": True, "fee_basis": "《不动产登记收费标准》"},
        {"charges_fee": False, "fee_basis": ""},
        {"consult_phone": "13800000000", "complaint_phone": "0826-12345678"},
    ],
)
def test_values_next_to_the_qa_rules_are_accepted(world, changes):
    implementation = VALID[Implementation](world)
    for name, value in changes.items():
        setattr(implementation, name, value)
    implementation.full_clean()


def test_a_level_the_catalog_item_allows_may_implement_it_and_others_may_not(world):
    world.item.allowed_levels = ["township"]
    world.item.save()
    at_township = VALID[Implementation](world)
    at_township.region = world.regions["township"]
    at_township.full_clean()  # a county department may implement in a township of its county
    at_county = VALID[Implementation](world)
    with pytest.raises(ValidationError) as raised:
        at_county.full_clean()
    assert "行使层级为乡镇（街道）级，不能在县级实施" in raised.value.message_dict["region"][0]


def test_an_item_with_sub_items_cannot_become_a_sub_item(world):
    main, other = world.item, VALID[CatalogItem](world)
    other.save()
    CatalogItem.objects.create(code="000101005001", name="子项", item_type="01", region=world.regions["province"],
                               allowed_levels=["county"], parent=main)
    main.parent = other
    with pytest.raises(ValidationError) as raised:
        save_through_service(main, [], world.user)
    assert "已有子项" in raised.value.message_dict["parent"][0]


def test_an_edit_that_breaks_a_rule_leaves_the_saved_row_as_it_was(world):
    department = world.department
    saved_code = department.credit_code
    department.credit_code = saved_code[:17] + ("0" if saved_code[17] != "0" else "1")
    with pytest.raises(ValidationError):
        save_through_service(department, [], world.user)
    assert Department.objects.get(pk=department.pk).credit_code == saved_code

    township = world.regions["township"]
    township.code = "511602001002"  # a village's form of code
    with pytest.raises(ValidationError):
        save_through_service(township, [], world.user)
    assert Region.objects.get(pk=township.pk).code == "511602001000"
