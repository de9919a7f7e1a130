"""点菜式放权: a township or zone requests a county power; the county approves (a published delegation with
its supervision duty) or refuses with a reason; the requester's own region cannot decide."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from config_models.models import (
    Delegation,
    DelegationRequest,
    DelegationRequestStatus,
    Membership,
    Region,
    RegionKind,
    Role,
)
from config_models.services.delegation_request import delegation_request_decide, delegation_request_submit
from config_models.services.membership import membership_save
from config_models.services.region import region_save
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(region, name, role):
    user = UserFactory(username=name)
    membership_save(membership=Membership(user=user, region=region, role=role))
    return user


@pytest.fixture
def asked(regions, implementation):
    township_admin = member(regions["township"], "township_admin", Role.TOWNSHIP_ADMIN)
    office = DepartmentFactory(region=regions["township"], name="北辰街道便民服务中心")
    request = delegation_request_submit(
        request=DelegationRequest(region=regions["township"], implementation=implementation,
                                  receiving_department=office, reason="群众就近办理需求大。"),
        user=township_admin,
    )
    return {"request": request, "township_admin": township_admin}


def test_the_county_approves_and_the_delegation_comes_with_its_supervision_duty(regions, asked, county_department):
    county_admin = member(regions["county"], "county_admin", Role.COUNTY_ADMIN)

    request = delegation_request_decide(
        request=asked["request"], user=county_admin, approve=True, document_number="广安区府发〔2026〕3号",
        effective_on=dt.date(2026, 1, 1), supervisor=county_department, supervision_method="每季度抽查办件",
    )

    assert request.status == DelegationRequestStatus.APPROVED and request.decided_by == county_admin
    delegation = Delegation.objects.get()
    assert request.delegation_id == delegation.pk and delegation.live
    assert delegation.region == regions["township"]
    (duty,) = delegation.supervision_duties.all()
    assert duty.supervisor == county_department and duty.method == "每季度抽查办件"
    assert request.history.count() == 2


def test_a_refusal_needs_a_reason(regions, asked):
    county_admin = member(regions["county"], "county_admin", Role.COUNTY_ADMIN)
    with pytest.raises(ValidationError, match="不同意放权须填写理由"):
        delegation_request_decide(request=asked["request"], user=county_admin, approve=False)
    request = delegation_request_decide(request=asked["request"], user=county_admin, approve=False,
                                        reason="该事项需专业技术力量，暂不下放。")
    assert request.status == DelegationRequestStatus.REFUSED and not Delegation.objects.exists()


def test_an_approval_without_a_supervision_duty_is_refused_and_writes_nothing(regions, asked):
    county_admin = member(regions["county"], "county_admin", Role.COUNTY_ADMIN)
    with pytest.raises(ValidationError) as refused:
        delegation_request_decide(request=asked["request"], user=county_admin, approve=True,
                                  document_number="广安区府发〔2026〕3号", effective_on=dt.date(2026, 1, 1))
    assert "监管单位" in str(refused.value) and "监管方式" in str(refused.value)
    asked["request"].refresh_from_db()
    assert asked["request"].status == DelegationRequestStatus.PENDING and not Delegation.objects.exists()


def test_the_requesting_township_and_a_sibling_county_cannot_decide(regions, asked):
    other_township_admin = member(regions["township"], "township_admin_2", Role.TOWNSHIP_ADMIN)
    sibling_admin = member(regions["sibling"], "sibling_admin", Role.COUNTY_ADMIN)
    for user in (asked["township_admin"], other_township_admin, sibling_admin):
        with pytest.raises(PermissionDenied):
            delegation_request_decide(request=asked["request"], user=user, approve=False, reason="不同意")


def test_a_development_zone_may_request_and_a_county_may_not(regions, implementation):
    zone = region_save(region=Region(code="511602400000", name="协兴园区", level="township", parent=regions["county"],
                                     kind=RegionKind.DEVELOPMENT_ZONE))
    zone_admin = member(zone, "zone_admin", Role.TOWNSHIP_ADMIN)
    delegation_request_submit(
        request=DelegationRequest(region=zone, implementation=implementation, reason="园区企业集中。",
                                  receiving_department=DepartmentFactory(region=zone)),
        user=zone_admin,
    )
    with pytest.raises(ValidationError, match="乡镇（街道）或开发区"):
        delegation_request_submit(
            request=DelegationRequest(region=regions["sibling"], implementation=implementation, reason="理由",
                                      receiving_department=DepartmentFactory(region=regions["sibling"])),
            user=member(regions["sibling"], "sibling_admin", Role.COUNTY_ADMIN),
        )
