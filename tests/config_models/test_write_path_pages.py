"""The page entities are written by their services on every path: the page editor, `revision.publish()`
(bulk and scheduled publishing, revert) and the service itself run the same rules and write the same audit
history and change-feed entries; a refused publish changes nothing; unpublishing and deleting write `D`."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from config_models.models import (
    AuthorizationRoster,
    Bundle,
    BundleQuota,
    BundleTemplate,
    Change,
    Delegation,
    Hall,
    PublishedListPage,
    WindowItem,
)
from config_models.models.change import ChangeEntity, ChangeOperation, LeaveReason
from config_models.services.registry import services_for
from tests.bundle_helpers import adopt, catalog, implement, make_template
from tests.cms.admin_forms import admin_post, form_data, snippet_url
from tests.cms.test_page_scope import edit_page_url, publish_data
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, make_published_list
from tests.hall_factories import StaffFactory, accept, make_delegation, make_hall, make_roster, region_page

pytestmark = pytest.mark.django_db

PATHS = ["admin", "revision", "service"]


def publish_by(path, page, user, client, title):
    """Publish `page` with a new title through one of the paths."""
    if path == "admin":
        client.force_login(user)
        response = client.post(edit_page_url(page), publish_data(page, user, title=title))
        assert response.status_code == 302, response.content.decode()[:2000]
        return
    page = type(page).objects.get(pk=page.pk)
    page.title = title
    revision = page.save_revision(user=user)
    if path == "revision":
        revision.publish(user=user)
    else:
        services_for(type(page)).publish(instance=page, revision=revision, user=user)


def entries(entity, pk, since):
    return list(Change.objects.filter(entity=entity, object_id=pk, sequence__gt=since).order_by("sequence"))


def last_sequence():
    return Change.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


@pytest.fixture
def items(regions):
    return catalog(regions)


@pytest.fixture
def lead(regions):
    return DepartmentFactory(region=regions["county"], name="广安区市场监督管理局")


@pytest.fixture
def template(regions, items):
    return make_template(regions, items)


@pytest.fixture
def bundle(regions, items, template, lead):
    implement(items, regions["county"], lead)
    return adopt(template, regions["county"], lead)


@pytest.fixture
def hall(regions):
    return make_hall(regions["county"], windows=[("1", "综合受理", "general"), ("2", "出件", "issue")])


@pytest.fixture
def published_list(regions, implementation):
    return make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])


@pytest.fixture
def delegation(regions):
    bureau = DepartmentFactory(region=regions["city"])
    power = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"]), region=regions["city"],
                                  department=bureau)
    return make_delegation(regions["township"], power, DepartmentFactory(region=regions["township"]),
                           supervisor=bureau)


PAGES = {
    "hall": (ChangeEntity.HALL, "hall", "广安区政务服务中心", lambda page: page.title),
    "bundle": (ChangeEntity.BUNDLE, "bundle", "广安区开办餐饮店（新）", lambda page: page.code),
    "template": (ChangeEntity.BUNDLE_TEMPLATE, "template", "开办餐饮店（新）", lambda page: page.code),
    "list": (ChangeEntity.PUBLISHED_LIST, "published_list", "最多跑一次清单（新）", lambda page: page.code),
    "delegation": (ChangeEntity.DELEGATION, "delegation", "临时用地审批下放（新）", lambda page: page.document_number),
}


# The page editor's path is posted for the pages whose forms the test data helper can fill (no stream or
# JSON fields); the others share the editor's action class.
EDITOR_POSTED = ("hall", "bundle", "delegation")
CASES = [(kind, path) for kind in PAGES for path in PATHS if path != "admin" or kind in EDITOR_POSTED]


@pytest.mark.parametrize(("kind", "path"), CASES)
def test_every_path_publishes_through_the_service(request, client, admin_user, kind, path):
    # given
    entity, fixture, title, code = PAGES[kind]
    page = request.getfixturevalue(fixture)
    since = last_sequence()

    # when
    publish_by(path, page, admin_user, client, title)

    # then: published, audited with the acting user, one U entry by that user
    page = type(page).objects.get(pk=page.pk)
    assert page.live and page.title == title
    assert page.history.first().history_user == admin_user
    [entry] = entries(entity, page.pk, since)
    assert (entry.operation, entry.actor, entry.code, entry.public) == (
        ChangeOperation.UPDATE, admin_user, code(page), True)


@pytest.mark.parametrize("path", PATHS)
def test_a_hall_publish_records_its_windows_and_the_windows_it_drops(client, admin_user, hall, path):
    # given
    windows = {w.number: w for w in hall.windows.all()}
    since = last_sequence()
    hall.windows.remove(windows["2"])  # in memory, as the editor's inline formset would

    # when
    if path == "admin":
        client.force_login(admin_user)
        data = publish_data(Hall.objects.get(pk=hall.pk), admin_user)
        index = next(key.split("-")[1] for key, value in data.items()
                     if key.startswith("windows-") and key.endswith("-id") and value == str(windows["2"].pk))
        data[f"windows-{index}-DELETE"] = "on"
        assert client.post(edit_page_url(hall), data).status_code == 302
    else:
        revision = hall.save_revision(user=admin_user)
        if path == "revision":
            revision.publish(user=admin_user)
        else:
            services_for(Hall).publish(instance=hall, revision=revision, user=admin_user)

    # then
    assert list(Hall.objects.get(pk=hall.pk).windows.values_list("number", flat=True)) == ["1"]
    [kept] = entries(ChangeEntity.WINDOW, windows["1"].pk, since)
    [dropped] = entries(ChangeEntity.WINDOW, windows["2"].pk, since)
    assert kept.operation == ChangeOperation.UPDATE
    assert (dropped.operation, dropped.reason, dropped.public) == (
        ChangeOperation.DELETE, LeaveReason.DELETED, True)


def test_the_first_publish_is_an_insert(regions, items, template, lead, admin_user):
    # given
    implement(items, regions["county"], lead)
    draft = adopt(template, regions["county"], lead, publish=False)
    since = last_sequence()

    # when
    draft.save_revision(user=admin_user).publish(user=admin_user)

    # then
    [entry] = entries(ChangeEntity.BUNDLE, draft.pk, since)
    assert (entry.operation, entry.actor) == (ChangeOperation.INSERT, admin_user)


@pytest.mark.parametrize("path", PATHS)
def test_a_refused_publish_changes_nothing_and_writes_no_entry(client, regions, items, template, lead, admin_user,
                                                               path):
    # given: the county does not implement the signboard approval
    implement(items, regions["county"], lead, keys=["licence", "hygiene", "food"])
    draft = adopt(template, regions["county"], lead, publish=False)
    since = last_sequence()

    # when
    if path == "admin":
        client.force_login(admin_user)
        response = client.post(edit_page_url(draft), publish_data(draft, admin_user))
        assert response.status_code == 200
        assert "尚未实施以下事项" in response.content.decode()
    else:
        revision = Bundle.objects.get(pk=draft.pk).save_revision(user=admin_user)
        with pytest.raises(ValidationError, match="尚未实施以下事项"):
            if path == "revision":
                revision.publish(user=admin_user)
            else:
                services_for(Bundle).publish(instance=draft, revision=revision, user=admin_user)

    # then
    assert not Bundle.objects.get(pk=draft.pk).live
    assert last_sequence() == since


def test_a_delegation_without_its_supervision_duty_is_not_published(regions, admin_user):
    # given: a draft delegation without its supervision duty
    bureau = DepartmentFactory(region=regions["city"])
    power = ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"]), region=regions["city"],
                                  department=bureau)
    draft = make_delegation(regions["township"], power, DepartmentFactory(region=regions["township"]), publish=False)
    revision = Delegation.objects.get(pk=draft.pk).save_revision(user=admin_user)
    since = last_sequence()

    # when / then
    with pytest.raises(ValidationError, match="监管责任"):
        revision.publish(user=admin_user)
    assert not Delegation.objects.get(pk=draft.pk).live
    assert last_sequence() == since


def test_an_incomplete_template_is_not_published(template, admin_user):
    page = BundleTemplate.objects.get(pk=template.pk)
    page.items = []
    revision = page.save_revision(user=admin_user)
    since = last_sequence()
    with pytest.raises(ValidationError, match="至少包含一个事项"):
        revision.publish(user=admin_user)
    assert BundleTemplate.objects.get(pk=template.pk).items.exists()
    assert last_sequence() == since


@pytest.mark.parametrize("path", ["admin", "model"])
def test_unpublishing_a_hall_writes_d_for_it_and_its_windows(client, admin_user, hall, path):
    # given
    since = last_sequence()

    # when
    if path == "admin":
        client.force_login(admin_user)
        response = client.post(reverse("wagtailadmin_pages:unpublish", args=[hall.pk]))
        assert response.status_code == 302
    else:
        Hall.objects.get(pk=hall.pk).unpublish(user=admin_user)

    # then
    assert not Hall.objects.get(pk=hall.pk).live
    [entry] = entries(ChangeEntity.HALL, hall.pk, since)
    assert (entry.operation, entry.reason, entry.public, entry.actor) == (
        ChangeOperation.DELETE, LeaveReason.UNPUBLISHED, True, admin_user)
    assert Change.objects.filter(entity=ChangeEntity.WINDOW, sequence__gt=since,
                                 operation=ChangeOperation.DELETE).count() == 2


@pytest.mark.parametrize("kind", ["bundle", "list"])
def test_unpublishing_writes_d(request, admin_user, kind):
    entity, fixture, _title, code = PAGES[kind]
    page = request.getfixturevalue(fixture)
    since = last_sequence()
    type(page).objects.get(pk=page.pk).unpublish(user=admin_user)
    [entry] = entries(entity, page.pk, since)
    assert (entry.operation, entry.reason, entry.code) == (ChangeOperation.DELETE, LeaveReason.UNPUBLISHED, code(page))


def test_deleting_a_page_in_the_admin_writes_d_for_it_and_its_windows(client, admin_user, hall):
    # given
    since = last_sequence()
    client.force_login(admin_user)

    # when
    response = client.post(reverse("wagtailadmin_pages:delete", args=[hall.pk]))

    # then
    assert response.status_code == 302
    assert not Hall.objects.filter(pk=hall.pk).exists()
    [entry] = entries(ChangeEntity.HALL, hall.pk, since)
    assert (entry.operation, entry.reason, entry.actor) == (ChangeOperation.DELETE, LeaveReason.DELETED, admin_user)
    assert Change.objects.filter(entity=ChangeEntity.WINDOW, sequence__gt=since,
                                 reason=LeaveReason.DELETED).count() == 2


def test_deleting_a_list_through_its_service_writes_d(published_list, admin_user):
    since = last_sequence()
    services_for(PublishedListPage).delete(instance=published_list, user=admin_user)
    assert not PublishedListPage.objects.filter(pk=published_list.pk).exists()
    [entry] = entries(ChangeEntity.PUBLISHED_LIST, published_list.pk, since)
    assert (entry.operation, entry.reason) == (ChangeOperation.DELETE, LeaveReason.DELETED)


# Rows the admin edits outside the page form ----------------------------------------------------------------


def test_a_window_item_saved_in_the_admin_goes_through_its_service(client, admin_user, hall, implementation):
    # given

    implementation.window_handling = True
    implementation.save()
    window = hall.windows.get(number="1")
    since = last_sequence()
    client.force_login(admin_user)

    # when
    item = WindowItem(window=window, implementation=implementation, hours="周一至周五")
    response = admin_post(client, item, form_data(item, user=admin_user))

    # then: audited with the user; the window and the hall change for a mirror
    assert response.status_code == 302, response.content.decode()[:2000]
    item = WindowItem.objects.get()
    assert item.history.first().history_user == admin_user
    [window_entry] = entries(ChangeEntity.WINDOW, window.pk, since)
    [hall_entry] = entries(ChangeEntity.HALL, hall.pk, since)
    assert (window_entry.operation, window_entry.actor, hall_entry.operation) == (
        ChangeOperation.UPDATE, admin_user, ChangeOperation.UPDATE)

    # and deleting it in the admin is a change of both again
    since = last_sequence()
    response = client.post(snippet_url(WindowItem, "delete", item.pk))
    assert response.status_code == 302
    assert not WindowItem.objects.exists()
    assert len(entries(ChangeEntity.WINDOW, window.pk, since)) == 1
    assert len(entries(ChangeEntity.HALL, hall.pk, since)) == 1


def test_a_quota_saved_in_the_admin_goes_through_its_service(client, admin_user, regions):

    client.force_login(admin_user)
    quota = BundleQuota(region=regions["city"], level="county", count=10, due_date=dt.date(2026, 12, 31))
    response = admin_post(client, quota, form_data(quota, user=admin_user))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert BundleQuota.objects.get().history.first().history_user == admin_user


def test_a_roster_publish_records_its_entries(regions, hall, implementation, admin_user):
    implementation.window_handling = True
    implementation.save()
    window = hall.windows.get(number="1")
    accept(window, implementation)
    staff = StaffFactory(department=implementation.department, region=regions["county"])
    since = last_sequence()

    roster = make_roster(regions["county"], implementation.department,
                         [(staff, [window], [implementation], ["approve"])])

    entry = roster.entries.get()
    [change] = entries(ChangeEntity.AUTHORIZATION, entry.pk, since)
    assert (change.operation, change.public, change.code) == (ChangeOperation.INSERT, False, roster.document_number)

    since = last_sequence()
    AuthorizationRoster.objects.get(pk=roster.pk).unpublish(user=admin_user)
    [change] = entries(ChangeEntity.AUTHORIZATION, entry.pk, since)
    assert (change.operation, change.reason) == (ChangeOperation.DELETE, LeaveReason.UNPUBLISHED)


def test_a_scheduled_revision_enters_the_feed_when_it_goes_live(hall, admin_user):
    # given: a revision scheduled for tomorrow changes nothing public yet
    from django.core.management import call_command
    from django.utils import timezone

    page = Hall.objects.get(pk=hall.pk)
    page.title = "广安区新政务服务中心"
    page.go_live_at = timezone.now() + dt.timedelta(days=1)
    revision = page.save_revision(user=admin_user, approved_go_live_at=page.go_live_at)
    since = last_sequence()
    revision.publish(user=admin_user)
    assert entries(ChangeEntity.HALL, hall.pk, since) == []

    # when: the scheduler runs after the go-live time
    past = timezone.now() - dt.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")

    # then
    page = Hall.objects.get(pk=hall.pk)
    assert page.title == "广安区新政务服务中心" and page.live_revision_id == revision.pk
    [entry] = entries(ChangeEntity.HALL, hall.pk, since)
    assert entry.operation == ChangeOperation.UPDATE


def test_deleting_pages_in_bulk_writes_d(client, admin_user, hall, published_list):
    # given
    since = last_sequence()
    client.force_login(admin_user)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])

    # when
    response = client.post(f"{url}?id={hall.pk}&id={published_list.pk}")

    # then
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Hall.objects.filter(pk=hall.pk).exists()
    assert [e.reason for e in entries(ChangeEntity.HALL, hall.pk, since)] == [LeaveReason.DELETED]
    assert [e.reason for e in entries(ChangeEntity.PUBLISHED_LIST, published_list.pk, since)] == [LeaveReason.DELETED]


def test_a_roster_revision_that_drops_an_entry_records_its_leaving(regions, hall, implementation, admin_user):
    # given: a roster in force with two entries
    implementation.window_handling = True
    implementation.save()
    window = hall.windows.get(number="1")
    accept(window, implementation)
    first, second = (StaffFactory(department=implementation.department, region=regions["county"]) for _ in range(2))
    roster = make_roster(regions["county"], implementation.department, [
        (first, [window], [implementation], ["approve"]), (second, [window], [implementation], ["approve"])])
    kept, dropped = roster.entries.order_by("sort_order")
    since = last_sequence()

    # when: the editor removes the second entry and publishes
    page = AuthorizationRoster.objects.get(pk=roster.pk)
    page.entries.remove(dropped)
    page.save_revision(user=admin_user).publish(user=admin_user)

    # then
    assert list(AuthorizationRoster.objects.get(pk=roster.pk).entries.all()) == [kept]
    [leaving] = entries(ChangeEntity.AUTHORIZATION, dropped.pk, since)
    [staying] = entries(ChangeEntity.AUTHORIZATION, kept.pk, since)
    assert (leaving.operation, leaving.reason, staying.operation) == (
        ChangeOperation.DELETE, LeaveReason.DELETED, ChangeOperation.UPDATE)


def test_a_page_is_not_moved_into_another_region(client, admin_user, regions, hall, published_list):
    # given: a hall and a list of the county, and the sibling county's page
    client.force_login(admin_user)
    sibling_page = region_page(regions["sibling"])
    since = last_sequence()

    # when: moved one by one, and in bulk
    one = client.post(reverse("wagtailadmin_pages:move_confirm", args=[hall.pk, sibling_page.pk]))
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"])
    bulk = client.post(f"{url}?id={hall.pk}&id={published_list.pk}", {"chooser": sibling_page.pk})

    # then: both refused in Chinese, nothing moved, nothing in the feed
    assert one.status_code == bulk.status_code == 302
    messages = [str(m) for m in get_messages(one.wsgi_request)] + [str(m) for m in get_messages(bulk.wsgi_request)]
    assert any(f"属于{regions['county'].name}，不能移动到{regions['sibling'].name}" in m for m in messages), messages
    for page in (hall, published_list):
        assert type(page).objects.get(pk=page.pk).get_parent().pk == region_page(regions["county"]).pk
    assert last_sequence() == since


def test_a_region_page_is_moved_only_with_its_region(client, admin_user, regions):
    client.force_login(admin_user)
    county_page, sibling_page = region_page(regions["county"]), region_page(regions["sibling"])

    response = client.post(reverse("wagtailadmin_pages:move_confirm", args=[county_page.pk, sibling_page.pk]))

    assert response.status_code == 302
    assert any("区划页面，随行政区划调整" in str(m) for m in get_messages(response.wsgi_request))
    assert region_page(regions["county"]).get_parent().pk == region_page(regions["city"]).pk
