"""Imports respect Wagtail's locks and drafts, write published revisions and tag their feed entries."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from config_models.models import CatalogItem, Implementation
from config_models.models.change import Change, ChangeEntity, ChangeOperation
from importers.engine import run_import
from importers.jobs import run_batch
from importers.models import BatchStatus, ImportBatch
from importers.rollback import batch_rollback
from importers.workbook import export_xlsx
from tests.factories import UserFactory
from tests.importers.conftest import db_state, read
from tests.importers.make_files import ITEM


@pytest.fixture
def editor(db):
    return UserFactory(username="zhang-editor", first_name="张三", last_name="")


def renamed_catalog(name: str) -> bytes:
    """The exported catalog with the item ITEM renamed: one changed row, the others unchanged."""
    workbook = load_workbook(ContentFile(export_xlsx("catalog_item")))
    sheet = workbook["基本目录"]
    headers = [cell.value for cell in sheet[1]]
    code_column, name_column = headers.index("基本编码") + 1, headers.index("事项名称") + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=code_column).value == ITEM:
            sheet.cell(row=row, column=name_column).value = name
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def lock(item: CatalogItem, user) -> None:
    item.locked, item.locked_by, item.locked_at = True, user, timezone.now()
    item.save(update_fields=["locked", "locked_by", "locked_at"])


def draft(item: CatalogItem, user, name: str):
    """A pending draft, as the admin's "save draft" leaves it: a revision, the live row untouched."""
    item.name = name
    return item.save_revision(user=user)


def batch_of(data: bytes, user, **fields) -> ImportBatch:
    batch = ImportBatch.objects.create(resource="catalog_item", original_name="c.xlsx", user=user, **fields)
    batch.file.save("c.xlsx", ContentFile(data))
    run_batch(batch.pk, confirm=False)
    batch.refresh_from_db()
    return batch


def test_locked_row_is_refused_naming_who_locked_it_and_nothing_is_written(world, admin_user, editor):
    item = world["item"]
    lock(item, editor)
    data = renamed_catalog("导入后的名称")
    before, feed_before = db_state(), Change.objects.count()

    for overwrite in (False, True):  # "overwrite the draft" never breaks a lock
        report = run_import("catalog_item", data, "c.xlsx", user=admin_user, overwrite_drafts=overwrite)
        [error] = report.errors
        assert error.row == 2 and "已被张三锁定" in error.message, error.message
        assert report.as_dict()["counts"]["error_rows"] == 1

    assert db_state() == before and Change.objects.count() == feed_before
    item.refresh_from_db()
    assert item.name == "建设工程施工许可证核发" and item.latest_revision is None


def test_lock_holder_imports_their_own_locked_row(world, admin_user):
    item = world["item"]
    lock(item, admin_user)

    report = run_import("catalog_item", renamed_catalog("导入后的名称"), "c.xlsx", user=admin_user)

    assert not report.errors, report.as_text()
    item.refresh_from_db()
    assert item.name == "导入后的名称"


def test_command_line_without_a_user_is_refused_by_any_lock(world, editor, tmp_path, capsys):
    lock(world["item"], editor)
    path = tmp_path / "c.xlsx"
    path.write_bytes(renamed_catalog("导入后的名称"))

    with pytest.raises(CommandError):
        call_command("import_data", "catalog_item", str(path))

    assert "已被张三锁定" in capsys.readouterr().out


def test_pending_draft_is_refused_then_superseded_with_overwrite_drafts(world, admin_user, editor):
    item = world["item"]
    stale = draft(item, editor, "草稿中的名称")
    data = renamed_catalog("导入后的名称")
    before = db_state()

    report = run_import("catalog_item", data, "c.xlsx", user=admin_user)

    [error] = report.errors
    assert "张三" in error.message and "未发布草稿" in error.message and "覆盖未发布的草稿" in error.message
    assert db_state() == before

    report = run_import("catalog_item", data, "c.xlsx", user=admin_user, overwrite_drafts=True, reason="覆盖导入")

    assert not report.errors, report.as_text()
    item = CatalogItem.objects.get(pk=item.pk)
    assert item.name == "导入后的名称" and item.live and not item.has_unpublished_changes
    # The import's revision is the latest and the live one: the stale draft is no longer what "publish"
    # in the admin would put back.
    assert item.latest_revision == item.live_revision != stale
    assert item.latest_revision.user == admin_user
    assert item.latest_revision.as_object().name == "导入后的名称"
    assert item.revisions.count() == 2
    record = item.history.latest()
    assert (record.history_user, record.history_change_reason, record.name) == (admin_user, "覆盖导入", "导入后的名称")


