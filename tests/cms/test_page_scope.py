"""Pages answer to the same memberships as snippets (DESIGN.md §3: one scope mechanism).

Each region has its RegionPage. Saving or deleting a membership (through the service, which the admin
calls) keeps one Wagtail group per (region, role) holding that role's page permissions on the region's
page, and keeps the user in exactly the groups their memberships imply.

Wagtail's page views answer a refused page with a redirect to the dashboard and an error message (and
403 to a script); the snippet views of cms/admin answer 403 outright.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission

from config_models.models import Membership, RegionPage, Role
from config_models.services.membership import membership_delete, membership_group_name, membership_save
from tests.cms.admin_post_data import form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The page actions each role holds on its region's page (the specification, written out).
PAGE_PERMISSIONS = {
    Role.CITY_ADMIN: {"add_page", "change_page", "publish_page"},
    Role.COUNTY_ADMIN: {"add_page", "change_page", "publish_page"},
    Role.TOWNSHIP_ADMIN: {"add_page", "change_page", "publish_page"},
    Role.DEPARTMENT_EDITOR: {"add_page", "change_page"},
    Role.REVIEWER: {"change_page", "publish_page"},
    Role.VIEWER: set(),
}
REGION_OF = {Role.CITY_ADMIN: "city", Role.TOWNSHIP_ADMIN: "township"}


@pytest.fixture
def pages(regions):
    return {key: RegionPage.objects.get(region=region) for key, region in regions.items()}


@pytest.fixture
def county_admin(regions):
    user = UserFactory(username="guangan_admin")
    membership_save(membership=Membership(user=user, region=regions["county"], role=Role.COUNTY_ADMIN))
    return user


def edit_page_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def refused(response) -> bool:
    """Wagtail's refusal of a page view: back to the dashboard (403 for scripts), or 404."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def may(user, action, page) -> bool:
    """Ask Wagtail afresh (it caches a user's page permissions on the user object)."""
    tester = page.permissions_for_user(type(user).objects.get(pk=user.pk))
    return {"edit": tester.can_edit, "publish": tester.can_publish}[action]()


def publish_data(page, user, **changes):
    page = page.specific
    form_class = type(page).get_edit_handler().get_form_class()
    data = form_data(form_class(instance=page, for_user=user, parent_page=page.get_parent()))
    return {**data, **changes, "action-publish": "action-publish"}


def test_county_admin_edits_its_county_page_and_the_pages_below(client, county_admin, pages):
    client.force_login(county_admin)
    for key in ("county", "township"):
        assert client.get(edit_page_url(pages[key])).status_code == 200, key
    response = client.post(edit_page_url(pages["county"]),
                           publish_data(pages["county"], county_admin, seo_title="广安区政务服务"))
    assert response.status_code == 302
    pages["county"].refresh_from_db()
    assert pages["county"].seo_title == "广安区政务服务"


