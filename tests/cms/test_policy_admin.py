"""The admin of 中介服务事项 and 惠企政策: a county admin sees and edits only its subtree's rows, the forms refuse
implementations outside the row's region in Chinese, and saves go through the services (history, links)."""

import datetime as dt

import pytest
from django.urls import reverse

from config_models.models import BusinessPolicy, IntermediaryService, Membership, Role
from config_models.services.business_policy import business_policy_save
from config_models.services.intermediary import intermediary_service_save
from config_models.services.membership import membership_save
from tests.cms.admin_forms import admin_post, form_data, form_errors, snippet_url
from tests.factories import DepartmentFactory, ImplementationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_admin(regions):
    user = UserFactory(username="guangan_policy_admin")
    membership_save(membership=Membership(user=user, region=regions["county"], role=Role.COUNTY_ADMIN))
    return user


def make_service(region, department, name, implementations=None):
    return intermediary_service_save(
        intermediary_service=IntermediaryService(region=region, department=department, name=name,
                                                 legal_basis="《建设工程质量管理条例》", time_limit=20),
        implementations=implementations,
    )


def make_policy(region, department, name):
    return business_policy_save(business_policy=BusinessPolicy(
        region=region, department=department, name=name, document_number="广安府发〔2024〕1号",
        beneficiaries="中小微企业", valid_from=dt.date(2024, 1, 1), exempt_from_application=True,
    ))


@pytest.fixture
def rows(regions, county_department):
    sibling_department = DepartmentFactory(region=regions["sibling"], name="前锋区审批局")
    township_department = DepartmentFactory(region=regions["township"], name="北辰街道办事处")
    return {
        "own": make_service(regions["county"], county_department, "施工图设计文件审查"),
        "below": make_service(regions["township"], township_department, "防雷装置检测"),
        "sibling": make_service(regions["sibling"], sibling_department, "水土保持方案编制"),
        "own_policy": make_policy(regions["county"], county_department, "稳岗返还"),
        "sibling_policy": make_policy(regions["sibling"], sibling_department, "一次性扩岗补助"),
    }


def test_county_admin_lists_only_rows_of_its_subtree(client, county_admin, rows):
    client.force_login(county_admin)
    services = client.get(snippet_url(IntermediaryService, "list")).content.decode()
    assert "施工图设计文件审查" in services and "防雷装置检测" in services
    assert "水土保持方案编制" not in services
    policies = client.get(snippet_url(BusinessPolicy, "list")).content.decode()
    assert "稳岗返还" in policies and "一次性扩岗补助" not in policies


def test_county_admin_cannot_open_edit_or_delete_another_countys_rows(client, county_admin, rows):
    client.force_login(county_admin)
    for key, model in (("sibling", IntermediaryService), ("sibling_policy", BusinessPolicy)):
        row = rows[key]
        assert client.get(snippet_url(model, "edit", row.pk)).status_code == 404
        assert client.post(snippet_url(model, "delete", row.pk)).status_code == 404
        assert model.objects.filter(pk=row.pk, name=row.name).exists()
    assert client.get(snippet_url(IntermediaryService, "edit", rows["below"].pk)).status_code == 200


def test_county_admin_adds_a_service_with_its_implementations_through_the_service(
    client, county_admin, regions, county_department, implementation
):
    client.force_login(county_admin)
    draft = IntermediaryService(region=regions["county"], department=county_department, name="建设工程勘察",
                                legal_basis="《建设工程勘察设计管理条例》", time_limit=30)
    response = admin_post(client, draft, form_data(draft, user=county_admin, implementations=[str(implementation.pk)]))
    assert response.status_code == 302, form_errors(response)
    row = IntermediaryService.objects.get(name="建设工程勘察")
    assert list(row.implementations.all()) == [implementation]
    assert row.history.earliest("history_id").history_user == county_admin


