"""Round trips, scope, the admin flow, batches, rollback, background progress and the commands."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from config_models.models import CatalogItem, Evaluation, Implementation, Material
from config_models.services.evaluation import evaluation_create
from importers import engine
from importers.engine import run_import
from importers.jobs import run_batch
from importers.models import BatchStatus, CodeMapping, ImportBatch
from importers.resources import RESOURCES
from importers.rollback import batch_rollback
from importers.tasks import start_batch
from importers.workbook import export_csv, export_xlsx, template_xlsx
from tests.factories import MaterialFactory
from tests.importers.conftest import db_state, read


@pytest.fixture
def filled(world):
    implementation = Implementation.objects.create(
        catalog_item=world["item"], region=world["regions"]["county"], department=world["department"],
        statutory_limit=20, committed_limit=5, handling_type="committed", service_objects=["1", "2"],
        visit_count=1, visit_reason="需现场核验原件\n第二行", consult_phone="0826-2345678", complaint_phone="12345",
        live=True,
    )
    MaterialFactory(implementation=implementation, name="申请表", sort_order=0)
    MaterialFactory(implementation=implementation, name="营业执照", sort_order=1, form="both")
    for number, rating in enumerate((5, 1)):
        evaluation_create(evaluation=Evaluation(external_id=f"HCP-{number}", channel="sms", rating=rating,
                                                evaluated_on=dt.date(2026, 9, 18), implementation=implementation))
    return world


@pytest.mark.parametrize("resource", list(RESOURCES))
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_then_import_reports_no_change(filled, resource, file_format):
    # given
    data = export_xlsx(resource) if file_format == "xlsx" else export_csv(resource)
    before = db_state()
    # when
    report = run_import(resource, data, f"export.{file_format}", reason="往返")
    # then
    assert not report.errors, report.as_text()
    assert report.count("new") == report.count("changed") == 0
    assert report.count("unchanged") > 0
    assert db_state() == before


def test_export_keeps_codes_as_text_and_csv_has_a_bom(filled):
    sheet = load_workbook(ContentFile(export_xlsx("implementation")))["实施清单"]
    assert sheet["C2"].value == "000101001000" and sheet["C2"].number_format == "@"
    assert export_csv("catalog_item").startswith(b"\xef\xbb\xbf")


def test_template_has_drop_downs_text_code_columns_and_instructions(db):
    workbook = load_workbook(ContentFile(template_xlsx("implementation")))
    assert workbook.sheetnames == ["填写说明", "实施清单", "申请材料"]
    sheet = workbook["实施清单"]
    formulas = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert '"即办件,承诺件"' in formulas
    assert sheet.column_dimensions["C"].number_format == "@"
    assert any("示例行" in str(c.value) for c in workbook["填写说明"]["A"])


def test_changed_row_is_previewed_field_by_field(filled):
    data = export_xlsx("implementation")
    workbook = load_workbook(ContentFile(data))
    sheet = workbook["实施清单"]
    column = [c.value for c in sheet[1]].index("承诺办结时限") + 1
    sheet.cell(row=2, column=column).value = 3
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = run_import("implementation", buffer.getvalue(), "changed.xlsx", dry_run=True)

    [plan] = [p for p in report.plans if p.action == "changed"]
    assert plan.changes == [{"column": "承诺办结时限", "old": "5", "new": "3"}]


def test_local_type_codes_map_through_the_admin_edited_vocabulary(world):
    rows = "基本编码,事项名称,事项类型,所属主项基本编码,目录维护区划代码,行使层级,地方基本编码,事项状态,生效日期,"
    rows += "取消日期\n"
    rows += "000201001000,行政处罚事项,CF,,510000,县级,,在用,,\n000701001000,行政确认事项,7,,510000,县级,,,,\n"
    report = run_import("catalog_item", rows.encode(), "items.csv")
    assert not report.errors, report.as_text()
    assert CatalogItem.objects.get(code="000201001000").item_type == "02"
    assert CatalogItem.objects.get(code="000701001000").item_type == "07"

    CodeMapping.objects.filter(local_value="CF").delete()
    again = run_import("catalog_item", rows.replace("000201001000", "000201002000").encode(), "items.csv")
    assert any(i.column == "事项类型" and "代码对照" in i.message for i in again.errors)


def test_county_admin_cannot_import_rows_of_another_county(county_admin):
    before = db_state()

    report = run_import("implementation", read("outside_county.xlsx"), "outside_county.xlsx", user=county_admin)

    [issue] = report.errors
    assert (issue.row, issue.column) == (3, "实施区划代码") and "不在您的管辖范围内" in issue.message
    assert db_state() == before


def test_county_admin_imports_rows_of_its_own_county(county_admin):
    report = run_import("implementation", read("valid.xlsx"), "valid.xlsx", user=county_admin, reason="县级导入")

    assert not report.errors, report.as_text()
    # Created, then published as its first revision: both history rows name the importing user.
    assert {r.history_user for r in Implementation.history.all()} == {county_admin}


def test_viewer_cannot_import(client, viewer):
    client.force_login(viewer)
    upload = ContentFile(read("valid.xlsx"), name="valid.xlsx")

    response = client.post(reverse("importers_index"), {"resource": "implementation", "file": upload})

    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_admin_flow_upload_preview_confirm_and_roll_back(client, world, admin_user):
    client.force_login(admin_user)
    before = db_state()
    # upload: checked, nothing written
    response = client.post(reverse("importers_index"), {
        "resource": "implementation", "file": ContentFile(read("valid.xlsx"), name="valid.xlsx")})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == BatchStatus.PREVIEW
    page = client.get(reverse("importers_batch", args=[batch.pk])).content.decode()
    assert "新增 1 行" in page and "确认导入" in page
    assert db_state() == before
    # confirm: written, history carries the user and the batch
    client.post(reverse("importers_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    record = Implementation.history.get(history_type="+")
    assert (record.history_user, record.history_change_reason) == (admin_user, batch.change_reason)
    assert Implementation.objects.get().latest_revision.user == admin_user
    assert Material.objects.count() == 2
    # roll back the whole batch
    client.post(reverse("importers_rollback", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.ROLLED_BACK
    assert Implementation.objects.count() == Material.objects.count() == 0


def test_refused_upload_shows_row_column_and_message(client, world, admin_user):
    client.force_login(admin_user)
    client.post(reverse("importers_index"), {
        "resource": "implementation", "file": ContentFile(read("committed_over_statutory.xlsx"), name="c.xlsx")})
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.INVALID
    page = client.get(reverse("importers_batch", args=[batch.pk])).content.decode()
    assert "承诺办结时限不能超过法定办结时限" in page and "确认导入" not in page


def test_rollback_restores_changed_rows_and_replaced_materials(filled, admin_user):
    implementation = Implementation.objects.get()
    data = export_xlsx("implementation")
    workbook = load_workbook(ContentFile(data))
    sheet = workbook["申请材料"]
    sheet["B3"].value = "营业执照副本"
    main = workbook["实施清单"]
    main.cell(row=2, column=[c.value for c in main[1]].index("承诺办结时限") + 1).value = 3
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = ImportBatch.objects.create(resource="implementation", original_name="x.xlsx", user=admin_user)
    batch.file.save("x.xlsx", ContentFile(buffer.getvalue()))
    run_batch(batch.pk, confirm=False)
    batch = run_batch(batch.pk, confirm=True)
    assert batch.status == BatchStatus.DONE, batch.report
    implementation.refresh_from_db()
    assert implementation.committed_limit == 3
    assert sorted(implementation.materials.values_list("name", flat=True)) == ["申请表", "营业执照副本"]

    batch_rollback(batch=batch, user=admin_user)

    implementation.refresh_from_db()
    assert implementation.committed_limit == 5
    assert sorted(implementation.materials.values_list("name", flat=True)) == ["申请表", "营业执照"]


def test_batch_records_progress_while_it_checks(world, monkeypatch):
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 1)
    rows = read("valid.xlsx")
    batch = ImportBatch.objects.create(resource="implementation", original_name="valid.xlsx")
    batch.file.save("valid.xlsx", ContentFile(rows))
    seen = []
    original = ImportBatch.objects.filter

    def spy(*args, **kwargs):
        queryset = original(*args, **kwargs)
        seen.append(queryset.values_list("status", "processed_rows").first())
        return queryset

    monkeypatch.setattr(ImportBatch.objects, "filter", spy)
    batch = run_batch(batch.pk, confirm=False)

    assert (BatchStatus.CHECKING, 1) in seen  # progress was visible while checking
    assert (batch.status, batch.processed_rows, batch.total_rows) == (BatchStatus.PREVIEW, 3, 3)


def test_large_file_goes_to_the_task_backend_and_reports_progress(world, client, admin_user, settings):
    # given every file counts as large, and tasks run at once (the test settings' immediate backend)
    settings.IMPORTERS_BACKGROUND_BYTES = 0
    batch = ImportBatch.objects.create(resource="implementation", original_name="valid.xlsx", user=admin_user)
    batch.file.save("valid.xlsx", ContentFile(read("valid.xlsx")))

    # when
    assert start_batch(batch, confirm=False) is True

    # then
    client.force_login(admin_user)
    progress = client.get(reverse("importers_progress", args=[batch.pk])).json()
    assert progress == {"status": "preview", "status_label": "待确认", "processed_rows": 3, "total_rows": 3,
                        "percent": 100, "running": False}


@pytest.mark.django_db(transaction=True)
def test_large_file_is_checked_and_imported_by_the_worker_like_a_small_one(
        world, client, admin_user, settings, database_tasks):
    from django_tasks_db.models import DBTaskResult

    # given the same file checked in the request, and every file counting as large from now on
    inline = ImportBatch.objects.create(resource="implementation", original_name="valid.xlsx", user=admin_user)
    inline.file.save("valid.xlsx", ContentFile(read("valid.xlsx")))
    inline = run_batch(inline.pk, confirm=False)
    settings.IMPORTERS_BACKGROUND_BYTES = 0
    client.force_login(admin_user)
    before = db_state()

    # when uploaded, the check waits for the worker
    client.post(reverse("importers_index"), {
        "resource": "implementation", "file": ContentFile(read("valid.xlsx"), name="valid.xlsx")})
    batch = ImportBatch.objects.exclude(pk=inline.pk).get()
    assert client.get(reverse("importers_progress", args=[batch.pk])).json()["status"] == "queued"
    assert DBTaskResult.objects.get(task_path="importers.tasks.run_batch_task").status == "READY"

    # then the worker checks it: the same preview as in the request, nothing written
    call_command("run_worker", "--once", verbosity=0)
    batch.refresh_from_db()
    assert (batch.status, batch.report) == (BatchStatus.PREVIEW, inline.report)
    assert db_state() == before

    # when confirmed, the import too waits for the worker, then writes as the uploading user
    client.post(reverse("importers_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTING and Implementation.objects.count() == 0
    call_command("run_worker", "--once", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE, batch.report
    record = Implementation.history.get(history_type="+")
    assert (record.history_user, record.history_change_reason) == (admin_user, batch.change_reason)
    assert Implementation.objects.get().latest_revision.user == admin_user
    assert Material.objects.count() == 2
    assert set(DBTaskResult.objects.filter(task_path="importers.tasks.run_batch_task")
               .values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_batch_given_up_on_while_queued_is_not_run_later(world, admin_user):
    from importers.tasks import run_batch_task

    batch = ImportBatch.objects.create(resource="implementation", original_name="valid.xlsx", user=admin_user,
                                       status=BatchStatus.FAILED)
    batch.file.save("valid.xlsx", ContentFile(read("valid.xlsx")))

    assert run_batch_task.enqueue(batch.pk, False).return_value == BatchStatus.FAILED
    batch.refresh_from_db()
    assert (batch.status, batch.processed_rows) == (BatchStatus.FAILED, 0)


def test_import_command_previews_and_exits_non_zero_on_errors(world, capsys, tmp_path):
    path = tmp_path / "c.xlsx"
    path.write_bytes(read("committed_over_statutory.xlsx"))
    with pytest.raises(CommandError):
        call_command("import_data", "implementation", str(path))
    assert "第2行「承诺办结时限」" in capsys.readouterr().out
    assert Implementation.objects.count() == 0


def test_import_and_export_commands(world, admin_user, capsys, tmp_path):
    path = tmp_path / "valid.xlsx"
    path.write_bytes(read("valid.xlsx"))
    call_command("import_data", "implementation", str(path), "--dry-run", "--user", admin_user.username)
    assert "新增 1 行" in capsys.readouterr().out and Implementation.objects.count() == 0
    call_command("import_data", "implementation", str(path), "--user", admin_user.username)
    assert Implementation.objects.count() == 1
    out = tmp_path / "out.csv"
    call_command("export_data", "implementation", "--region", "511602", str(out))
    assert "000101001000" in out.read_bytes().decode("utf-8-sig")


def test_rollback_is_refused_when_a_row_changed_after_the_import(world, admin_user):
    batch = ImportBatch.objects.create(resource="implementation", original_name="valid.xlsx", user=admin_user)
    batch.file.save("valid.xlsx", ContentFile(read("valid.xlsx")))
    run_batch(batch.pk, confirm=False)
    batch = run_batch(batch.pk, confirm=True)
    implementation = Implementation.objects.get()
    implementation.committed_limit = 4
    implementation._change_reason = "手工修改"
    implementation.save()

    with pytest.raises(ValidationError, match="在导入后又被修改过"):
        batch_rollback(batch=batch, user=admin_user)

    assert Implementation.objects.get().committed_limit == 4
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE


def test_code_vocabulary_is_edited_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("wagtailsnippets_importers_codemapping:list"))
    assert response.status_code == 200 and "即办件" in response.content.decode()
    assert CodeMapping.history.model._meta.db_table  # under history like every configuration model
