"""Writes the acceptance corpus in tests/importers/files/ (run once; the files are committed).

    .venv/bin/python -m tests.importers.make_files

Every file refers to the rows of tests/importers/conftest.py (`world`).
"""

import csv
import io
from pathlib import Path

from openpyxl import Workbook

from config_models.codes import credit_code_check_char

FILES = Path(__file__).parent / "files"


def _credit(body17: str) -> str:
    return body17 + credit_code_check_char(body17)


DEPARTMENT = _credit("11511602MA0000007")  # 广安区住房和城乡建设局, county 511602
SIBLING_DEPARTMENT = _credit("11511603MA0000008")  # 前锋区, the sibling county
ITEM = "000101001000"  # allowed at county level
CITY_ONLY_ITEM = "000101002000"  # allowed at city level only

HEADERS = [
    "基本编码", "实施区划代码", "实施主体统一社会信用代码", "地方实施编码", "法定办结时限", "法定时限单位",
    "承诺办结时限", "承诺时限单位", "办件类型", "服务对象", "到办事现场次数", "必须现场办理原因说明", "窗口办理",
    "网上办理", "支持物流快递", "支持预约办理", "支持网上支付", "网上办理深度", "网上办理地址", "是否收费",
    "收费标准", "收费依据", "咨询电话", "监督投诉电话", "办理地点", "办理时间", "通办范围", "受理条件", "办理流程",
    "实施状态", "停止实施日期",
]
MATERIAL_HEADERS = [
    "实施编码", "材料名称", "材料形式", "材料必要性", "来源渠道", "来源渠道说明", "原件份数", "复印件份数",
    "纸质材料规格", "填报须知", "易错范例", "要求提供材料的依据", "可用电子证照免提交",
]


def row(**overrides) -> list:
    values = {"基本编码": ITEM, "实施区划代码": "511602", "实施主体统一社会信用代码": DEPARTMENT, "法定办结时限": 20,
              "法定时限单位": "工作日", "承诺办结时限": 5, "承诺时限单位": "工作日", "办件类型": "承诺件",
              "服务对象": "企业法人", "到办事现场次数": 1, "必须现场办理原因说明": "需现场核验原件",
              "窗口办理": "是", "网上办理": "否", "支持物流快递": "否", "支持预约办理": "否", "支持网上支付": "否",
              "网上办理深度": "不可网办", "是否收费": "否", "咨询电话": "0826-2345678", "监督投诉电话": "12345",
              "通办范围": "属地办理", "实施状态": "在用"}
    values.update(overrides)
    return [values.get(h, "") for h in HEADERS]


def implementation_code(credit=DEPARTMENT, level="4", item=ITEM) -> str:
    return f"{credit}{level}{item}"


def material(name="建设工程施工许可申请表", code=None) -> list:
    return [code or implementation_code(), name, "纸质", "必要", "申请人自备", "", 1, 0, "A4", "", "", "", "否"]


def xlsx(name: str, rows: list[list], *, headers=HEADERS, materials=None, edit=None) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "实施清单"
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    if materials is not None:
        extra = workbook.create_sheet("申请材料")
        extra.append(MATERIAL_HEADERS)
        for values in materials:
            extra.append(values)
    if edit:
        edit(sheet)
    workbook.save(FILES / name)


def csv_file(name: str, rows: list[list], encoding: str, headers=HEADERS) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([[str(v) for v in values] for values in rows])
    (FILES / name).write_bytes(buffer.getvalue().encode(encoding))


def main() -> None:
    FILES.mkdir(exist_ok=True)
    # Valid files: how they are read.
    xlsx("valid.xlsx", [row()], materials=[material(), material("营业执照")])
    csv_file("utf8.csv", [row(必须现场办理原因说明="需现场核验身份证件")], "utf-8")
    csv_file("utf8_bom.csv", [row(必须现场办理原因说明="需现场核验身份证件")], "utf-8-sig")
    csv_file("gbk.csv", [row(必须现场办理原因说明="需现场核验身份证件")], "gbk")
    # 㐀 is outside GBK: only GB18030 encodes it.
    csv_file("gb18030.csv", [row(必须现场办理原因说明="需现场核验身份证件㐀")], "gb18030")
    messy = row(基本编码="０００１０１００１０００", 实施区划代码=" 511602 ", 咨询电话="０８２６－２３４５６７８",
                必须现场办理原因说明="  需现场\r\n  核验原件  ")
    csv_file("fullwidth.csv", [messy], "utf-8")
    xlsx("numeric_code_restored.xlsx", [row(基本编码=101001000)])
    xlsx("trailing_empty_rows.xlsx", [row(), *[[None] * len(HEADERS) for _ in range(5)]],
         edit=lambda sheet: [sheet.cell(row=r, column=1).__setattr__("number_format", "@") for r in range(3, 30)])
    # Files that must be refused, each for one reason.
    xlsx("numeric_credit_code.xlsx", [row(实施主体统一社会信用代码=115116020000000071)])
    csv_file("scientific_code.csv", [row(基本编码="1.01001E+11")], "utf-8")
    xlsx("duplicate_keys.xlsx", [row(), row(承诺办结时限=3)])
    xlsx("formula.xlsx", [row(承诺办结时限="=2+3")])
    xlsx("merged.xlsx", [row(), row(实施区划代码="", 基本编码=CITY_ONLY_ITEM)],
         edit=lambda sheet: sheet.merge_cells("B2:B3"))
    xlsx("unknown_department.xlsx", [row(实施主体统一社会信用代码=_credit("11511602MA0000099"))])
    xlsx("committed_over_statutory.xlsx", [row(法定办结时限=5, 承诺办结时限=10)])
    xlsx("catch_all_material.xlsx", [row()], materials=[material(), material("其他相关材料")])
    xlsx("level_not_allowed.xlsx", [row(基本编码=CITY_ONLY_ITEM)])
    xlsx("outside_county.xlsx", [row(), row(实施区划代码="511603", 实施主体统一社会信用代码=SIBLING_DEPARTMENT)])
    xlsx("empty_sheet.xlsx", [], headers=[])
    xlsx("wrong_headers.xlsx", [row()], headers=["事项编码", *HEADERS[1:]])
    wrong_check = DEPARTMENT[:17] + ("0" if DEPARTMENT[17] != "0" else "1")
    buffer = io.StringIO()
    csv.writer(buffer).writerows([
        ["名称", "统一社会信用代码", "所属区划代码", "实施主体性质", "确认使用校验未通过的历史代码"],
        ["广安区新设局", wrong_check, "511602", "法定机关", "否"],
    ])
    (FILES / "wrong_check_digit.csv").write_bytes(buffer.getvalue().encode("utf-8-sig"))


if __name__ == "__main__":
    main()