def test_unchanged_row_with_a_draft_or_lock_is_not_an_error(world, admin_user, editor):
    lock(world["item"], editor)
    draft(world["city_item"], editor, "草稿中的名称")

    report = run_import("catalog_item", export_xlsx("catalog_item"), "c.xlsx", user=admin_user)

    assert not report.errors, report.as_text()
    assert report.count("unchanged") == 2


def test_import_is_a_published_revision_in_the_objects_history(client, world, admin_user):
    item = world["item"]

    batch = batch_of(renamed_catalog("导入后的名称"), admin_user)
    batch = run_batch(batch.pk, confirm=True)

    assert batch.status == BatchStatus.DONE, batch.report
    item.refresh_from_db()
    entry = ModelLogEntry.objects.for_instance(item).get(action="wagtail.publish")
    assert entry.user == admin_user and entry.revision == item.live_revision
    client.force_login(admin_user)
    page = client.get(reverse("wagtailsnippets_config_models_catalogitem:history", args=[item.pk]))
    assert page.status_code == 200 and admin_user.username in page.content.decode()


def test_new_implementations_are_published_revisions(world, admin_user):
    report = run_import("implementation", read("valid.xlsx"), "valid.xlsx", user=admin_user)

    assert not report.errors, report.as_text()
    implementation = Implementation.objects.get()
    assert implementation.live and not implementation.has_unpublished_changes
    assert implementation.live_revision.user == admin_user
    assert [m.name for m in implementation.live_revision.as_object().materials.all()] == [
        m.name for m in implementation.materials.order_by("sort_order")]


def test_feed_entries_carry_the_batch_once_per_row_and_rollback_records_its_own(world, admin_user):
    item = world["item"]
    setup_entries = Change.objects.count()  # the world's regions were saved through their service
    implementation_batch = ImportBatch.objects.create(resource="implementation", original_name="valid.xlsx",
                                                      user=admin_user)
    implementation_batch.file.save("valid.xlsx", ContentFile(read("valid.xlsx")))
    run_batch(implementation_batch.pk, confirm=False)
    implementation_batch = run_batch(implementation_batch.pk, confirm=True)
    catalog_batch = batch_of(renamed_catalog("导入后的名称"), admin_user)
    catalog_batch = run_batch(catalog_batch.pk, confirm=True)
    assert catalog_batch.status == implementation_batch.status == BatchStatus.DONE
    implementation = Implementation.objects.get()

    [created] = Change.objects.filter(entity=ChangeEntity.IMPLEMENTATION, object_id=implementation.pk,
                                      batch=str(implementation_batch.pk))
    assert (created.operation, created.batch, created.actor) == (
        ChangeOperation.INSERT, str(implementation_batch.pk), admin_user)
    [changed] = Change.objects.filter(entity=ChangeEntity.CATALOG_ITEM, object_id=item.pk)
    assert (changed.operation, changed.batch, changed.actor) == (
        ChangeOperation.UPDATE, str(catalog_batch.pk), admin_user)
    # the renamed item shows through its implementation: a parent entry, in the same batch
    assert Change.objects.filter(entity=ChangeEntity.IMPLEMENTATION, object_id=implementation.pk,
                                 batch=str(catalog_batch.pk), operation=ChangeOperation.UPDATE).exists()
    assert Change.objects.filter(batch="").count() == setup_entries

    batch_rollback(batch=catalog_batch, user=admin_user)
    batch_rollback(batch=implementation_batch, user=admin_user)

    item = CatalogItem.objects.get(pk=item.pk)
    # the restored name is the latest published revision, not the import's: the admin edits what is live
    assert item.name == "建设工程施工许可证核发" and not item.has_unpublished_changes
    assert item.latest_revision.as_object().name == item.name and item.latest_revision.user == admin_user
    restored = Change.objects.filter(entity=ChangeEntity.CATALOG_ITEM, object_id=item.pk).latest("sequence")
    assert (restored.operation, restored.batch) == (ChangeOperation.UPDATE, str(catalog_batch.pk))
    removed = Change.objects.filter(entity=ChangeEntity.IMPLEMENTATION, object_id=implementation.pk).latest("sequence")
    assert (removed.operation, removed.reason, removed.batch) == (
        ChangeOperation.DELETE, "deleted", str(implementation_batch.pk))
    assert not Implementation.objects.exists()


