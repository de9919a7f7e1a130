"""Read an uploaded file into tables of raw cells, reporting what a spreadsheet can hide.

- CSV: UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK), so Excel's "CSV" from a
  Chinese Windows reads correctly. UTF-8 is strict, so GBK bytes never pass as UTF-8.
- XLSX: the sheet XML is streamed (openpyxl's helpers for styles and dates). Formulas are reported as
  formulas, never read as a cached or missing value; merged ranges are reported. Empty rows at the end
  are dropped; empty rows in between are skipped with a warning.
"""

import csv
import datetime
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import from_excel

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


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REF = re.compile(r"([A-Z]+)([0-9]+)")


def _sheet_paths(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part path) in workbook order."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{PACKAGE_REL}Relationship")}
    paths = []
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(f"{REL}id"))
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            paths.append((sheet.get("name"), path))
    return paths


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    try:
        root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
    except KeyError:
        return []
    strings = []
    for item in root.iter(f"{MAIN}si"):
        # Plain <t>, or rich-text runs <r><t>; phonetic guides (<rPh>) are not part of the value.
        parts = [child.text or "" for child in item if child.tag == f"{MAIN}t"]
        parts += [t.text or "" for run in item if run.tag == f"{MAIN}r" for t in run.iter(f"{MAIN}t")]
        strings.append("".join(parts))
    return strings


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of cell styles whose number format is a date, so date cells read as dates."""
    try:
        root = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return set()
    formats = dict(BUILTIN_FORMATS)
    for fmt in root.iter(f"{MAIN}numFmt"):
        formats[int(fmt.get("numFmtId"))] = fmt.get("formatCode", "")
    cell_xfs = root.find(f"{MAIN}cellXfs")
    if cell_xfs is None:
        return set()
    return {index for index, xf in enumerate(cell_xfs.findall(f"{MAIN}xf"))
            if is_date_format(formats.get(int(xf.get("numFmtId", 0)), ""))}


def _number(text: str):
    return int(text) if re.fullmatch(r"-?[0-9]+", text) else float(text)


def _read_sheet(archive, name, path, shared, date_styles) -> Table:
    """Stream one sheet's XML (openpyxl's cell objects are several times slower for large files)."""
    issues: list[Issue] = []
    raw_rows: list[tuple[int, list]] = []
    merged: list[str] = []
    expected_row = 0
    with archive.open(path) as handle:
        for _event, element in ElementTree.iterparse(handle, events=("end",)):
            if element.tag == f"{MAIN}mergeCell":
                merged.append(element.get("ref"))
                continue
            if element.tag != f"{MAIN}row":
                continue
            number = int(element.get("r") or expected_row + 1)
            expected_row = number
            values: list = []
            for cell in element.iter(f"{MAIN}c"):
                ref = cell.get("r")
                match = CELL_REF.fullmatch(ref or "")
                index = column_index_from_string(match.group(1)) - 1 if match else len(values)
                values.extend([None] * (index - len(values)))
                values.append(_cell_value(cell, shared, date_styles, name, number, ref, issues))
            raw_rows.append((number, values))
            element.clear()
    table = _table(name, raw_rows, issues)
    for ref in merged:
        min_col, min_row, _max_col, _max_row = range_boundaries(ref)
        column = table.headers[min_col - 1] if min_col - 1 < len(table.headers) else ""
        table.issues.append(Issue(name, min_row, column, f"合并单元格（{ref}）：请取消合并，并在每一行填写完整的值。"))
    return table


def _cell_value(cell, shared, date_styles, sheet, number, ref, issues):
    kind = cell.get("t", "n")
    formula = cell.find(f"{MAIN}f")
    value_element = cell.find(f"{MAIN}v")
    text = value_element.text if value_element is not None else None
    if formula is not None:
        issues.append(Issue(sheet, number, "", f"单元格{ref}是公式（={formula.text or ''}），"
                            "导入不计算公式，请复制后“粘贴为数值”。"))
        return None
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
    if text is None:
        return None
    if kind == "s":
        return shared[int(text)]
    if kind == "b":
        return text == "1"
    if kind in ("str", "e"):
        return text
    if kind == "d":
        return datetime.datetime.fromisoformat(text)
    value = _number(text)
    if int(cell.get("s", 0)) in date_styles:
        return from_excel(value)
    return value


def _read_xlsx(data: bytes) -> list[Table]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        paths = _sheet_paths(archive)
        shared = _shared_strings(archive)
        date_styles = _date_styles(archive)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ElementTree.ParseError) as error:
        raise UnreadableFile(f"无法读取Excel文件：{error}") from None
    tables = []
    with archive:
        for name, path in paths:
            if name == INSTRUCTIONS_SHEET:
                continue
            table = _read_sheet(archive, name, path, shared, date_styles)
            _attach_columns(table)
            tables.append(table)
    return tables


def _attach_columns(table: Table) -> None:
    """Name the column of a formula issue from its cell coordinate."""
    for issue in table.issues:
        if issue.column or "单元格" not in issue.message:
            continue
        match = re.search(r"单元格([A-Z]+)[0-9]+", issue.message)
        if match:
            index = column_index_from_string(match.group(1)) - 1
            if index < len(table.headers):
                issue.column = table.headers[index]
