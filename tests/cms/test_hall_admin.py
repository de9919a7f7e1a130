"""The hall admin (issue 6, point 6): pages under the region's page with their rules applied by the forms,
snippets scoped by region, the hall page's overview and the worklists page."""

import datetime as dt

import pytest
from django.urls import reverse

from config_models.models import AuthorizationRoster, Delegation, Membership, Role, Staff
from config_models.services.membership import membership_save
from config_models.services.site import region_site_ensure
from tests.cms.admin_post_data import form_data
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, UserFactory
from tests.hall_factories import StaffFactory, accept, make_delegation, make_hall, make_roster, region_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_admin(regions):
    user = UserFactory(username="guangan_hall_admin")
    membership_save(membership=Membership(user=user, region=regions["county"], role=Role.COUNTY_ADMIN))
    return user


@pytest.fixture
def hall(regions):
    return make_hall(regions["county"], windows=[("1", "综合受理", "general"), ("2", "出件", "issue")])


def add_page_data(model, parent, user, fields, **formsets):
    """What the admin's add-page form submits: the page fields and the given inline rows."""
    form_class = model.get_edit_handler().get_form_class()
    data = form_data(form_class(instance=model(), for_user=user, parent_page=parent))
    data.update({"slug": f"{model._meta.model_name}-1", **fields})
    for name, rows in formsets.items():
        data.update({f"{name}-TOTAL_FORMS": str(len(rows)), f"{name}-INITIAL_FORMS": "0",
                     f"{name}-MIN_NUM_FORMS": "0", f"{name}-MAX_NUM_FORMS": "1000"})
        for index, row in enumerate(rows):
            data.update({f"{name}-{index}-{key}": value for key, value in row.items()})
            data[f"{name}-{index}-ORDER"] = str(index)
    return data


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def test_the_roster_form_rejects_an_entry_at_a_window_that_does_not_accept_the_item(client, county_admin, regions,
                                                                                   hall, implementation):
    windows = {w.number: w for w in hall.windows.all()}
    accept(windows["1"], implementation)
    staff = StaffFactory(department=implementation.department, region=regions["county"])
    client.force_login(county_admin)
    parent = region_page(regions["county"])

    def post(window):
        data = add_page_data(AuthorizationRoster, parent, county_admin, {
            "title": "行政审批局授权书", "department": str(implementation.department.pk),
            "document_number": "广区审批〔2025〕1号", "action-publish": "action-publish",
        }, entries=[{"staff": str(staff.pk), "windows": [str(window.pk)],
                     "implementations": [str(implementation.pk)], "scopes": ["approve"]}])
        return client.post(add_url(AuthorizationRoster, parent), data)

    response = post(windows["2"])
    assert response.status_code == 200
    assert "2号窗口（出件）不受理" in response.content.decode()
    assert not AuthorizationRoster.objects.exists()

    response = post(windows["1"])
    assert response.status_code == 302
    roster = AuthorizationRoster.objects.get()
    assert (roster.live, roster.region) == (True, regions["county"])
    assert list(roster.entries.get().windows.all()) == [windows["1"]]


def test_the_delegation_form_refuses_to_publish_without_its_supervision_duty(client, regions):
    admin = UserFactory(username="city_hall_admin")
    membership_save(membership=Membership(user=admin, region=regions["city"], role=Role.CITY_ADMIN))
    bureau = DepartmentFactory(region=regions["city"])
    power = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"]),
                                  region=regions["city"], department=bureau)
    office = DepartmentFactory(region=regions["township"])
    client.force_login(admin)
    parent = region_page(regions["township"])
    fields = {"title": "临时用地审批下放", "implementation": str(power.pk), "receiving_department": str(office.pk),
              "delegation_type": "devolve", "document_number": "广府发〔2025〕1号", "effective_on": "2025-01-01",
              "action-publish": "action-publish"}

    response = client.post(add_url(Delegation, parent), add_page_data(Delegation, parent, admin, fields,
                                                                      supervision_duties=[]))
    assert response.status_code == 200
    assert "发布赋权下放须配套且仅配套一条监管责任" in response.content.decode()
    assert not Delegation.objects.exists()

    response = client.post(add_url(Delegation, parent), add_page_data(
        Delegation, parent, admin, fields,
        supervision_duties=[{"supervisor": str(bureau.pk), "method": "每季度抽查"}]))
    assert response.status_code == 302
    assert Delegation.objects.get().live


def test_staff_are_scoped_by_region(client, county_admin, regions):
    mine = StaffFactory(name="本县人员", department=DepartmentFactory(region=regions["county"]),
                        region=regions["county"])
    theirs = StaffFactory(name="外县人员", department=DepartmentFactory(region=regions["sibling"]),
                          region=regions["sibling"])
    client.force_login(county_admin)
    listing = client.get(reverse("wagtailsnippets_config_models_staff:list")).content.decode()
    assert "本县人员" in listing and "外县人员" not in listing
    assert client.get(reverse("wagtailsnippets_config_models_staff:edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("wagtailsnippets_config_models_staff:edit", args=[theirs.pk])).status_code == 404
    # and a new row cannot be placed in the other county
    response = client.post(reverse("wagtailsnippets_config_models_staff:add"), {
        "name": "越权", "employee_number": "X1", "department": str(theirs.department_id),
        "region": str(regions["sibling"].pk), "phone": "", "active": "on"})
    assert response.status_code == 200
    assert not Staff.objects.filter(name="越权").exists()


def test_the_hall_page_shows_windows_items_and_authorized_staff(client, county_admin, regions, hall,
                                                                implementation):
    window = hall.windows.get(number="1")
    accept(window, implementation)
    staff = StaffFactory(name="陈静", department=implementation.department, region=regions["county"],
                         is_chief_approver=True)
    make_roster(regions["county"], implementation.department, [(staff, [window], [implementation], ["approve"])],
                go_live=dt.date(2025, 1, 1))
    client.force_login(county_admin)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[hall.pk])).content.decode()
    assert implementation.name in page
    assert "陈静（审批，首席审批员）" in page
    # the other county's hall is refused
    other = make_hall(regions["sibling"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[other.pk]))
    assert response.status_code in (302, 403)


