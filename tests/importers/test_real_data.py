"""The real district index (shared/data/real, copied here): imported with the documented mapping."""

from pathlib import Path

from config_models.models import CatalogItem, Department, Implementation
from config_models.models.change import Change, ChangeEntity, ChangeOperation
from importers.models import ImportBatch
from importers.realdata import import_guang_an

FILE = Path(__file__).parent / "files" / "guang_an_511602_items.csv"


def test_guang_an_index_is_refused_while_a_department_code_is_unusable(db):
    result = import_guang_an(FILE.read_bytes())

    assert result.treatments["error"] == 7  # 区烟草专卖局: no valid code anywhere in its rows
    assert {i.column for i in result.errors} == {"dept_code"}
    assert all(i.row for i in result.errors)
    assert Implementation.objects.count() == 0
    assert Implementation.history.count() == 0


def test_guang_an_index_imports_with_every_malformed_department_code_reported(db):
    result = import_guang_an(FILE.read_bytes(), skip_unusable=True)

    assert not result.errors, result.as_text()
    assert sum(result.treatments.values()) == 1135
    assert result.treatments["skipped"] == 7
    assert result.treatments["valid"] + result.treatments["case"] + result.treatments["org_code"] + (
        result.treatments["item_code"]) == 1128
    # Every row whose published department code is not a valid credit code carries a warning on that row.
    warned_rows = {i.row for i in result.issues if i.column == "dept_code"}
    assert len(warned_rows) == 1135 - result.treatments["valid"]
    assert Department.objects.count() == 33
    assert CatalogItem.objects.filter(local_code="511A0138000000").exists()
    assert CatalogItem.objects.count() == 1128
    drafts = Implementation.objects.all()
    assert drafts.count() == 1128 and not drafts.filter(live=True).exists()
    assert drafts.filter(local_code="511A0138000000-511602000000-000-115113010833722043-1-00").exists()
    batch = ImportBatch.objects.get(pk=result.batch_id)
    assert Implementation.history.filter(history_change_reason=batch.change_reason).count() == 1128
    # The change feed has one entry per created row, in bulk, tagged with the batch; drafts are not public.
    entries = Change.objects.filter(batch=str(batch.pk), operation=ChangeOperation.INSERT)
    assert entries.filter(entity=ChangeEntity.IMPLEMENTATION, public=False).count() == 1128
    assert entries.filter(entity=ChangeEntity.CATALOG_ITEM).count() == 1128
    assert entries.filter(entity=ChangeEntity.DEPARTMENT).count() == 33
    assert "部门编码有效" in result.as_text()


def test_guang_an_command_counts_rows_per_treatment_and_dry_run_writes_nothing(db, capsys):
    from django.core.management import call_command

    call_command("import_data", "guang_an_items", str(FILE), "--skip-unusable", "--dry-run")

    out = capsys.readouterr().out
    assert "部门编码无法使用（已确认跳过） 7 行" in out
    assert "[警告] 第3行「dept_code」：部门编码“083372204”为9位组织机构代码" in out
    assert Implementation.objects.count() == CatalogItem.objects.count() == 0
