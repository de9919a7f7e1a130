"""Import of a real district's published item index: shared/data/real/guang_an_511602_items.csv.

The file (四川省广安市广安区, 1,135 items of 34 departments) has columns department, main_item, item_name,
local_item_code, task_type, dept_code, area_code. Mapping:

- Region: `area_code` 511602000000 is the county 511602. The chain 四川省 510000 → 广安市 511600 →
  广安区 511602 is created when missing (through the region service).
- Departments (实施主体): one per `department` name, in the county. Its 统一社会信用代码 is chosen once per
  department, in this order, and every row reports how its own published `dept_code` was treated:
    valid        the published code is a valid 18-character credit code;
    case         valid once lower-case letters are upper-cased (warning);
    org_code     a 9-character 组织机构代码 (with or without its dash) whose 主体标识码 (positions 9–17) is
                 that of a valid credit code inside the department's local item codes: that code is used
                 (warning);
    item_code    any other shape (17/19/22 characters, numbers, the dashed organisation code of another body):
                 the department's most frequent valid credit code inside its local item codes is used
                 (warning, naming both codes);
    error        no valid code can be found, or the code is already another department's: the row is an
                 error, and nothing is written;
    skipped      the same rows when the importer acknowledges them (`skip_unusable=True`, the command's
                 --skip-unusable): they are listed as warnings and left out; everything else is written.
  In the real file only 区烟草专卖局 (7 rows) has no usable code: its published 71181655-9 matches no valid
  credit code inside its local item codes (they carry TE5116020105116050).
  The published code is never altered in place: it is quoted in the warning, and the local item code that
  carries it is kept verbatim as the implementation's 地方实施编码.
- Catalog items (基本目录): one per local basic code (the part of `local_item_code` before the 12-digit
  area code, e.g. 511A0138000000, or E-000004-001 for the few irregular codes), kept as 地方基本编码.
  Sichuan's codes do not follow the national 12-digit 基本编码, so each item gets a provisional national
  code `51` + type (2 digits) + a 5-digit sequence + `000` (the province-added prefix of standards.md §1),
  reported as a warning; an item already imported (same 地方基本编码) is reused. `task_type` (1, 5, 7, 10,
  20 …) maps to 事项类型 through the admin-edited code table (CodeMapping). Items may be implemented at
  county level. `main_item` is not a catalog field and is left out (未分类 everywhere but a few rows).
- Implementations (实施清单): one draft (not published, live=False) per row, 地方实施编码 = `local_item_code`.
  The published index has none of the handling elements, so the draft carries placeholders that pass the
  rules and say so (时限 0 即办件 with the note 待补充, 咨询电话 0826-0000000, 投诉电话 12345, 到现场 1 次 with
  the reason 待补充); a county editor completes each draft before publishing it.

Every write goes through config_models.services, in one transaction, with the history reason of an
ImportBatch, so the batch can be rolled back like any other import.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from config_models import codes, scope
from config_models.models import CatalogItem, Department, HandlingType, Implementation, ItemType, Region
from config_models.models.change import ChangeOperation
from config_models.models.implementation import PLACEHOLDER_TEXT
from config_models.services import save_validated
from config_models.services.catalog import catalog_item_bulk_create
from config_models.services.implementation import implementation_bulk_create
from config_models.services.region import region_save
from config_models.text import normalize_code, normalize_text
from importers.changes import feed_mark, grouped, record_once
from importers.reader import Issue, UnreadableFile, read_file
from importers.vocabularies import load_mappings
from importers.widgets import ChoiceWidget

GUANG_AN = "guang_an_items"
HEADERS = ["department", "main_item", "item_name", "local_item_code", "task_type", "dept_code", "area_code"]
REGION_CHAIN = [("510000", "四川省", "province"), ("511600", "广安市", "city"), ("511602", "广安区", "county")]
TREATMENTS = {"valid": "部门编码有效", "case": "部门编码大小写已规范", "org_code": "组织机构代码匹配到统一社会信用代码",
              "item_code": "采用事项编码中的统一社会信用代码", "error": "部门编码无法使用（错误）",
              "skipped": "部门编码无法使用（已确认跳过）"}
PLACEHOLDER = PLACEHOLDER_TEXT


@dataclass
class RealImportResult:
    issues: list[Issue] = field(default_factory=list)
    treatments: Counter = field(default_factory=Counter)
    created: Counter = field(default_factory=Counter)
    batch_id: int | None = None

    @property
    def errors(self):
        return [i for i in self.issues if i.level == "error"]

    def as_text(self) -> str:
        lines = ["部门编码处理（按行计）：" + "，".join(f"{TREATMENTS[k]} {self.treatments[k]} 行" for k in TREATMENTS)]
        lines.append("新增：" + "，".join(f"{k} {v}" for k, v in sorted(self.created.items())))
        for issue in self.issues:
            kind = "错误" if issue.level == "error" else "警告"
            lines.append(f"[{kind}] 第{issue.row}行「{issue.column}」：{issue.message}")
        return "\n".join(lines)


def split_local_code(local_code: str) -> tuple[str, str]:
    """(local basic code, implementing body's code) of a Sichuan local implementation code."""
    parts = local_code.split("-")
    for index, part in enumerate(parts):
        if index and re.fullmatch(r"[0-9]{12}", part):  # the area code; the basic code may be 12 digits too
            body = parts[index + 2] if len(parts) > index + 2 else ""
            return "-".join(parts[:index]), body
    return "-".join(parts[:-1]), parts[-1]


def _shape(code: str) -> str:
    if not code:
        return "为空"
    if re.fullmatch(r"[0-9A-Z]{8}-[0-9X]", code):
        return "为带连字符的组织机构代码"
    if len(code) == 9:
        return "为9位组织机构代码"
    if len(code) == 18:
        return "校验位不正确" if codes.credit_code_is_well_formed(code) else "含非法字符"
    return f"为{len(code)}位，不是18位统一社会信用代码"


def _choose_codes(rows) -> dict[str, tuple[str | None, dict[str, tuple[str, str]]]]:
    """department → (its credit code or None, {published code: (treatment, message)})."""
    by_department = defaultdict(list)
    for _number, row in rows:
        by_department[row["department"]].append(row)
    chosen = {}
    for department, items in by_department.items():
        embedded = Counter(
            body for body in (normalize_code(split_local_code(r["local_item_code"])[1]) for r in items)
            if codes.credit_code_check_passes(body)
        )
        published = Counter(str(r["dept_code"]).strip() for r in items)
        valid_published = [c for c in published if codes.credit_code_check_passes(c)]
        code = valid_published[0] if len(valid_published) == 1 else None
        if code is None:
            for raw in published:
                if codes.credit_code_check_passes(normalize_code(raw)):
                    code = normalize_code(raw)
                    break
        if code is None:
            for raw in published:
                org = normalize_code(raw).replace("-", "")
                matches = [body for body in embedded if len(org) == 9 and body[8:17] == org]
                if matches:
                    code = max(matches, key=embedded.get)
                    break
        ranked = embedded.most_common(2)
        if code is None and ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            code = ranked[0][0]
        treatments = {}
        for raw in published:
            normal = normalize_code(raw)
            if code is None:
                treatments[raw] = ("error", f"部门编码“{raw}”{_shape(normal)}，"
                                            "且事项编码中没有可确定的统一社会信用代码。")
            elif raw == code:
                treatments[raw] = ("valid", "")
            elif normal == code:
                treatments[raw] = ("case", f"部门编码“{raw}”含小写字母，已按“{code}”使用。")
            elif len(normal.replace("-", "")) == 9 and code[8:17] == normal.replace("-", ""):
                treatments[raw] = ("org_code", f"部门编码“{raw}”{_shape(normal)}，"
                                               f"已匹配到事项编码中的统一社会信用代码“{code}”。")
            else:
                treatments[raw] = ("item_code", f"部门编码“{raw}”{_shape(normal)}，已采用本部门事项编码中最常见的"
                                                f"统一社会信用代码“{code}”。")
        chosen[department] = (code, treatments)
    return chosen


def import_guang_an(data: bytes, *, filename: str = "guang_an_511602_items.csv", user=None,
                    dry_run: bool = False, skip_unusable: bool = False) -> RealImportResult:
    result = RealImportResult()
    try:
        [table] = read_file(data, filename)
    except UnreadableFile as error:
        result.issues.append(Issue(filename, None, "", str(error)))
        return result
    if table.headers != HEADERS:
        result.issues.append(Issue(filename, 1, "", f"表头应为：{','.join(HEADERS)}。"))
        return result
    rows = [(n, {k: normalize_text(v or "") for k, v in cells.items()}) for n, cells in table.rows]
    mappings = load_mappings()
    item_type_widget = ChoiceWidget(ItemType, vocabulary="item_type")
    item_types = {}
    chosen = _choose_codes(rows)
    owners: dict[str, str] = {}
    for department, (code, _t) in chosen.items():
        if code and code in owners:
            chosen[department] = (None, {raw: ("error", f"统一社会信用代码“{code}”已属于“{owners[code]}”。")
                                         for raw in _t})
        elif code:
            owners[code] = department
    for number, row in rows:
        if row["area_code"] != "511602000000":
            result.issues.append(Issue(filename, number, "area_code", f"区划代码“{row['area_code']}”不是广安区。"))
        try:
            item_types[number] = item_type_widget.clean(row["task_type"], mappings=mappings)
        except ValueError as error:
            result.issues.append(Issue(filename, number, "task_type", str(error)))
        treatment, message = chosen[row["department"]][1][row["dept_code"]]
        if treatment == "error" and skip_unusable:
            treatment, message = "skipped", f"{message}已确认跳过本行。"
        result.treatments[treatment] += 1
        if message:
            result.issues.append(Issue(filename, number, "dept_code", message,
                                       "error" if treatment == "error" else "warning"))
    rows = [(n, row) for n, row in rows if chosen[row["department"]][0]]
    if result.errors:
        return result
    try:
        with transaction.atomic():
            _write(rows, chosen, item_types, result, user)
            if dry_run or result.errors:
                transaction.set_rollback(True)
    except ValidationError as error:
        result.issues.append(Issue(filename, None, "", "；".join(error.messages)))
    return result


def _write(rows, chosen, item_types, result: RealImportResult, user) -> None:
    from importers.models import BatchStatus, ImportBatch

    batch = ImportBatch.objects.create(resource=GUANG_AN, original_name="guang_an_511602_items.csv", user=user,
                                       status=BatchStatus.DONE, total_rows=len(rows), processed_rows=len(rows))
    result.batch_id = batch.pk
    reason = batch.change_reason
    since = feed_mark()
    written = grouped()
    parent = None
    for code, name, level in REGION_CHAIN:
        region = Region.objects.filter(code=code).first()
        if region is None:
            region = region_save(region=Region(code=code, name=name, level=level, parent=parent), user=user,
                                 reason=reason)
            written[ChangeOperation.INSERT][Region].append(region)
            result.created["行政区划"] += 1
        parent = region
    county = parent
    if user is not None and not scope.user_may_place(user, "add", Department(region=county)):
        raise ValidationError("广安区不在您的管辖范围内。")
    departments = {}
    for name, (code, _treatments) in chosen.items():
        if code is None:
            continue
        department = Department.objects.filter(credit_code=code).first()
        if department is None:
            department = save_validated(Department(name=name, credit_code=code, region=county), user=user,
                                        reason=reason)
            written[ChangeOperation.INSERT][Department].append(department)
            result.created["实施主体"] += 1
        departments[name] = department
    items = {item.local_code: item for item in CatalogItem.objects.filter(region=county)}
    next_sequence = Counter()
    for code in CatalogItem.objects.filter(code__startswith="51").values_list("code", flat=True):
        next_sequence[code[2:4]] = max(next_sequence[code[2:4]], int(code[4:9]))
    existing = set(Implementation.objects.filter(region=county).values_list("catalog_item__local_code",
                                                                            "department_id"))
    drafts, new_items = [], []
    for number, row in rows:
        local_basic, _body = split_local_code(row["local_item_code"])
        local_basic = normalize_code(local_basic)
        item = items.get(local_basic)
        if item is None:
            item_type = item_types[number]
            next_sequence[item_type] += 1
            item = CatalogItem(code=f"51{item_type}{next_sequence[item_type]:05d}000", name=row["item_name"],
                               item_type=item_type, region=county, allowed_levels=["county"], local_code=local_basic)
            new_items.append(item)
            items[local_basic] = item
            result.created["基本目录事项"] += 1
            result.issues.append(Issue("", number, "local_item_code", f"地方基本编码“{local_basic}”无国家基本编码，"
                                       f"已赋临时基本编码“{item.code}”，待对照国家目录。", "warning"))
        department = departments[row["department"]]
        if (item.local_code, department.pk) in existing:
            continue
        existing.add((item.local_code, department.pk))
        drafts.append((Implementation(
            catalog_item=item, region=county, department=department, local_code=row["local_item_code"], live=False,
            statutory_limit=0, committed_limit=0, handling_type=HandlingType.IMMEDIATE,
            statutory_limit_note=PLACEHOLDER, committed_limit_note=PLACEHOLDER, service_objects=["1"],
            visit_count=1, visit_reason=PLACEHOLDER, consult_phone="0826-0000000", complaint_phone="12345",
        ), []))
    catalog_item_bulk_create(items=new_items, user=user, reason=reason)
    for implementation, _materials in drafts:
        implementation.catalog_item = implementation.catalog_item  # now saved: refresh the id
    created = implementation_bulk_create(rows=drafts, user=user, reason=reason, publish=False)
    written[ChangeOperation.INSERT][CatalogItem] += new_items
    written[ChangeOperation.INSERT][Implementation] += created
    # In bulk, tagged with the batch; the drafts' entries are not public (their rows are not live).
    record_once(written, since=since, actor=user, batch=str(batch.pk))
    result.created["实施清单草稿"] += len(drafts)
    batch.report = {"counts": dict(result.treatments), "created": dict(result.created)}
    batch.imported_at = timezone.now()
    batch.save()
