"""Read an uploaded file into tables of raw cells, reporting what a spreadsheet can hide.

- CSV: UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK), so Excel's "CSV" from a
  Chinese Windows reads correctly. UTF-8 is strict, so GBK bytes never pass as UTF-8.
- XLSX: formulas are read as formulas (data_only=False), never as a cached or missing value; merged
  ranges are read from the sheet XML (openpyxl's fast read-only mode does not expose them). Empty rows at
  the end are dropped; empty rows in between are skipped with a warning.
"""

import csv
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from config_models.text import normalize_text

INSTRUCTIONS_SHEET = "填写说明"


@dataclass
class Issue:
    sheet: str
    row: int | None
    column: str
    message: str
    level: str = "error"

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message,
                "level": self.level}


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: list[tuple[int, dict]]  # (spreadsheet row number, {header: raw value})
    issues: list[Issue] = field(default_factory=list)


class UnreadableFile(Exception):
    """The file cannot be read at all (the message is Chinese and shown as is)."""


def read_file(data: bytes, filename: str) -> list[Table]:
    name = filename.lower()
    if name.endswith(".csv"):
        return [_read_csv(data, filename)]
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    raise UnreadableFile("只支持 .xlsx 和 .csv 文件（.xls 请在Excel中另存为 .xlsx）。")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("无法识别文件编码：CSV文件应为UTF-8或GBK/GB18030编码。")


def _header(value) -> str:
    return normalize_text(str(value)) if value is not None else ""


def _table(name: str, raw_rows: list[tuple[int, list]], issues: list[Issue]) -> Table:
    while raw_rows and all(_empty(v) for v in raw_rows[-1][1]):
        raw_rows.pop()  # trailing empty rows: Excel keeps formatted but empty rows
    if not raw_rows:
        return Table(name, [], [], issues)
    headers = [_header(v) for v in raw_rows[0][1]]
    while headers and not headers[-1]:
        headers.pop()
    rows = []
    for number, values in raw_rows[1:]:
        if all(_empty(v) for v in values):
            issues.append(Issue(name, number, "", "空行，已跳过。", "warning"))
            continue
        extra = [v for v in values[len(headers):] if not _empty(v)]
        if extra:
            issues.append(Issue(name, number, "", "表头以外的列有内容，请检查是否错列。"))
        rows.append((number, {h: (values[i] if i < len(values) else None) for i, h in enumerate(headers) if h}))
    return Table(name, headers, rows, issues)


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_csv(data: bytes, filename: str) -> Table:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    return _table(filename, [(number, row) for number, row in enumerate(reader, start=1)], [])


def _merged_ranges(data: bytes) -> dict[str, list[str]]:
    """sheet name → merged ranges ("A2:A4"), from the workbook XML."""
    ranges: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        targets = {}
        for rel in re.findall(r"<Relationship\b[^>]*>", rels):
            rel_id, target = re.search(r'Id="([^"]+)"', rel), re.search(r'Target="([^"]+)"', rel)
            if rel_id and target:
                targets[rel_id.group(1)] = target.group(1)
        for sheet in re.findall(r"<sheet\b[^>]*>", workbook):
            name, rel_id = re.search(r'name="([^"]*)"', sheet), re.search(r'r:id="([^"]+)"', sheet)
            if not (name and rel_id and rel_id.group(1) in targets):
                continue
            target = targets[rel_id.group(1)]
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            try:
                xml = archive.read(path).decode("utf-8")
            except KeyError:
                continue
            from html import unescape

            ranges[unescape(name.group(1))] = re.findall(r'<mergeCell\b[^>]*ref="([^"]+)"', xml)
    return ranges


def _read_xlsx(data: bytes) -> list[Table]:
    try:
        merged = _merged_ranges(data)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(f"无法读取Excel文件：{error}") from None
    tables = []
    for sheet in workbook.worksheets:
        if sheet.title == INSTRUCTIONS_SHEET:
            continue
        issues: list[Issue] = []
        raw_rows = []
        sheet.reset_dimensions()  # some writers store a wrong dimension; read what is there
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            values = []
            for cell in cells:
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
                    issues.append(Issue(sheet.title, number, "", f"单元格{cell.coordinate}是公式（{value}），"
                                        "导入不计算公式，请复制后“粘贴为数值”。"))
                    value = None
                values.append(value)
            raw_rows.append((number, values))
        table = _table(sheet.title, raw_rows, issues)
        for ref in merged.get(sheet.title, []):
            min_col, min_row, _max_col, _max_row = range_boundaries(ref)
            column = table.headers[min_col - 1] if min_col - 1 < len(table.headers) else ""
            table.issues.append(Issue(sheet.title, min_row, column,
                                      f"合并单元格（{ref}）：请取消合并，并在每一行填写完整的值。"))
        _attach_columns(table)
        tables.append(table)
    workbook.close()
    return tables


def _attach_columns(table: Table) -> None:
    """Name the column of a formula issue from its cell coordinate."""
    for issue in table.issues:
        if issue.column or "单元格" not in issue.message:
            continue
        match = re.search(r"单元格([A-Z]+)[0-9]+", issue.message)
        if match:
            from openpyxl.utils import column_index_from_string

            index = column_index_from_string(match.group(1)) - 1
            if index < len(table.headers):
                issue.column = table.headers[index]
