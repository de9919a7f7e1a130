"""Writing spreadsheets: exports (same columns as the import, so export → import changes nothing) and
blank templates with drop-downs, text-formatted code columns and an instructions sheet."""

import codecs
import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from importers.reader import INSTRUCTIONS_SHEET
from importers.resources import RESOURCE_LABELS, RESOURCES, MaterialResource, SheetResource
from importers.widgets import BoolWidget, ChoiceWidget, CodeWidget

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXPORT_ONLY_FILL = PatternFill("solid", fgColor="EDEDED")
TEXT = "@"


def sheets_of(resource_name: str) -> list[SheetResource]:
    resources = [RESOURCES[resource_name]()]
    if resource_name == "implementation":
        resources.append(MaterialResource())
    return resources


def _queryset(resource: SheetResource, region=None, user=None):
    """The rows to export: a region's subtree, and only what the user may see."""
    from config_models import scope
    from config_models.models import Implementation, Material

    rows = resource.export_queryset(region)
    if user is None:
        return rows
    if resource.model is Material:
        visible = scope.scoped(user, ["view"], Implementation.objects.all()).values("pk")
        return rows.filter(implementation__in=visible)
    return rows.filter(pk__in=scope.scoped(user, ["view"], resource.model._default_manager.all()).values("pk"))


def _rows(resource: SheetResource, queryset) -> list[list]:
    fields = list(resource.fields.values())
    return [[f.export(obj) for f in fields] for obj in queryset.iterator(chunk_size=2000)]


def _sheet(workbook: Workbook, resource: SheetResource, rows: list[list], *, template: bool = False):
    sheet = workbook.create_sheet(resource.sheet_name)
    fields = list(resource.fields.values())
    sheet.append([f.column_name for f in fields])
    for index, f in enumerate(fields, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = EXPORT_ONLY_FILL if getattr(f, "export_only", False) else HEADER_FILL
        sheet.column_dimensions[letter].width = max(12, len(f.column_name) * 2 + 2)
        if isinstance(f.widget, CodeWidget):
            sheet.column_dimensions[letter].number_format = TEXT  # new rows typed in Excel stay text
        if template:
            choices = None
            if isinstance(f.widget, ChoiceWidget):
                choices = [str(label) for label in f.widget.enum.labels]
            elif isinstance(f.widget, BoolWidget):
                choices = ["是", "否"]
            if choices:
                validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                            showErrorMessage=True, errorTitle="取值无效",
                                            error=f"请从下拉列表中选择{f.column_name}。")
                validation.add(f"{letter}2:{letter}10001")
                sheet.add_data_validation(validation)
    for row in rows:
        sheet.append(row)
    code_columns = [i for i, f in enumerate(fields, start=1) if isinstance(f.widget, CodeWidget)]
    for row_cells in sheet.iter_rows(min_row=2):
        for index in code_columns:
            row_cells[index - 1].number_format = TEXT
    sheet.freeze_panes = "A2"
    return sheet


def export_xlsx(resource_name: str, region=None, user=None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for resource in sheets_of(resource_name):
        _sheet(workbook, resource, _rows(resource, _queryset(resource, region, user)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_csv(resource_name: str, region=None, user=None) -> bytes:
    """One resource as CSV, UTF-8 with a BOM so that Excel shows the Chinese (DESIGN.md §7)."""
    resource = RESOURCES[resource_name]()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([f.column_name for f in resource.fields.values()])
    writer.writerows(_rows(resource, _queryset(resource, region, user)))
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def template_xlsx(resource_name: str) -> bytes:
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    instructions.append([f"{RESOURCE_LABELS[resource_name]} 导入模板 填写说明"])
    instructions["A1"].font = HEADER_FONT
    for line in [
        "1. 在后面的工作表中从第2行起逐行填写，不要修改表头，不要合并单元格，不要使用公式。",
        "2. 编码列（基本编码、区划代码、统一社会信用代码、实施编码等）已设为文本格式；"
        "请勿改为数字格式，否则前导0会丢失。",
        "3. 有下拉列表的列请从列表中选择；事项类型也可填写国家编码（如01）或“代码对照”中维护的地方代码（如XK）。",
        "4. 灰色表头的列由系统生成，导入时不读取。",
        "   “申请材料”工作表按实施编码对应实施清单：列出的实施清单，其材料按表中顺序整体替换；未列出的保留原有材料。",
        "5. 导入先检查并预览，确认后才写入；任何一行有错误，整个文件都不会写入。",
    ]:
        instructions.append([line])
    instructions.append([])
    for resource in sheets_of(resource_name):
        instructions.append([f"工作表“{resource.sheet_name}”各列："])
        for f in resource.fields.values():
            note = getattr(f, "help_text", "")
            if isinstance(f.widget, ChoiceWidget):
                note = note or "可选：" + "、".join(str(label) for label in f.widget.enum.labels)
            instructions.append([f.column_name, note])
        instructions.append([])
    instructions.column_dimensions["A"].width = 40
    instructions.column_dimensions["B"].width = 80
    for resource in sheets_of(resource_name):
        _sheet(workbook, resource, [], template=True)
    example = EXAMPLES.get(resource_name)
    if example:
        instructions.append(["示例行（请勿照抄）："])
        instructions.append(list(example))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXAMPLES = {
    "region": ("511602", "广安区", "县级", "511600"),
    "department": ("广安区行政审批局", "115113016823646795", "511602", "法定机关", "否"),
    "catalog_item": ("000101001000", "建设工程施工许可证核发", "行政许可", "", "510000", "县级、乡镇（街道）级", "",
                     "在用", "", ""),
    "implementation": ("", "", "000101001000", "511602", "115113016823646795", "", 20, "工作日", 5, "工作日",
                       "承诺件", "企业法人", 1, "需现场核验原件", "是", "否", "否", "否", "否", "不可网办", "",
                       "否", "", "", "0826-2345678", "12345", "广安区政务服务中心", "工作日9:00-17:00", "属地办理",
                       "", "", "在用", ""),
    "material": ("1151130168236467954000101001000", "申请表", "纸质", "必要", "申请人自备", "", 1, 0, "A4", "", "", "",
                 "否"),
}
