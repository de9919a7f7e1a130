"""The acceptance corpus: each file is refused for its reason, on its row and column, writing nothing;
the valid ones are read exactly."""

import io

import pytest

from config_models.models import Implementation, Material
from importers.engine import run_import
from tests.importers.conftest import db_state, read
from tests.importers.make_files import DEPARTMENT, ITEM


def _import(name, resource="implementation", **kwargs):
    return run_import(resource, read(name), name, reason="测试导入", **kwargs)


REFUSED = [
    # file, resource, sheet (None: the file's own name), row, column, words of the message
    ("numeric_credit_code.xlsx", "implementation", "实施清单", 2, "实施主体统一社会信用代码", "数字格式"),
    ("scientific_code.csv", "implementation", None, 2, "基本编码", "科学计数法"),
    ("duplicate_keys.xlsx", "implementation", "实施清单", 3, "基本编码、实施区划代码、实施主体统一社会信用代码",
     "与第2行重复"),
    ("formula.xlsx", "implementation", "实施清单", 2, "承诺办结时限", "公式"),
    ("merged.xlsx", "implementation", "实施清单", 2, "实施区划代码", "合并单元格"),
    ("unknown_department.xlsx", "implementation", "实施清单", 2, "实施主体统一社会信用代码", "实施主体不存在"),
    ("committed_over_statutory.xlsx", "implementation", "实施清单", 2, "承诺办结时限", "不能超过法定办结时限"),
    ("catch_all_material.xlsx", "implementation", "申请材料", 3, "材料名称", "兜底表述"),
    ("level_not_allowed.xlsx", "implementation", "实施清单", 2, "实施区划代码", "不能在县级实施"),
    ("empty_sheet.xlsx", "implementation", "实施清单", None, "", "工作表为空"),
    ("wrong_headers.xlsx", "implementation", "实施清单", 1, "", "表头不正确"),
    ("wrong_check_digit.csv", "department", None, 2, "统一社会信用代码", "校验位不正确"),
]


@pytest.mark.parametrize(("name", "resource", "sheet", "row", "column", "words"), REFUSED,
                         ids=[case[0] for case in REFUSED])
def test_refused_file_reports_row_and_column_and_writes_nothing(world, name, resource, sheet, row, column, words):
    # given
    before = db_state()
    # when
    report = _import(name, resource)
    # then
    matching = [i for i in report.errors if words in i.message]
    assert matching, report.as_text()
    issue = matching[0]
    assert (issue.sheet, issue.row, issue.column) == (sheet or name, row, column)
    assert db_state() == before


@pytest.mark.parametrize("name", ["utf8.csv", "utf8_bom.csv", "gbk.csv", "gb18030.csv"])
def test_csv_encodings_are_read_correctly(world, name):
    report = _import(name)

    assert not report.errors, report.as_text()
    implementation = Implementation.objects.get()
    assert implementation.visit_reason.startswith("需现场核验身份证件")
    if name == "gb18030.csv":
        assert implementation.visit_reason.endswith("㐀")


def test_full_width_characters_spaces_and_line_breaks_are_normalised(world):
    report = _import("fullwidth.csv")

    assert not report.errors, report.as_text()
    implementation = Implementation.objects.get()
    assert implementation.catalog_item.code == ITEM
    assert implementation.region.code == "511602"
    assert implementation.consult_phone == "0826-2345678"
    assert implementation.visit_reason == "需现场\n核验原件"


def test_numeric_catalog_code_is_restored_with_a_warning_on_its_row(world):
    report = _import("numeric_code_restored.xlsx")

    assert not report.errors, report.as_text()
    [warning] = [i for i in report.warnings if i.column == "基本编码"]
    assert warning.row == 2 and "000101001000" in warning.message
    assert Implementation.objects.get().catalog_item.code == ITEM


def test_trailing_empty_rows_are_ignored(world):
    report = _import("trailing_empty_rows.xlsx")

    assert not report.errors and not report.warnings, report.as_text()
    assert report.count("new") == 1


def test_valid_workbook_imports_implementations_with_materials_of_the_second_sheet(world, admin_user):
    report = _import("valid.xlsx", user=admin_user)

    assert not report.errors, report.as_text()
    implementation = Implementation.objects.get()
    assert implementation.implementation_code == f"{DEPARTMENT}4{ITEM}"
    assert [m.name for m in implementation.materials.order_by("sort_order")] == ["建设工程施工许可申请表", "营业执照"]
    record = implementation.history.get(history_type="+")
    assert record.history_user == admin_user and record.history_change_reason == "测试导入"
    assert Material.history.filter(history_change_reason="测试导入", history_type="+").count() == 2


def test_dry_run_writes_nothing(world):
    before = db_state()

    report = _import("valid.xlsx", dry_run=True)

    assert report.count("new") == 1 and not report.errors
    assert db_state() == before


def test_numeric_region_code_keeps_its_digits_with_a_warning(world):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(read("valid.xlsx")))
    workbook["实施清单"]["B2"].value = 511602  # typed as a number: a region code never starts with 0
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = run_import("implementation", buffer.getvalue(), "numeric_region.xlsx", dry_run=True)

    assert not report.errors, report.as_text()
    [warning] = report.warnings
    assert (warning.row, warning.column) == (2, "实施区划代码")