def test_rollback_is_refused_while_someone_else_locks_a_changed_row(world, admin_user, editor):
    batch = run_batch(batch_of(renamed_catalog("导入后的名称"), admin_user).pk, confirm=True)
    lock(CatalogItem.objects.get(pk=world["item"].pk), editor)

    with pytest.raises(ValidationError, match="已被张三锁定"):
        batch_rollback(batch=batch, user=admin_user)

    assert CatalogItem.objects.get(pk=world["item"].pk).name == "导入后的名称"
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE


def test_admin_checkbox_overwrites_the_draft(client, world, admin_user, editor):
    item = world["item"]
    draft(item, editor, "草稿中的名称")
    client.force_login(admin_user)
    data = renamed_catalog("导入后的名称")

    client.post(reverse("importers_index"), {"resource": "catalog_item", "file": ContentFile(data, name="c.xlsx")})
    refused = ImportBatch.objects.get()
    assert refused.status == BatchStatus.INVALID and not refused.overwrite_drafts
    page = client.get(reverse("importers_batch", args=[refused.pk])).content.decode()
    assert "未发布草稿" in page and "确认导入" not in page
    assert "覆盖未发布的草稿" in client.get(reverse("importers_index")).content.decode()

    client.post(reverse("importers_index"), {
        "resource": "catalog_item", "file": ContentFile(data, name="c.xlsx"), "overwrite_drafts": "on"})
    batch = ImportBatch.objects.exclude(pk=refused.pk).get()
    assert batch.overwrite_drafts and batch.status == BatchStatus.PREVIEW, batch.report
    assert "覆盖未发布的草稿" in client.get(reverse("importers_batch", args=[batch.pk])).content.decode()
    client.post(reverse("importers_confirm", args=[batch.pk]))

    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE, batch.report
    item = CatalogItem.objects.get(pk=item.pk)
    assert item.name == "导入后的名称" and not item.has_unpublished_changes
    assert item.latest_revision.user == admin_user


def test_command_flag_overwrites_the_draft(world, admin_user, editor, tmp_path, capsys):
    item = world["item"]
    draft(item, editor, "草稿中的名称")
    path = tmp_path / "c.xlsx"
    path.write_bytes(renamed_catalog("导入后的名称"))

    with pytest.raises(CommandError):
        call_command("import_data", "catalog_item", str(path), "--user", admin_user.username)
    assert "未发布草稿" in capsys.readouterr().out

    call_command("import_data", "catalog_item", str(path), "--user", admin_user.username, "--overwrite-drafts")

    item = CatalogItem.objects.get(pk=item.pk)
    assert item.name == "导入后的名称" and not item.has_unpublished_changes
    assert ImportBatch.objects.filter(overwrite_drafts=True, status=BatchStatus.DONE).exists()


def test_locked_implementation_refuses_its_materials_only_import(world, admin_user, editor):
    run_import("implementation", read("valid.xlsx"), "valid.xlsx", user=admin_user)
    implementation = Implementation.objects.get()
    implementation.locked, implementation.locked_by = True, editor
    implementation.save(update_fields=["locked", "locked_by"])
    workbook = load_workbook(ContentFile(export_xlsx("material")))
    sheet = workbook["申请材料"]
    sheet["B2"].value = "改过的材料名称"
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = db_state()

    report = run_import("material", buffer.getvalue(), "m.xlsx", user=admin_user)

    [error] = report.errors
    assert "已被张三锁定" in error.message
    assert db_state() == before


def test_rows_a_service_already_recorded_are_not_recorded_twice(world, admin_user, monkeypatch):
    """When the save service writes the feed entry itself, the import only tags it with the batch."""
    from config_models.services.feed import feed_record
    from importers.resources import CatalogItemResource

    original = CatalogItemResource.save

    def recording_save(self, instance, extra, **kwargs):
        original(self, instance, extra, **kwargs)
        feed_record(instance, operation=ChangeOperation.UPDATE, actor=kwargs["user"])

    monkeypatch.setattr(CatalogItemResource, "save", recording_save)
    batch = batch_of(renamed_catalog("导入后的名称"), admin_user)
    batch = run_batch(batch.pk, confirm=True)

    assert batch.status == BatchStatus.DONE, batch.report
    [entry] = Change.objects.filter(entity=ChangeEntity.CATALOG_ITEM, object_id=world["item"].pk)
    assert (entry.operation, entry.batch) == (ChangeOperation.UPDATE, str(batch.pk))