@pytest.mark.parametrize("key", ["sibling", "city", "province"])
def test_county_admin_is_refused_pages_beside_and_above_its_county(client, county_admin, pages, key):
    client.force_login(county_admin)
    page = pages[key]
    assert refused(client.get(edit_page_url(page)))
    assert client.get(edit_page_url(page), HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 403
    response = client.post(edit_page_url(page), publish_data(page, county_admin, seo_title="越权修改"))
    assert refused(response)
    page.refresh_from_db()
    assert page.seo_title != "越权修改"


def test_the_page_explorer_opens_at_the_county(client, county_admin, pages):
    client.force_login(county_admin)
    assert client.get(reverse("wagtailadmin_explore_root"))["Location"] == reverse(
        "wagtailadmin_explore", args=[pages["county"].pk])
    assert client.get(reverse("wagtailadmin_explore", args=[pages["sibling"].pk]))["Location"] == reverse(
        "wagtailadmin_explore", args=[pages["county"].pk])
    listing = client.get(reverse("wagtailadmin_explore", args=[pages["county"].pk])).content.decode()
    assert pages["township"].title in listing
    assert pages["sibling"].title not in listing


def test_removing_the_membership_removes_the_page_access(client, county_admin, pages):
    client.force_login(county_admin)
    assert client.get(edit_page_url(pages["county"])).status_code == 200
    membership_delete(membership=Membership.objects.get(user=county_admin))
    assert not may(county_admin, "edit", pages["county"])
    assert not county_admin.groups.exists()
    # with no membership left, the admin itself is closed to the user
    response = client.get(edit_page_url(pages["county"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_memberships_granted_and_removed_in_the_admin_follow_to_the_pages(client, regions, pages):
    # given: the city admin, and a colleague without any role
    city_admin = UserFactory(username="city_admin")
    membership_save(membership=Membership(user=city_admin, region=regions["city"], role=Role.CITY_ADMIN))
    colleague = UserFactory(username="guangan_colleague")
    client.force_login(city_admin)

    # when: the city admin makes the colleague county admin of 广安区 in the admin
    response = client.post(
        reverse("wagtailsnippets_config_models_membership:add"),
        {"user": colleague.pk, "region": regions["county"].pk, "role": Role.COUNTY_ADMIN, "department": ""},
    )

    # then: the colleague may edit the county's page
    assert response.status_code == 302
    membership = Membership.objects.get(user=colleague)
    assert may(colleague, "edit", pages["county"])
    assert not may(colleague, "edit", pages["sibling"])

    # when: the city admin moves the role to 前锋区 in the admin
    response = client.post(
        reverse("wagtailsnippets_config_models_membership:edit", args=[membership.pk]),
        {"user": colleague.pk, "region": regions["sibling"].pk, "role": Role.COUNTY_ADMIN, "department": ""},
    )

    # then: the access moves with it
    assert response.status_code == 302
    assert not may(colleague, "edit", pages["county"])
    assert may(colleague, "edit", pages["sibling"])

    # when: the city admin removes the role, once through the delete view and once in bulk
    response = client.post(reverse("wagtailsnippets_config_models_membership:delete", args=[membership.pk]))

    # then: nothing is left
    assert response.status_code == 302
    assert not may(colleague, "edit", pages["sibling"])
    assert not colleague.groups.exists()
    again = membership_save(membership=Membership(user=colleague, region=regions["township"],
                                                  role=Role.TOWNSHIP_ADMIN))
    bulk = reverse("wagtail_bulk_action", args=["config_models", "membership", "delete"]) + f"?id={again.pk}"
    assert client.post(bulk).status_code == 302
    assert not Membership.objects.filter(user=colleague).exists()
    assert not colleague.groups.exists()


@pytest.mark.parametrize("role", Role.values)
def test_each_role_holds_its_page_permissions_on_its_regions_page(regions, pages, role):
    # given
    user = UserFactory(username=f"page_{role}")
    key = REGION_OF.get(role, "county")
    membership = Membership(user=user, region=regions[key], role=role)
    if role == Role.DEPARTMENT_EDITOR:
        from tests.factories import DepartmentFactory

        membership.department = DepartmentFactory(region=regions["county"])
    # when
    membership_save(membership=membership)
    # then
    group = Group.objects.get(name=membership_group_name(regions[key], role))
    assert list(user.groups.all()) == [group]
    held = GroupPagePermission.objects.filter(group=group)
    assert {p.permission.codename for p in held} == PAGE_PERMISSIONS[role]
    assert {p.page_id for p in held} <= {pages[key].pk}
    tester = pages[key].permissions_for_user(user)
    assert tester.can_edit() is ("change_page" in PAGE_PERMISSIONS[role])
    assert tester.can_publish() is ("publish_page" in PAGE_PERMISSIONS[role])


def test_two_memberships_two_groups_and_removing_one_keeps_the_other(regions, pages):
    user = UserFactory(username="two_hats")
    reviewer = membership_save(membership=Membership(user=user, region=regions["county"], role=Role.REVIEWER))
    membership_save(membership=Membership(user=user, region=regions["sibling"], role=Role.COUNTY_ADMIN))
    assert user.groups.count() == 2
    membership_delete(membership=reviewer)
    assert [g.name for g in user.groups.all()] == [membership_group_name(regions["sibling"], Role.COUNTY_ADMIN)]
    assert may(user, "publish", pages["sibling"])
    assert not may(user, "edit", pages["county"])


def test_groups_of_other_origins_are_left_alone(regions):
    user = UserFactory(username="editor_with_group")
    moderators = Group.objects.get_or_create(name="Moderators")[0]
    user.groups.add(moderators)
    membership = membership_save(membership=Membership(user=user, region=regions["county"], role=Role.VIEWER))
    membership_delete(membership=membership)
    assert list(user.groups.all()) == [moderators]
