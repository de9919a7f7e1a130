"""The catalog is the one source of names and codes (三级四同), and cancelling an item ends its implementations."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from config_models.models import CatalogItem, Implementation, ImplementationStatus, Material
from config_models.services.catalog import catalog_item_cancel, catalog_item_save
from config_models.services.implementation import implementation_save
from tests.cms.admin_forms import admin_post, form_data, form_errors
from tests.config_models.rule_cases import VALID
from tests.factories import DepartmentFactory

NEW_NAME = "建筑工程施工许可证核发（新）"
NEW_CODE = "000101006000"
CANCEL_DATE = datetime.date(2024, 6, 30)


@pytest.fixture
def implementations(world):
    """The world's catalog item implemented at three places by two departments."""
    world.item.allowed_levels = ["county", "township"]
    world.item.save()
    sibling_department = DepartmentFactory(region=world.regions["sibling"], name="前锋区住房和城乡建设局")
    rows = []
    for region_key, department in [
        ("county", world.department),
        ("township", world.department),
        ("sibling", sibling_department),
    ]:
        implementation = VALID[Implementation](world)
        implementation.region, implementation.department = world.regions[region_key], department
        rows.append(implementation_save(implementation=implementation, materials=[Material(name="申请表")],
                                        user=world.user))
    return rows


def _history_counts(rows):
    return [row.history.count() for row in rows]


def _assert_every_implementation_reads(rows, *, name, code):
    for row in rows:
        fresh = Implementation.objects.select_related("catalog_item", "department", "region").get(pk=row.pk)
        assert fresh.name == name
        assert fresh.code == code
        assert fresh.implementation_code == fresh.department.credit_code + fresh.region.level_digit + code
        assert fresh.implementation_code.endswith(code)
        assert list(Implementation.objects.with_code(fresh.implementation_code)) == [fresh]
        assert fresh.materials.get().material_code == fresh.implementation_code + "001"


def test_renaming_and_recoding_a_catalog_item_shows_in_every_implementation(world, implementations):
    old_codes = [row.implementation_code for row in implementations]
    history_before = _history_counts(implementations)

    item = CatalogItem.objects.get(pk=world.item.pk)
    item.name, item.code = NEW_NAME, NEW_CODE
    catalog_item_save(item=item, user=world.user)

    _assert_every_implementation_reads(implementations, name=NEW_NAME, code=NEW_CODE)
    for old_code in old_codes:
        assert not Implementation.objects.with_code(old_code).exists()
    # read through the catalog, not copied: the implementation rows were not rewritten
    assert _history_counts(implementations) == history_before


def test_renaming_and_recoding_a_catalog_item_in_the_admin_shows_in_every_implementation_once_published(
    client, world, implementations
):
    client.force_login(world.user)
    item = CatalogItem.objects.get(pk=world.item.pk)
    old_name, old_code = item.name, item.code

    draft = admin_post(client, item, form_data(item, name=NEW_NAME, code=NEW_CODE))
    assert draft.status_code == 302, form_errors(draft)
    _assert_every_implementation_reads(implementations, name=old_name, code=old_code)  # a draft is not live

    published = admin_post(client, item, form_data(item, name=NEW_NAME, code=NEW_CODE), publish=True)
    assert published.status_code == 302, form_errors(published)
    _assert_every_implementation_reads(implementations, name=NEW_NAME, code=NEW_CODE)


def _assert_ended_and_kept(rows, user):
    assert Implementation.objects.filter(pk__in=[row.pk for row in rows]).count() == len(rows)
    for row in rows:
        fresh = Implementation.objects.get(pk=row.pk)
        assert fresh.status == ImplementationStatus.ENDED
        assert fresh.ended_on == CANCEL_DATE
        assert fresh.materials.count() == 1
        record = fresh.history.latest()
        assert (record.status, record.history_user) == (ImplementationStatus.ENDED, user)
        assert record.history_change_reason == f"基本目录事项{fresh.code}已取消"


def test_cancelling_a_catalog_item_ends_its_implementations_and_keeps_them(world, implementations):
    already_ended = implementations[2]
    already_ended.status, already_ended.ended_on = ImplementationStatus.ENDED, datetime.date(2023, 1, 1)
    implementation_save(implementation=already_ended, user=world.user)
    ended_history = already_ended.history.count()

    catalog_item_cancel(item=CatalogItem.objects.get(pk=world.item.pk), cancel_date=CANCEL_DATE, user=world.user)

    _assert_ended_and_kept(implementations[:2], world.user)
    # one that had already ended keeps its own end date and gets no new history row
    assert Implementation.objects.get(pk=already_ended.pk).ended_on == datetime.date(2023, 1, 1)
    assert already_ended.history.count() == ended_history


def test_publishing_a_cancellation_in_the_admin_ends_the_implementations(client, world, implementations):
    client.force_login(world.user)
    item = CatalogItem.objects.get(pk=world.item.pk)
    changes = {"status": "cancelled", "cancel_date": CANCEL_DATE.isoformat()}

    draft = admin_post(client, item, form_data(item, **changes))
    assert draft.status_code == 302, form_errors(draft)
    assert not Implementation.objects.filter(catalog_item=item, status=ImplementationStatus.ENDED).exists()

    published = admin_post(client, item, form_data(item, **changes), publish=True)
    assert published.status_code == 302, form_errors(published)
    _assert_ended_and_kept(implementations, world.user)


def test_an_implementation_of_a_cancelled_item_cannot_be_brought_back(world, implementations):
    catalog_item_cancel(item=CatalogItem.objects.get(pk=world.item.pk), cancel_date=CANCEL_DATE, user=world.user)
    implementation = Implementation.objects.get(pk=implementations[0].pk)
    implementation.status, implementation.ended_on = ImplementationStatus.ACTIVE, None
    with pytest.raises(ValidationError) as raised:
        implementation_save(implementation=implementation, user=world.user)
    assert "基本目录事项已取消" in raised.value.message_dict["catalog_item"][0]
    assert Implementation.objects.get(pk=implementation.pk).status == ImplementationStatus.ENDED


@pytest.mark.parametrize(("code", "warns"), [("002001009000", True), ("000101009000", False)])
def test_the_admin_saves_a_code_whose_type_digits_disagree_and_shows_the_warning(client, world, code, warns):
    client.force_login(world.user)
    item = CatalogItem.objects.get(pk=world.item.pk)
    assert item.item_type == "01"

    response = admin_post(client, item, form_data(item, code=code), publish=True)
    assert response.status_code == 302, form_errors(response)

    assert CatalogItem.objects.get(pk=item.pk).code == code
    shown = [str(message) for message in client.get(response.url).context["messages"]]
    assert any("第3–4位" in message for message in shown) is warns
