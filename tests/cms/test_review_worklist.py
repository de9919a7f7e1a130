"""The 待复核 worklist in the admin: an admin edit of a catalog item marks its implementations; each region's
administrators see their subtree's marks and settle them; a sibling's mark is out of reach."""

import pytest
from django.urls import reverse

from config_models.models import Membership, ReviewMark, ReviewStatus, Role
from config_models.services.membership import membership_save
from tests.cms.admin_post_data import edit_post_data
from tests.factories import DepartmentFactory, ImplementationFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(regions, name, region, role):
    user = UserFactory(username=name, email=f"{name}@example.cn")
    membership_save(membership=Membership(user=user, region=regions[region], role=role))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def marked(catalog_item, implementation, regions, superuser, client):
    """The item, implemented in 广安区 and 前锋区, renamed in the admin's catalog edit form (published)."""
    sibling = ImplementationFactory(catalog_item=catalog_item, region=regions["sibling"],
                                    department=DepartmentFactory(region=regions["sibling"]))
    client.force_login(superuser)
    url = reverse("wagtailsnippets_config_models_catalogitem:edit", args=[catalog_item.pk])
    response = client.post(url, edit_post_data(catalog_item, publish=True, name="建筑工程施工许可证核发"))
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return {"county": ReviewMark.objects.get(implementation=implementation),
            "sibling": ReviewMark.objects.get(implementation=sibling)}


def test_an_admin_edit_of_a_catalog_item_marks_its_implementations(marked, superuser):
    for mark in marked.values():
        assert mark.fields == [{"field": "name", "label": "事项名称", "before": "建设工程施工许可证核发",
                                "after": "建筑工程施工许可证核发"}]
        assert mark.history.get().history_user == superuser


def test_a_county_admin_sees_only_its_subtree_marks(marked, regions, client):
    client.force_login(member(regions, "county_admin", "county", Role.COUNTY_ADMIN))
    response = client.get(reverse("tongban_review_worklist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "广安区行政审批局" in page and "前锋区" not in page.split("<table")[1]
    assert "建设工程施工许可证核发 → 建筑工程施工许可证核发" in page


def test_a_county_admin_settles_its_mark_from_the_worklist(marked, regions, client):
    client.force_login(member(regions, "county_admin", "county", Role.COUNTY_ADMIN))
    response = client.post(reverse("tongban_review_mark_act", args=[marked["county"].pk]),
                           {"action": ReviewStatus.NO_CHANGE, "note": "名称调整不影响本地办理"})
    assert response.status_code == 302
    marked["county"].refresh_from_db()
    assert marked["county"].status == ReviewStatus.NO_CHANGE
    assert marked["county"].note == "名称调整不影响本地办理"


def test_a_county_admin_cannot_act_on_a_siblings_mark(marked, regions, client):
    client.force_login(member(regions, "county_admin", "county", Role.COUNTY_ADMIN))
    response = client.post(reverse("tongban_review_mark_act", args=[marked["sibling"].pk]),
                           {"action": ReviewStatus.ADOPTED})
    assert response.status_code == 404
    marked["sibling"].refresh_from_db()
    assert marked["sibling"].status == ReviewStatus.PENDING


def test_an_escalation_without_a_reason_is_refused_in_chinese(marked, regions, client):
    client.force_login(member(regions, "county_admin", "county", Role.COUNTY_ADMIN))
    response = client.post(reverse("tongban_review_mark_act", args=[marked["county"].pk]),
                           {"action": ReviewStatus.ESCALATED, "note": ""}, follow=True)
    assert "上报须填写原因" in response.content.decode()
    marked["county"].refresh_from_db()
    assert marked["county"].status == ReviewStatus.PENDING


def test_a_viewer_sees_the_worklist_but_cannot_settle(marked, regions, client):
    client.force_login(member(regions, "viewer", "county", Role.VIEWER))
    assert 'name="action"' not in client.get(reverse("tongban_review_worklist")).content.decode()
    client.post(reverse("tongban_review_mark_act", args=[marked["county"].pk]), {"action": ReviewStatus.ADOPTED})
    marked["county"].refresh_from_db()
    assert marked["county"].status == ReviewStatus.PENDING


def test_the_city_admin_sees_every_mark(marked, regions, client):
    client.force_login(member(regions, "city_admin", "city", Role.CITY_ADMIN))
    page = client.get(reverse("tongban_review_worklist")).content.decode()
    assert page.count('name="action"') == 2
