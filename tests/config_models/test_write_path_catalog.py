"""One write path for the catalog snippets: an admin edit, a service call (as an import makes it) and a revert
run the same rules and write the same audit and feed entries."""

import datetime

import pytest
from django.urls import reverse

from config_models.models import (
    CatalogItem,
    CatalogStatus,
    CertificateType,
    Change,
    ChangeEntity,
    ChangeOperation,
    Department,
    Implementation,
    ImplementationStatus,
    LeaveReason,
    Membership,
    Region,
    Role,
)
from config_models.services.catalog import catalog_item_cancel, catalog_item_save
from config_models.services.certificate import certificate_type_save
from config_models.services.department import department_save
from config_models.services.history import history_revert
from config_models.services.implementation import implementation_save
from config_models.services.membership import membership_group_name, membership_save
from config_models.services.region import region_save
from config_models.services.registry import services_for
from tests.cms.admin_post_data import edit_post_data
from tests.factories import CertificateTypeFactory, UserFactory

pytestmark = pytest.mark.django_db

CANCELLED_ON = datetime.date(2026, 6, 1)


@pytest.fixture
def admin(db):
    return UserFactory(username="city_admin", is_superuser=True, is_staff=True)


@pytest.fixture
def importer(db):
    return UserFactory(username="importer")


def entries_after(mark: int, **filters) -> list[tuple]:
    rows = Change.objects.filter(sequence__gt=mark, **filters).order_by("sequence")
    return list(rows.values_list("entity", "object_id", "operation", "reason", "actor__username"))


