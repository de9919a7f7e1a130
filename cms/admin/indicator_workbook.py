"""The 效能指标 dashboard as an xlsx workbook, for the reports a service centre files: one sheet per table
of the dashboard, the worklists of the unmet indicators, and the data-quality counts."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from config_models.indicators import Source, computation
from config_models.selectors import indicator as figures_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKLIST_ROWS = 5000  # per indicator: beyond this a region works from the admin's filtered lists
MET = {True: "达标", False: "未达标", None: "—"}


def _number(value):
    return None if value is None else float(value)


def _target(figure) -> str:
    if figure.target is None:
        return "未设目标"
    due = f"（{figure.target.due_date:%Y-%m-%d}前）" if figure.target.due_date else ""
    return f"{figure.indicator.get_direction_display()}{figure.target.value}{due}"


def _sheet(book, title, header):
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return sheet


def _worklist_line(indicator, row) -> list:
    if computation(indicator.computation).source == Source.MATERIAL:
        owner = row.implementation
        return [indicator.name, owner.catalog_item.name, owner.region.name, owner.department.name, row.name]
    return [indicator.name, row.catalog_item.name, row.region.name, row.department.name, ""]


def indicator_workbook(context: dict) -> bytes:
    region, day = context["region"], context["day"]
    book = Workbook()
    book.remove(book.active)

    figures = _sheet(book, "指标", ["区划", "指标", "数值", "单位", "分子", "分母", "目标", "依据", "是否达标"])
    for place, row in [(region, context["figures"]), *context["children"]]:
        for f in row:
            figures.append([place.name, f.indicator.name, _number(f.value), f.indicator.get_unit_display(),
                            _number(f.numerator), _number(f.denominator), _target(f),
                            f.target.document_number if f.target else "", MET[f.met]])

    names = [indicator.name for indicator in context["indicators"]]
    departments = _sheet(book, "部门", ["部门", *names])
    for department, row in context["departments"]:
        departments.append([department.name, *(_number(f.value) for f in row)])

    item_types = _sheet(book, "事项类型", ["事项类型", *names])
    for label, row in context["item_types"]:
        item_types.append([label, *(_number(f.value) for f in row)])

    worklist = _sheet(book, "待办清单", ["指标", "事项", "区划", "部门", "材料"])
    for figure in context["unmet"]:
        if computation(figure.indicator.computation).worklist is None:
            continue
        for row in figures_of.worklist(figure.indicator, region, on=day)[:WORKLIST_ROWS]:
            worklist.append(_worklist_line(figure.indicator, row))

    quotas = _sheet(book, "一件事目标", ["下达区划", "考核层级", "牵头部门", "目标数", "完成日期", "区划", "已上线",
                                         "完成情况"])
    for result in context["quotas"]:
        quota = result.quota
        lead = quota.department.name if quota.department else ""
        for row in result.regions:
            quotas.append([quota.region.name, quota.get_level_display(), lead, quota.count, quota.due_date,
                           row.region.name, row.counted, row.state])

    quality = _sheet(book, "数据质量", ["检查项", "说明", "条数"])
    for check, count in context["quality"]:
        quality.append([check.label, check.explanation, count])

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