def test_form_refuses_a_sibling_region_and_implementations_outside_the_row_region(
    client, county_admin, regions, county_department, implementation
):
    client.force_login(county_admin)
    township_department = DepartmentFactory(region=regions["township"], name="北辰街道办事处")
    draft = IntermediaryService(region=regions["township"], department=township_department, name="地质灾害危险性评估",
                                legal_basis="《地质灾害防治条例》", time_limit=30)
    response = admin_post(client, draft, form_data(draft, user=county_admin, implementations=[str(implementation.pk)]))
    assert form_errors(response)["implementations"] == [
        "“建设工程施工许可证核发（广安区）”不在北辰街道及其下级区划，不能关联。"
    ]
    sibling = IntermediaryService(region=regions["sibling"], department=county_department, name="地质灾害危险性评估",
                                  legal_basis="《地质灾害防治条例》", time_limit=30)
    response = admin_post(client, sibling, form_data(sibling, user=county_admin, region=str(regions["sibling"].pk)))
    assert "region" in form_errors(response)
    assert not IntermediaryService.objects.filter(name="地质灾害危险性评估").exists()


def test_policy_form_needs_an_implementation_unless_exempt(client, county_admin, regions, county_department,
                                                           catalog_item):
    client.force_login(county_admin)
    draft = BusinessPolicy(region=regions["county"], department=county_department, name="创业担保贷款贴息",
                           document_number="广安人社发（2024）5号", beneficiaries="小微企业",
                           valid_from=dt.date(2024, 1, 1))
    response = admin_post(client, draft, form_data(draft, user=county_admin))
    assert form_errors(response)["implementations"] == ["非免申即享的政策须至少关联一个兑现事项。"]
    assert not BusinessPolicy.objects.exists()
    delivering = ImplementationFactory(catalog_item=catalog_item, region=regions["township"],
                                       department=DepartmentFactory(region=regions["township"]))
    response = admin_post(client, draft, form_data(draft, user=county_admin, implementations=[str(delivering.pk)]))
    assert response.status_code == 302, form_errors(response)
    policy = BusinessPolicy.objects.get()
    assert policy.document_number == "广安人社发〔2024〕5号"
    assert list(policy.implementations.all()) == [delivering]


def test_bulk_delete_touches_only_rows_in_scope_through_the_service(client, county_admin, rows):
    # given: the county's own service, its township's and another county's
    client.force_login(county_admin)
    own, below, sibling = rows["own"], rows["below"], rows["sibling"]
    target = reverse("wagtail_bulk_action", args=["config_models", "intermediaryservice", "delete"]) + "?" + "&".join(
        f"id={row.pk}" for row in (own, below, sibling))

    # when
    confirmation = client.get(target).content.decode()
    response = client.post(target)

    # then: the other county's row is not even named, and survives; the deletions name the user
    assert "施工图设计文件审查" in confirmation and "水土保持方案编制" not in confirmation
    assert response.status_code == 302
    assert list(IntermediaryService.objects.all()) == [sibling]
    deletion = IntermediaryService.history.filter(id=own.pk).latest("history_id")
    assert (deletion.history_type, deletion.history_user) == ("-", county_admin)


def test_county_admin_reads_and_reverts_the_audit_trail_of_its_service(client, county_admin, regions,
                                                                       county_department, implementation):
    # given: a service edited twice, the second time with its implementations
    row = make_service(regions["county"], county_department, "建设工程勘察")
    row.time_limit = 10
    intermediary_service_save(intermediary_service=row, implementations=[implementation], user=county_admin)
    client.force_login(county_admin)
    history_url = reverse("tongban_audit_history", args=["config_models", "intermediaryservice", row.pk])

    # when
    page = client.get(history_url)
    first = row.history.earliest("history_id")
    reverted = client.post(reverse("tongban_audit_revert",
                                   args=["config_models", "intermediaryservice", row.pk, first.history_id]))

    # then: the trail names the changed fields; the revert goes through the service and keeps the links
    assert page.status_code == 200 and "服务时限" in page.content.decode()
    assert reverted.status_code == 302
    row.refresh_from_db()
    assert row.time_limit == 20 and list(row.implementations.all()) == [implementation]
    assert row.history.latest("history_id").history_user == county_admin