def last_sequence() -> int:
    return Change.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def edit_in_admin(client, row, publish=True, **changes):
    client.force_login(changes.pop("user"))
    url = reverse(f"wagtailsnippets_config_models_{row._meta.model_name}:edit", args=[row.pk])
    response = client.post(url, edit_post_data(row, publish=publish, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_reverting_an_item_to_its_cancelled_version_ends_its_implementations_again(
    catalog_item, implementation, admin
):
    # given: the item was cancelled (its implementation ended), then both were brought back
    catalog_item_cancel(item=catalog_item, cancel_date=CANCELLED_ON, user=admin)
    cancelled = catalog_item.history.filter(status=CatalogStatus.CANCELLED).latest("history_date")
    catalog_item.status, catalog_item.cancel_date = CatalogStatus.ACTIVE, None
    catalog_item_save(item=catalog_item, user=admin)
    implementation.refresh_from_db()
    implementation.status, implementation.ended_on = ImplementationStatus.ACTIVE, None
    implementation_save(implementation=implementation, user=admin)
    mark = last_sequence()

    # when: the item is reverted to its cancelled record
    history_revert(record=cancelled, user=admin)

    # then: the cancellation's rule ran again, with its audit row and the implementation's leaving entry
    implementation.refresh_from_db()
    assert CatalogItem.objects.get(pk=catalog_item.pk).status == CatalogStatus.CANCELLED
    assert implementation.status == ImplementationStatus.ENDED
    assert implementation.history.latest("history_date").history_user == admin
    assert (ChangeEntity.IMPLEMENTATION, implementation.pk, ChangeOperation.DELETE, LeaveReason.ENDED,
            "city_admin") in entries_after(mark)


def test_publishing_a_cancellation_in_the_admin_ends_the_implementations(client, catalog_item, implementation,
                                                                         admin):
    mark = last_sequence()
    edit_in_admin(client, catalog_item, user=admin, status=CatalogStatus.CANCELLED, cancel_date="2026-06-01")

    implementation.refresh_from_db()
    assert implementation.status == ImplementationStatus.ENDED
    assert implementation.ended_on == CANCELLED_ON
    assert catalog_item.history.latest("history_date").history_user == admin
    changes = entries_after(mark)
    assert (ChangeEntity.CATALOG_ITEM, catalog_item.pk, "U", "", "city_admin") in changes
    assert (ChangeEntity.IMPLEMENTATION, implementation.pk, "D", LeaveReason.ENDED, "city_admin") in changes


def _same_writes(row, user, write) -> tuple:
    """What one write left: the row's newest audit row (user, reason kind) and its own feed entries."""
    mark = last_sequence()
    write()
    record = type(row).history.filter(id=row.pk).latest("history_date")
    own = [entry[:3] for entry in entries_after(mark, object_id=row.pk, entity=entry_entity(row))]
    actors = set(Change.objects.filter(sequence__gt=mark).values_list("actor__username", flat=True))
    return record.history_user == user, own, actors == {user.username}


def entry_entity(row) -> str:
    return {Implementation: ChangeEntity.IMPLEMENTATION, Department: ChangeEntity.DEPARTMENT,
            Region: ChangeEntity.REGION, CatalogItem: ChangeEntity.CATALOG_ITEM,
            CertificateType: ChangeEntity.CERTIFICATE_TYPE}[type(row)]


def test_an_implementation_edit_import_and_revert_write_alike(client, implementation, admin, importer):
    before = implementation.history.latest("history_date")

    by_admin = _same_writes(implementation, admin, lambda: edit_in_admin(
        client, implementation, user=admin, committed_limit="3"))

    def import_like():
        row = Implementation.objects.get(pk=implementation.pk)
        row.committed_limit = 4
        implementation_save(implementation=row, user=importer, reason="导入批次 7")

    by_import = _same_writes(implementation, importer, import_like)
    by_revert = _same_writes(implementation, admin, lambda: history_revert(record=before, user=admin))

    expected = (True, [(ChangeEntity.IMPLEMENTATION, implementation.pk, "U")], True)
    assert by_admin == by_import == by_revert == expected
    assert Implementation.objects.get(pk=implementation.pk).committed_limit == 5


def test_a_catalog_item_edit_import_and_revert_write_alike(client, catalog_item, implementation, admin, importer):
    before = catalog_item.history.latest("history_date")

    by_admin = _same_writes(catalog_item, admin, lambda: edit_in_admin(
        client, catalog_item, user=admin, name="建筑工程施工许可证核发"))

    def import_like():
        row = CatalogItem.objects.get(pk=catalog_item.pk)
        row.name = "建筑工程施工许可"
        catalog_item_save(item=row, user=importer)

    by_import = _same_writes(catalog_item, importer, import_like)
    by_revert = _same_writes(catalog_item, admin, lambda: history_revert(record=before, user=admin))

    assert by_admin == by_import == by_revert == (True, [(ChangeEntity.CATALOG_ITEM, catalog_item.pk, "U")], True)
    # the rename reaches the implementation that shows it
    assert Change.objects.filter(entity=ChangeEntity.IMPLEMENTATION, object_id=implementation.pk,
                                 actor=importer).exists()


@pytest.mark.parametrize("kind", ["department", "region"])
def test_a_department_or_region_edit_service_save_and_revert_write_alike(client, kind, regions, county_department,
                                                                         implementation, admin, importer):
    row = county_department if kind == "department" else regions["county"]
    before = type(row).history.filter(id=row.pk).latest("history_date")

    by_admin = _same_writes(row, admin, lambda: edit_in_admin(client, row, user=admin, name="改名之后"))

    def import_like():
        fresh = type(row).objects.get(pk=row.pk)
        fresh.name = "再次改名"
        if kind == "department":
            department_save(department=fresh, user=importer)
        else:
            region_save(region=fresh, user=importer)

    by_import = _same_writes(row, importer, import_like)
    by_revert = _same_writes(row, admin, lambda: history_revert(record=before, user=admin))

    expected = (True, [(entry_entity(row), row.pk, "U")], True)
    assert by_admin == by_import == by_revert == expected
    assert type(row).objects.get(pk=row.pk).name == before.name
    # the implementation showing the name heard of each change
    assert Change.objects.filter(entity=ChangeEntity.IMPLEMENTATION, object_id=implementation.pk,
                                 actor__in=[admin, importer]).count() >= 3


def test_a_certificate_type_edit_service_save_and_revert_write_alike(client, regions, admin, importer):
    row = CertificateTypeFactory(region=regions["city"], name="建筑业企业资质证书")
    before = CertificateType.history.filter(id=row.pk).latest("history_date")

    by_admin = _same_writes(row, admin, lambda: edit_in_admin(client, row, user=admin, name="建筑业企业资质证"))

    def import_like():
        fresh = CertificateType.objects.get(pk=row.pk)
        fresh.name = "建筑企业资质证书"
        certificate_type_save(certificate_type=fresh, user=importer, reason="导入批次 3")

    by_import = _same_writes(row, importer, import_like)
    by_revert = _same_writes(row, admin, lambda: history_revert(record=before, user=admin))

    expected = (True, [(ChangeEntity.CERTIFICATE_TYPE, row.pk, "U")], True)
    assert by_admin == by_import == by_revert == expected
    assert CertificateType.objects.get(pk=row.pk).name == "建筑业企业资质证书"


def test_a_draft_saved_in_the_admin_is_in_the_feed_for_draft_readers_only(client, implementation, admin):
    mark = last_sequence()
    edit_in_admin(client, implementation, publish=False, user=admin, committed_limit="2")

    assert Implementation.objects.get(pk=implementation.pk).has_unpublished_changes
    own = Change.objects.filter(sequence__gt=mark, entity=ChangeEntity.IMPLEMENTATION, object_id=implementation.pk)
    assert list(own.values_list("operation", "public", "actor__username")) == [("U", False, "city_admin")]

    mark = last_sequence()
    edit_in_admin(client, implementation, user=admin, committed_limit="2")  # now published
    own = Change.objects.filter(sequence__gt=mark, entity=ChangeEntity.IMPLEMENTATION, object_id=implementation.pk)
    assert list(own.values_list("operation", "public")) == [("U", True)]


def test_a_membership_edit_service_save_and_revert_keep_the_page_groups_alike(client, regions, admin, importer):
    """Memberships are not a feed collection: the rule every writer must run is the page-group sync."""
    member = UserFactory(username="county_clerk")
    row = membership_save(membership=Membership(user=member, region=regions["county"], role=Role.VIEWER))
    before = Membership.history.filter(id=row.pk).latest("history_date")

    def groups():
        return set(member.groups.values_list("name", flat=True))

    edit_in_admin(client, row, user=admin, region=regions["sibling"])
    assert groups() == {membership_group_name(regions["sibling"], Role.VIEWER)}
    assert Membership.history.filter(id=row.pk).latest("history_date").history_user == admin

    fresh = Membership.objects.get(pk=row.pk)
    fresh.role = Role.COUNTY_ADMIN
    membership_save(membership=fresh, user=importer)
    assert groups() == {membership_group_name(regions["sibling"], Role.COUNTY_ADMIN)}

    history_revert(record=before, user=admin)
    assert groups() == {membership_group_name(regions["county"], Role.VIEWER)}
    assert Membership.history.filter(id=row.pk).latest("history_date").history_user == admin


def test_unpublishing_an_item_in_the_admin_removes_it_and_its_implementations(client, catalog_item, implementation,
                                                                             admin):
    client.force_login(admin)
    mark = last_sequence()
    url = reverse("wagtailsnippets_config_models_catalogitem:unpublish", args=[catalog_item.pk])
    assert client.post(url).status_code == 302

    assert not CatalogItem.objects.get(pk=catalog_item.pk).live
    removed = entries_after(mark, operation=ChangeOperation.DELETE)
    assert (ChangeEntity.CATALOG_ITEM, catalog_item.pk, "D", LeaveReason.UNPUBLISHED, "city_admin") in removed
    assert (ChangeEntity.IMPLEMENTATION, implementation.pk, "D", LeaveReason.UNPUBLISHED, "city_admin") in removed
    assert Change.objects.get(sequence__gt=mark, entity=ChangeEntity.CATALOG_ITEM).public


def test_deleting_in_the_admin_goes_through_the_delete_service(client, implementation, admin):
    client.force_login(admin)
    mark = last_sequence()
    url = reverse("wagtailsnippets_config_models_implementation:delete", args=[implementation.pk])
    assert client.post(url).status_code == 302

    assert not Implementation.objects.filter(pk=implementation.pk).exists()
    assert (ChangeEntity.IMPLEMENTATION, implementation.pk, "D", LeaveReason.DELETED,
            "city_admin") in entries_after(mark)
    deleted = Implementation.history.filter(id=implementation.pk).latest("history_date")
    assert (deleted.history_type, deleted.history_user) == ("-", admin)


@pytest.mark.parametrize("model", [Region, Department, CatalogItem, Implementation, CertificateType, Membership])
def test_every_catalog_entity_is_registered_with_its_writers(model):
    services = services_for(model)
    assert services is not None and services.save is not None and services.delete is not None
