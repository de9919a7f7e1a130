"""Writes the 好差评 sample spreadsheets in tests/importers/files/ (run once; the files are committed).

    .venv/bin/python -m tests.importers.make_evaluation_files

They name the rows of tests/evaluation_helpers.py (`evaluation_world`), as the national 好差评 system
exports them: a rating as a number or its label, a date as a date cell or text.
"""

import datetime as dt

from openpyxl import Workbook

from config_models.codes import implementation_code
from tests.evaluation_helpers import FOOD, LICENCE, MARKET
from tests.importers.make_files import FILES

HEADERS = ["评价编号", "评价渠道", "评价等级", "实施编码", "基本编码", "区划代码", "窗口号", "一件事编码", "工作人员",
           "评价日期", "评价内容"]
LICENCE_CODE = implementation_code(MARKET, "county", LICENCE)


def row(external_id, channel="窗口评价器", rating=5, code="", catalog="", region="", window="", bundle="", staff="",
        on=dt.date(2026, 9, 18), text=""):
    return [external_id, channel, rating, code, catalog, region, window, bundle, staff, on, text]


GOOD = [
    row("HCP2026091800001", rating=5, code=LICENCE_CODE, region="511602", window="2", staff="张三", text="办事很快"),
    row("HCP2026091800002", "网上办事大厅", "非常不满意", catalog=FOOD, region="511602", text="材料要求不清楚"),
    row("HCP2026092400003", "12345热线", 2, region="511602", window="1", staff="李四", on="2026-09-24",
        text="等候时间太长"),
    row("HCP2026092500004", "二维码", 4.0, code=LICENCE_CODE, on="2026/09/25"),
]
BAD = [
    row("HCP2026091800011", code=LICENCE_CODE),
    row("HCP2026091800012", rating=6, code=LICENCE_CODE),
    row("HCP2026091800013", "传真", 5, code=LICENCE_CODE),
    row("HCP2026091800014", rating=1, code="9" * 31),
    row("HCP2026091800015", rating=1, code=LICENCE_CODE, region="511603", window="1"),
    row("HCP2026091800016", rating=3, code=LICENCE_CODE, on=dt.date(2099, 1, 1)),
    row("HCP2026091800017", rating=3),
]


def xlsx(name: str, rows: list[list]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "好差评"
    sheet.append(HEADERS)
    for values in rows:
        sheet.append(values)
    for cells in sheet.iter_rows(min_row=2, min_col=4, max_col=8):
        for cell in cells:
            cell.number_format = "@"
    workbook.save(FILES / name)


def main() -> None:
    xlsx("evaluations.xlsx", GOOD)
    xlsx("evaluations_bad_rows.xlsx", BAD)


if __name__ == "__main__":
    main()
