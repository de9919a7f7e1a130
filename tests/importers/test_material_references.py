"""Material references in a spreadsheet import: the e-certificate type an exempt material names (证照类型代码)
and a pledged material's pledge; a row breaking a rule is reported and nothing is written."""

import io

import pytest
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from config_models.models import CertificateType, Implementation
from importers.engine import run_import
from importers.workbook import export_xlsx
from tests.factories import CertificateTypeFactory
from tests.importers.conftest import db_state, read

pytestmark = pytest.mark.django_db


def _material_sheet(**cells) -> bytes:
    """The exported material sheet with the first material's cells replaced by header."""
    workbook = load_workbook(ContentFile(export_xlsx("material")))
    sheet = workbook["申请材料"]
    headers = {cell.value: cell.column_letter for cell in sheet[1]}
    for header, value in cells.items():
        sheet[f"{headers[header]}2"].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("cells,words", [
    ({"可用电子证照免提交": "是"}, "须选择对应的电子证照类型"),
    ({"可用电子证照免提交": "是", "电子证照类型代码": "11100000000013338W999"}, "电子证照目录中没有类型代码"),
    ({"材料必要性": "告知承诺", "承诺内容": "本人承诺……"}, "虚假承诺的后果"),
])
def test_an_import_breaking_a_material_rule_reports_it_and_writes_nothing(world, admin_user, cells, words):
    run_import("implementation", read("valid.xlsx"), "valid.xlsx", user=admin_user)
    before = db_state()
    report = run_import("material", _material_sheet(**cells), "m.xlsx", user=admin_user)
    assert any(words in issue.message for issue in report.errors), report.as_text()
    assert db_state() == before


def test_an_import_names_the_certificate_type_and_the_pledge(world, admin_user):
    run_import("implementation", read("valid.xlsx"), "valid.xlsx", user=admin_user)
    licence = CertificateTypeFactory(name="营业执照", region=world["regions"]["city"])
    report = run_import("material", _material_sheet(**{
        "可用电子证照免提交": "是", "电子证照类型代码": licence.type_code}), "m.xlsx", user=admin_user)
    assert not report.errors, report.as_text()
    first = Implementation.objects.get().materials.order_by("sort_order").first()
    assert first.e_certificate_exempt and first.certificate_type == licence
    assert CertificateType.objects.get(pk=licence.pk).materials.get() == first
