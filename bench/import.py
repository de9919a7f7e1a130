"""Import of 10,000 implementation rows with their materials (3 each, second sheet), measured against
django-import-export's default row-by-row import of the same file in the same run.

  ours      importers.engine: references resolved per file, every row validated by the service layer,
            new rows bulk inserted with their history, in one transaction
  default   import-export ModelResources (one per sheet) with import_data(): per row, lookups of the
            instance and of every foreign key, full_clean, save and history, in one transaction

Prints both times and default/ours (targets: ours at most 30 s on 2 cores, at least 5× faster).
Runs on a throwaway SQLite database (or DATABASE_URL if set):

    .venv/bin/python bench/import.py [--rows 10000]
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench-import.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django

django.setup()

import tablib  # noqa: E402
from django.core.management import call_command  # noqa: E402
from import_export import fields, resources, widgets  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from config_models import codes  # noqa: E402
from config_models.models import CatalogItem, Department, Implementation, Material, Region  # noqa: E402
from config_models.services.region import region_save  # noqa: E402
from importers.engine import run_import  # noqa: E402
from importers.resources import ImplementationResource, MaterialResource  # noqa: E402

DEPARTMENTS = 10


def setup(rows: int):
    call_command("migrate", verbosity=0)
    Material.objects.all().delete()
    Implementation.objects.all().delete()
    if not Region.objects.filter(code="511602").exists():
        province = region_save(region=Region(code="510000", name="四川省", level="province"))
        city = region_save(region=Region(code="511600", name="广安市", level="city", parent=province))
        region_save(region=Region(code="511602", name="广安区", level="county", parent=city))
    county = Region.objects.get(code="511602")
    province = Region.objects.get(code="510000")
    departments = []
    for n in range(DEPARTMENTS):
        body = f"11511602MA{n:07d}"
        credit = body + codes.credit_code_check_char(body)
        departments.append(Department.objects.get_or_create(
            credit_code=credit, defaults={"name": f"测试局{n}", "region": county})[0])
    items = rows // DEPARTMENTS
    existing = set(CatalogItem.objects.values_list("code", flat=True))
    CatalogItem.objects.bulk_create([
        CatalogItem(code=f"0001{n:05d}000", name=f"测试事项{n}", item_type="01", region=province,
                    allowed_levels=["county"], live=True)
        for n in range(items) if f"0001{n:05d}000" not in existing
    ])
    return departments, items


def workbook(departments, items: int) -> bytes:
    book = Workbook()
    main = book.active
    main.title = "实施清单"
    impl_fields = ImplementationResource().import_fields()
    main.append([f.column_name for f in impl_fields])
    material_sheet = book.create_sheet("申请材料")
    material_fields = MaterialResource().import_fields()
    material_sheet.append([f.column_name for f in material_fields])
    for n in range(items):
        for department in departments:
            values = {
                "基本编码": f"0001{n:05d}000", "实施区划代码": "511602",
                "实施主体统一社会信用代码": department.credit_code,
                "法定办结时限": 20, "法定时限单位": "工作日", "承诺办结时限": 5, "承诺时限单位": "工作日",
                "办件类型": "承诺件", "服务对象": "企业法人", "到办事现场次数": 1,
                "必须现场办理原因说明": "需现场核验原件", "窗口办理": "是", "网上办理": "否",
                "支持物流快递": "否", "支持预约办理": "否", "支持网上支付": "否", "网上办理深度": "不可网办",
                "是否收费": "否", "咨询电话": "0826-2345678", "监督投诉电话": "12345", "通办范围": "属地办理",
                "实施状态": "在用",
            }
            main.append([values.get(f.column_name, "") for f in impl_fields])
            code = f"{department.credit_code}4{values['基本编码']}"
            for name in ("申请表", "营业执照", "法定代表人身份证明"):
                material_sheet.append([code, name, "纸质", "必要", "申请人自备", "", 1, 0, "A4", "", "", "", "否"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class CodeFK(widgets.ForeignKeyWidget):
    def clean(self, value, row=None, **kwargs):
        return super().clean(str(value).strip() if value is not None else value, row, **kwargs)


class DefaultImplementationResource(resources.ModelResource):
    """What import-export does by default: one row at a time, a query per foreign key, save per row."""

    catalog_item = fields.Field("catalog_item", "基本编码", CodeFK(CatalogItem, "code"))
    region = fields.Field("region", "实施区划代码", CodeFK(Region, "code"))
    department = fields.Field("department", "实施主体统一社会信用代码", CodeFK(Department, "credit_code"))

    class Meta:
        model = Implementation
        import_id_fields = ("catalog_item", "region", "department")
        fields = ("catalog_item", "region", "department")
        clean_model_instances = True
        use_transactions = True

    def __init__(self):
        super().__init__()
        # Same column parsing as ours (labels such as 工作日 and 承诺件), so only the import machinery differs.
        for f in ImplementationResource().import_fields():
            if f.attribute not in ("catalog_item__code", "region__code", "department__credit_code"):
                self.fields[f.attribute] = fields.Field(f.attribute, f.column_name, f.widget)

    def before_save_instance(self, instance, row, **kwargs):
        instance.live = True


class ImplementationByCode(widgets.ForeignKeyWidget):
    def clean(self, value, row=None, **kwargs):
        return Implementation.objects.with_code(str(value)).get()


class DefaultMaterialResource(resources.ModelResource):
    implementation = fields.Field("implementation", "实施编码", ImplementationByCode(Implementation))

    class Meta:
        model = Material
        import_id_fields = ("implementation", "name")
        fields = ("implementation",)
        clean_model_instances = True
        use_transactions = True

    def __init__(self):
        super().__init__()
        for f in MaterialResource().import_fields():
            if f.attribute != "implementation__implementation_code":
                self.fields[f.attribute] = fields.Field(f.attribute, f.column_name, f.widget)


def run_default(data: bytes) -> None:
    book = tablib.Databook()
    book.load(data, format="xlsx")
    main, materials = book.sheets()
    for resource, sheet in ((DefaultImplementationResource(), main), (DefaultMaterialResource(), materials)):
        result = resource.import_data(sheet, dry_run=False, raise_errors=True)
        assert not result.has_validation_errors(), result.invalid_rows[:3]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    departments, items = setup(args.rows)
    data = workbook(departments, items)
    rows = items * len(departments)

    start = time.perf_counter()
    report = run_import("implementation", data, "bench.xlsx", reason="bench")
    ours = time.perf_counter() - start
    assert not report.errors, report.as_text()[:2000]
    assert Implementation.objects.count() == rows and Material.objects.count() == 3 * rows
    print(f"{rows} implementation rows + {3 * rows} material rows ({len(data) / 1e6:.1f} MB xlsx), "
          f"database {django.db.connection.vendor}")
    print(f"ours (importers.engine):            {ours:8.1f} s   (target <= 30 s)", flush=True)

    Material.objects.all().delete()
    Implementation.objects.all().delete()
    start = time.perf_counter()
    run_default(data)
    default = time.perf_counter() - start
    assert Implementation.objects.count() == rows and Material.objects.count() == 3 * rows

    print(f"default (import-export row by row): {default:8.1f} s")
    print(f"ratio default/ours:                 {default / ours:8.1f}x  (target >= 5x)")


if __name__ == "__main__":
    main()
