"""放权申请 in the admin: a township asks for a county power, the county decides; bad input gets Chinese
errors and writes nothing. Who may do what is in the permission matrix (test_permission_matrix.py)."""

import pytest
from django.urls import reverse

from config_models.models import Delegation, DelegationRequest, DelegationRequestStatus, Membership, Role
from config_models.services.membership import membership_save
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(region, name, role):
    user = UserFactory(username=name)
    membership_save(membership=Membership(user=user, region=region, role=role))
    return user


@pytest.fixture
def office(regions):
    return DepartmentFactory(region=regions["township"], name="北辰街道便民服务中心")


def request_data(implementation, office, **changes):
    return {"region": office.region.pk, "implementation": implementation.pk, "receiving_department": office.pk,
            "delegation_type": "devolve", "reason": "群众就近办理需求大。", **changes}


@pytest.fixture
def asked(regions, implementation, office, client):
    client.force_login(member(regions["township"], "township_admin", Role.TOWNSHIP_ADMIN))
    response = client.post(reverse("tongban_delegation_request_new"), request_data(implementation, office))
    assert response.status_code == 302, response.context["form"].errors
    client.logout()
    return DelegationRequest.objects.get()


def test_a_township_admin_asks_and_sees_its_request_pending(regions, asked, client):
    client.force_login(UserFactory._meta.model.objects.get(username="township_admin"))
    page = client.get(reverse("tongban_delegation_requests")).content.decode()
    assert asked.status == DelegationRequestStatus.PENDING and asked.requested_by.username == "township_admin"
    assert "建设工程施工许可证核发" in page and "待审批" in page
    assert reverse("tongban_delegation_request_decide", args=[asked.pk]) not in page  # not its own to decide


def test_a_request_without_reason_is_refused_in_chinese_and_stores_nothing(regions, implementation, office, client):
    client.force_login(member(regions["township"], "township_admin", Role.TOWNSHIP_ADMIN))
    response = client.post(reverse("tongban_delegation_request_new"), request_data(implementation, office, reason=" "))
    assert response.status_code == 200
    assert "请填写申请理由。" in response.content.decode()
    assert not DelegationRequest.objects.exists()


def test_the_county_approves_with_document_and_supervision(regions, asked, county_department, client):
    client.force_login(member(regions["county"], "county_admin", Role.COUNTY_ADMIN))
    url = reverse("tongban_delegation_request_decide", args=[asked.pk])
    assert county_department.name in client.get(url).content.decode()  # offered as the supervisor
    response = client.post(url, {"decision": "approve", "document_number": "广安区府发〔2026〕3号",
                                 "effective_on": "2026-01-01", "supervisor": county_department.pk,
                                 "supervision_method": "每季度抽查办件"})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == DelegationRequestStatus.APPROVED
    delegation = Delegation.objects.get()
    assert asked.delegation_id == delegation.pk and delegation.document_number == "广安区府发〔2026〕3号"


def test_an_approval_without_its_particulars_lists_every_missing_one(regions, asked, client):
    client.force_login(member(regions["county"], "county_admin", Role.COUNTY_ADMIN))
    response = client.post(reverse("tongban_delegation_request_decide", args=[asked.pk]), {"decision": "approve"})
    page = response.content.decode()
    assert response.status_code == 200
    missing = ("同意放权须填写文件文号。", "同意放权须填写生效日期。", "同意放权须指定监管单位", "须写明监管方式。")
    for message in missing:
        assert message in page
    asked.refresh_from_db()
    assert asked.status == DelegationRequestStatus.PENDING and not Delegation.objects.exists()


def test_a_refusal_needs_a_reason_and_is_kept_with_it(regions, asked, client):
    client.force_login(member(regions["county"], "county_admin", Role.COUNTY_ADMIN))
    url = reverse("tongban_delegation_request_decide", args=[asked.pk])
    reason = "该事项专业性强，暂不具备承接条件。"
    assert "不同意放权须填写理由。" in client.post(url, {"decision": "refuse"}).content.decode()
    assert client.post(url, {"decision": "refuse", "reason": reason}).status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.refusal_reason) == (DelegationRequestStatus.REFUSED, reason)
    assert not Delegation.objects.exists()
    listing = client.get(reverse("tongban_delegation_requests"), {"status": "refused"}).content.decode()
    assert "该事项专业性强" in listing and reverse("tongban_delegation_request_decide", args=[asked.pk]) not in listing