def test_the_worklists_page_answers_who_may_approve(client, county_admin, regions, hall, implementation):
    window = hall.windows.get(number="1")
    accept(window, implementation)
    staff = StaffFactory(name="赵磊", department=implementation.department, region=regions["county"],
                         is_chief_approver=True)
    make_roster(regions["county"], implementation.department, [(staff, [window], [implementation], ["approve"])],
                go_live=dt.date(2025, 1, 1))
    client.force_login(county_admin)
    url = reverse("tongban_hall_worklists")
    page = client.get(url, {"region": "511602", "on": "2025-06-01", "window": window.pk,
                            "implementation": implementation.pk}).content.decode()
    assert "赵磊" in page and "1 / 1" in page
    page = client.get(url, {"region": "511602", "on": "2024-06-01", "window": window.pk,
                            "implementation": implementation.pk}).content.decode()
    assert "赵磊" not in page and "无人获授权审批此事项" in page
    assert client.get(url, {"region": "511603"}).status_code == 404


def edit_data(page, user, *, publish=False, **changes):
    page = page.specific
    form_class = type(page).get_edit_handler().get_form_class()
    data = form_data(form_class(instance=page, for_user=user, parent_page=page.get_parent()))
    data.update(changes)
    if publish:
        data["action-publish"] = "action-publish"
    return data


def test_a_saved_hall_draft_leaves_history_at_the_live_values(client, county_admin, hall):
    # given
    client.force_login(county_admin)
    url = reverse("wagtailadmin_pages:edit", args=[hall.pk])
    hall_history, window_history = hall.history.count(), hall.windows.first().history.count()
    live_address = hall.address

    # when: a draft with a new address is saved
    response = client.post(url, edit_data(hall, county_admin, address="广安区新址路8号"))

    # then: the table and the history keep the live values; the draft is a revision
    assert response.status_code == 302
    hall.refresh_from_db()
    assert hall.address == live_address and hall.has_unpublished_changes
    assert hall.history.count() == hall_history
    assert hall.history.latest().address == live_address
    assert hall.windows.first().history.count() == window_history

    # when: it is published
    response = client.post(url, edit_data(hall, county_admin, publish=True, address="广安区新址路8号"))

    # then: the history records the new address and who published it
    assert response.status_code == 302
    latest = type(hall).objects.get(pk=hall.pk).history.latest()
    assert (latest.address, latest.history_user) == ("广安区新址路8号", county_admin)


@pytest.mark.parametrize("view", ["list", "edit"])
def test_window_items_and_exemptions_of_another_county_are_hidden(client, county_admin, regions, view,
                                                                 implementation):
    from config_models.models import HallExemption, WindowItem

    other_hall = make_hall(regions["sibling"], windows=[("1", "综合受理", "general")])
    other_item = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"], name="外县事项"),
                                       region=regions["sibling"],
                                       department=DepartmentFactory(region=regions["sibling"]))
    (theirs,) = accept(other_hall.windows.get(), other_item)
    exemption = HallExemption.objects.create(implementation=other_item, reason="外县例外")
    client.force_login(county_admin)
    for model, row in ((WindowItem, theirs), (HallExemption, exemption)):
        name = f"wagtailsnippets_config_models_{model._meta.model_name}"
        if view == "list":
            response = client.get(reverse(f"{name}:list"))
            assert response.status_code == 200 and "外县事项" not in response.content.decode()
        else:
            assert client.get(reverse(f"{name}:edit", args=[row.pk])).status_code == 404


def test_bulk_publishing_refuses_a_delegation_without_its_supervision_duty_and_publishes_nothing(client, regions):
    # given: two drafts under the township, one complete and one without its supervision duty
    admin = UserFactory(username="city_bulk_admin")
    membership_save(membership=Membership(user=admin, region=regions["city"], role=Role.CITY_ADMIN))
    bureau = DepartmentFactory(region=regions["city"])
    office = DepartmentFactory(region=regions["township"])
    powers = [ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"]),
                                    region=regions["city"], department=bureau) for _ in range(2)]
    complete = make_delegation(regions["township"], powers[0], office, supervisor=bureau, publish=False)
    alone = make_delegation(regions["township"], powers[1], office, publish=False)
    client.force_login(admin)

    # when: both are published through Wagtail's bulk action
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = client.post(f"{url}?id={complete.pk}&id={alone.pk}&next=/admin/", {}, follow=True)

    # then: the reason is shown, and neither went live
    assert response.status_code == 200
    assert f"“{alone.title}”：发布赋权下放须配套且仅配套一条监管责任" in response.content.decode()
    assert not Delegation.objects.filter(live=True).exists()


def test_published_rosters_and_delegations_have_a_public_page(client, regions):
    bureau = DepartmentFactory(region=regions["city"])
    office = DepartmentFactory(region=regions["township"])
    power = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"]),
                                  region=regions["city"], department=bureau)
    delegation = make_delegation(regions["township"], power, office, supervisor=bureau)
    roster = make_roster(regions["county"], DepartmentFactory(region=regions["county"]), [])
    region_site_ensure(region=regions["city"], hostname="localhost", is_default=True)
    for page in (delegation, roster):
        response = client.get(page.get_url(), HTTP_HOST="localhost")
        assert response.status_code == 200
        assert f"<h1>{page.title}</h1>" in response.content.decode()
