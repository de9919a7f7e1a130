"""Audit history stays true to the table (DESIGN.md §7) and can bring a row back (history_revert)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from config_models.models import CatalogItem, Implementation, ImplementationStatus, Material, Region
from config_models.services import save_validated
from config_models.services.catalog import catalog_item_cancel, catalog_item_save
from config_models.services.history import history_revert
from config_models.services.implementation import implementation_save
from config_models.services.region import region_save
from tests.cms.admin_forms import admin_post, form_data, form_errors, snippet_url
from tests.config_models.rule_cases import VALID


@pytest.fixture
def editor(world, client):
    """A second superuser, so the history can tell who did what."""
    user = get_user_model().objects.create_superuser("history-editor", "editor@example.org", "pw")
    client.force_login(user)
    return user


def _live_implementation(world):
    return implementation_save(implementation=VALID[Implementation](world), user=world.user)


def _live_catalog_item(world):
    return catalog_item_save(item=VALID[CatalogItem](world), user=world.user)


# model, how to make a live row, the field the draft changes, its live value, its draft value (as posted and stored)
DRAFTABLE = [
    pytest.param(_live_implementation, "committed_limit", 5, ("3", 3), id="Implementation"),
    pytest.param(
        _live_catalog_item, "name", "建设工程竣工验收备案", ("竣工验收备案（草稿）", "竣工验收备案（草稿）"),
        id="CatalogItem",
    ),
]


@pytest.mark.parametrize(("make_live", "field", "live_value", "draft_value"), DRAFTABLE)
def test_a_saved_draft_leaves_history_at_the_live_values(client, world, editor, make_live, field, live_value,
                                                         draft_value):
    row = make_live(world)
    posted, stored = draft_value
    history_before = row.history.count()

    response = admin_post(client, row, form_data(row, **{field: posted}))  # the default button: save draft

    assert response.status_code == 302, form_errors(response)
    row.refresh_from_db()
    assert getattr(row, field) == live_value  # the table still holds the live values
    assert row.has_unpublished_changes
    assert row.latest_revision.content[field] == stored  # the draft is a Wagtail revision
    assert row.history.count() == history_before
    assert getattr(row.history.latest(), field) == live_value
    assert [getattr(record, field) for record in row.history.all()] == [live_value] * history_before

    response = admin_post(client, row, form_data(row, **{field: posted}), publish=True)

    assert response.status_code == 302, form_errors(response)
    row.refresh_from_db()
    assert getattr(row, field) == stored
    assert row.history.count() == history_before + 1
    published = row.history.latest()
    assert getattr(published, field) == stored
    assert published.history_user == editor


@pytest.mark.parametrize(("make_live", "field", "live_value", "draft_value"), DRAFTABLE)
def test_locking_and_unlocking_write_no_history(client, world, editor, make_live, field, live_value, draft_value):
    row = make_live(world)
    admin_post(client, row, form_data(row, **{field: draft_value[0]}))  # a pending draft, too
    history_before = row.history.count()
    model = type(row)

    assert client.post(snippet_url(model, "lock", row.pk)).status_code == 302
    row.refresh_from_db()
    assert row.locked and row.locked_by == editor
    assert client.post(snippet_url(model, "unlock", row.pk)).status_code == 302
    row.refresh_from_db()
    assert not row.locked

    assert row.history.count() == history_before
    assert getattr(row.history.latest(), field) == live_value


def test_history_revert_restores_an_earlier_version_as_a_new_history_entry(world, editor):
    implementation = _live_implementation(world)
    implementation.committed_limit = 3
    implementation.visit_reason = "需现场签字"
    implementation_save(implementation=implementation, user=world.user)
    first = implementation.history.earliest()

    history_revert(record=first, user=editor)

    implementation.refresh_from_db()
    assert (implementation.committed_limit, implementation.visit_reason) == (5, "需现场核验身份证件原件")
    assert implementation.history.count() == 3
    revert = implementation.history.latest()
    assert (revert.committed_limit, revert.history_user) == (5, editor)
    assert revert.history_change_reason.startswith("恢复到")
    assert [r.committed_limit for r in implementation.history.order_by("history_date", "history_id")] == [5, 3, 5]


def test_history_revert_to_a_version_that_is_now_invalid_is_refused_in_chinese(world, editor):
    implementation = _live_implementation(world)
    active_version = implementation.history.latest()
    catalog_item_cancel(item=CatalogItem.objects.get(pk=world.item.pk), cancel_date=datetime.date(2024, 6, 30),
                        user=world.user)
    history_before = implementation.history.count()

    with pytest.raises(ValidationError) as raised:
        history_revert(record=active_version, user=editor)

    assert "基本目录事项已取消，不能继续实施" in raised.value.message_dict["catalog_item"][0]
    implementation.refresh_from_db()
    assert implementation.status == ImplementationStatus.ENDED
    assert implementation.history.count() == history_before


def test_the_admin_revert_of_a_version_that_is_now_invalid_shows_the_chinese_refusal(client, world, editor):
    implementation = _live_implementation(world)
    active_version = implementation.history.latest()
    catalog_item_cancel(item=CatalogItem.objects.get(pk=world.item.pk), cancel_date=datetime.date(2024, 6, 30),
                        user=world.user)
    history_before = implementation.history.count()

    url = reverse("tongban_audit_revert",
                  args=["config_models", "implementation", implementation.pk, active_version.history_id])
    response = client.post(url)

    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("无法恢复" in m and "基本目录事项已取消" in m for m in messages), messages
    assert implementation.history.count() == history_before


def test_history_revert_keeps_a_published_row_live(world, editor):
    """A version saved before the first publication says live=False; reverting to it must not unpublish."""
    implementation = VALID[Implementation](world)
    implementation.live = False
    save_validated(implementation, user=world.user)
    unpublished_version = implementation.history.latest()
    implementation_save(implementation=implementation, user=world.user)
    implementation.committed_limit = 3
    implementation_save(implementation=implementation, user=world.user)

    history_revert(record=unpublished_version, user=editor)

    implementation.refresh_from_db()
    assert implementation.committed_limit == 5
    assert implementation.live


def test_history_revert_of_a_region_renames_its_page_too(world, editor):
    township = world.regions["township"]
    first = township.history.latest()
    township.name = "北辰新区街道"
    region_save(region=township, user=world.user)

    history_revert(record=first, user=editor)

    township = Region.objects.get(pk=township.pk)
    assert township.name == "北辰街道"
    assert township.page.title == "北辰街道"
    assert township.history.latest().history_user == editor


def test_service_saves_record_the_acting_user_and_the_materials(world, editor):
    implementation = _live_implementation(world)
    assert implementation.history.latest().history_user == world.user
    implementation.committed_limit = 4
    implementation_save(implementation=implementation, materials=[Material(name="申请表")], user=editor)
    assert implementation.history.latest().history_user == editor
    material = implementation.materials.get()
    assert material.history.latest().history_user == editor
