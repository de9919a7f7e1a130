"""The import: read → parse (widgets) → resolve and validate (services) → preview → write, all or nothing.

Checking writes nothing: references are resolved for the whole file in a few queries and every row is
validated by the same service-layer functions the admin form uses. Only a file without errors is
written, in one transaction; a failure while writing rolls everything back. Progress is recorded on the
ImportBatch outside any transaction, so a page polling it sees it on SQLite and PostgreSQL alike.
"""

import contextlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from config_models import scope
from config_models.models import Implementation, Material
from config_models.models.change import ChangeOperation
from config_models.services.implementation import implementation_bulk_create
from importers.changes import REVISIONED, feed_mark, grouped, publish_created, record_once, write_refusal
from importers.reader import Issue, Table, UnreadableFile, read_file
from importers.resources import RESOURCES, ImplementationResource, MaterialResource, SheetResource
from importers.vocabularies import load_mappings

PREVIEW_LIMIT = 500  # rows listed per category in a stored preview; the counts are always complete
PROGRESS_EVERY = 250


@dataclass
class RowPlan:
    sheet: str
    row: int
    key: str
    action: str  # new, changed, unchanged, error
    instance: object = None
    extra: list | None = None
    changes: list = field(default_factory=list)


@dataclass
class Report:
    resource: str
    issues: list[Issue] = field(default_factory=list)
    plans: list[RowPlan] = field(default_factory=list)
    total_rows: int = 0

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    def count(self, action: str) -> int:
        return sum(1 for plan in self.plans if plan.action == action)

    def as_dict(self) -> dict:
        def listed(action):
            return [{"sheet": p.sheet, "row": p.row, "key": p.key, "changes": p.changes}
                    for p in self.plans if p.action == action][:PREVIEW_LIMIT]

        return {
            "resource": self.resource,
            "total_rows": self.total_rows,
            "counts": {a: self.count(a) for a in ("new", "changed", "unchanged")} | {
                "errors": len(self.errors), "warnings": len(self.warnings),
                "error_rows": len({(i.sheet, i.row) for i in self.errors}),
            },
            "errors": [i.as_dict() for i in self.errors][:PREVIEW_LIMIT],
            "warnings": [i.as_dict() for i in self.warnings][:PREVIEW_LIMIT],
            "new": listed("new"),
            "changed": listed("changed"),
        }

    def as_text(self) -> str:
        return report_text(self.as_dict())


def report_text(data: dict) -> str:
    """A stored preview as text (the command line's preview)."""
    if "failure" in data:
        return f"导入失败：{data['failure']}"
    counts = data.get("counts", {})
    lines = [f"新增 {counts.get('new', 0)} 行，修改 {counts.get('changed', 0)} 行，"
             f"无变化 {counts.get('unchanged', 0)} 行，"
             f"错误 {counts.get('errors', 0)} 个（涉及 {counts.get('error_rows', 0)} 行），"
             f"警告 {counts.get('warnings', 0)} 个。"]
    for plan in data.get("new", []):
        lines.append(f"[新增] {plan['sheet']} 第{plan['row']}行 {plan['key']}")
    for plan in data.get("changed", []):
        lines.append(f"[修改] {plan['sheet']} 第{plan['row']}行 {plan['key']}")
        lines += [f"    {c['column']}：“{c['old']}” → “{c['new']}”" for c in plan["changes"]]
    for kind, issues in (("错误", data.get("errors", [])), ("警告", data.get("warnings", []))):
        for i in issues:
            where = f"第{i['row']}行" if i["row"] else ""
            col = f"「{i['column']}」" if i["column"] else ""
            lines.append(f"[{kind}] {i['sheet']} {where}{col}：{i['message']}")
    return "\n".join(lines)


class ImportRefused(Exception):
    pass


def _find_table(tables: list[Table], resource: SheetResource, fallback_first: bool) -> Table | None:
    for table in tables:
        if table.name == resource.sheet_name:
            return table
    if fallback_first:
        candidates = [t for t in tables if t.name != MaterialResource.sheet_name]
        return candidates[0] if candidates else None
    return None


class Importer:
    """Checks a file for one resource and, on request, writes it. `user=None` means the command line."""

    def __init__(self, resource_name: str, *, user=None, progress: Callable[[int, int], None] | None = None,
                 overwrite_drafts: bool = False, batch: str = ""):
        if resource_name not in RESOURCES:
            raise ImportRefused(f"未知的导入内容“{resource_name}”，可选：{'、'.join(RESOURCES)}。")
        self.resource_name = resource_name
        self.resource = RESOURCES[resource_name]()
        self.user = user
        self.overwrite_drafts = overwrite_drafts
        self.batch = batch
        self.progress = progress or (lambda done, total: None)
        self.report = Report(resource_name)
        self.mappings = load_mappings()
        self.material_resource = MaterialResource()

    # --- checking ---------------------------------------------------------------------------------
    def check(self, data: bytes, filename: str) -> Report:
        report = self.report
        try:
            tables = read_file(data, filename)
        except UnreadableFile as error:
            report.issues.append(Issue(filename, None, "", str(error)))
            return report
        if self.user is not None and not self._may_import():
            report.issues.append(Issue(filename, None, "", "您没有导入此类数据的权限。"))
            return report
        for table in tables:
            report.issues.extend(table.issues)
        material_only = self.resource_name == "material"
        main = None if material_only else _find_table(tables, self.resource, fallback_first=True)
        materials = _find_table(tables, MaterialResource(), fallback_first=material_only) if (
            material_only or self.resource_name == "implementation") else None
        if main is None and not material_only:
            report.issues.append(Issue(filename, None, "", "文件中没有可导入的工作表。"))
            return report
        report.total_rows = (len(main.rows) if main else 0) + (len(materials.rows) if materials else 0)
        parsed_materials = None
        if materials is not None:
            parsed_materials = self._parse(materials, MaterialResource())
        if material_only:
            if materials is None or not materials.headers:
                report.issues.append(Issue(filename, None, "", "工作表为空：没有表头和数据行。"))
                return report
            self._check_materials_only(parsed_materials)
        else:
            parsed = self._parse(main, self.resource)
            if parsed is not None:
                self._check_rows(main.name, parsed, parsed_materials)
        return report

    def _may_import(self) -> bool:
        model = Implementation if self.resource_name == "material" else self.resource.model
        return scope.user_may(self.user, "add", model) or scope.user_may(self.user, "change", model)

    def _parse(self, table: Table, resource: SheetResource) -> list[tuple[int, dict]] | None:
        """Raw cells → typed values through the widgets; None when the headers are wrong."""
        if not table.headers:
            self.report.issues.append(Issue(table.name, None, "", "工作表为空：没有表头和数据行。"))
            return None
        expected = [f.column_name for f in resource.import_fields() if not f.optional]
        known = {f.column_name for f in resource.fields.values()}
        missing = [h for h in expected if h not in table.headers]
        unknown = [h for h in table.headers if h not in known]
        duplicated = sorted({h for h in table.headers if table.headers.count(h) > 1})
        if missing or unknown or duplicated:
            parts = []
            if missing:
                parts.append(f"缺少列：{'、'.join(missing)}")
            if unknown:
                parts.append(f"无法识别的列：{'、'.join(unknown)}")
            if duplicated:
                parts.append(f"重复的列：{'、'.join(duplicated)}")
            message = "表头不正确（" + "；".join(parts) + "），请使用下载的模板。"
            self.report.issues.append(Issue(table.name, 1, "", message))
            return None
        if not table.rows:
            self.report.issues.append(Issue(table.name, None, "", "工作表没有数据行。"))
            return None
        parsed = []
        columns = [(f.attribute, f.column_name, f.widget.clean) for f in resource.import_fields()]
        issues, mappings = self.report.issues, self.mappings
        for number, cells in table.rows:
            values, ok = {}, True
            warnings: list[str] = []
            for attribute, header, clean in columns:
                try:
                    values[attribute] = clean(cells.get(header), warnings=warnings, mappings=mappings)
                except ValueError as error:
                    issues.append(Issue(table.name, number, header, str(error)))
                    values[attribute], ok = None, False
                if warnings:
                    issues.extend(Issue(table.name, number, header, warning, "warning") for warning in warnings)
                    warnings = []
            values["_ok"] = ok
            parsed.append((number, values))
        return parsed

    def _material_groups(self, parsed_materials) -> dict[str, list[tuple[int, dict]]]:
        groups: dict[str, list[tuple[int, dict]]] = defaultdict(list)
        for number, values in parsed_materials or []:
            code = values.get("implementation__implementation_code")
            if not code:
                if values["_ok"]:
                    self.report.issues.append(Issue(MaterialResource.sheet_name, number, "实施编码", "不能为空。"))
                continue
            groups[code].append((number, values))
        return groups

    def _materials_of(self, rows: list[tuple[int, dict]], sheet: str) -> list[Material] | None:
        materials, ok = [], True
        resource = self.material_resource
        for _number, values in rows:
            ok = ok and values["_ok"]
            if values["_ok"]:
                materials.append(resource.make(values))
        return materials if ok else None

    def _check_rows(self, sheet: str, parsed: list[tuple[int, dict]], parsed_materials) -> None:
        resource, report = self.resource, self.report
        resource.preload([values for _n, values in parsed])
        groups = self._material_groups(parsed_materials) if parsed_materials is not None else None
        used_groups = set()
        seen: dict[tuple, int] = {}
        total = len(parsed)
        for index, (number, values) in enumerate(parsed, start=1):
            if index % PROGRESS_EVERY == 0:
                self.progress(index, total)
            key = resource.key_of(values)
            key_text = " / ".join(str(k) for k in key)
            if not values["_ok"]:
                report.plans.append(RowPlan(sheet, number, key_text, "error"))
                continue
            if key in seen:
                report.issues.append(Issue(sheet, number, "、".join(resource.key_columns()),
                                           f"与第{seen[key]}行重复（{key_text}），同一文件中每条记录只能出现一次。"))
                report.plans.append(RowPlan(sheet, number, key_text, "error"))
                continue
            seen[key] = number
            existing = resource.existing(values)
            if existing is not None and resource.append_only:
                report.plans.append(RowPlan(sheet, number, key_text, "unchanged", existing))
                continue
            instance = existing if existing is not None else resource.model()
            before = self._snapshot(existing) if existing is not None else None
            if existing is not None and self.user is not None:
                refusal = scope.placement_refusal(self.user, "change", existing)
                if refusal:
                    report.issues.append(Issue(sheet, number, resource.column_for(refusal[0]), refusal[1]))
                    report.plans.append(RowPlan(sheet, number, key_text, "error"))
                    continue
            reference_errors = resource.build(values, instance)
            for attribute, message in reference_errors.items():
                report.issues.append(Issue(sheet, number, resource.column_for(attribute.split("__")[0]), message))
            if reference_errors:
                report.plans.append(RowPlan(sheet, number, key_text, "error"))
                continue
            if self.user is not None:
                refusal = scope.placement_refusal(self.user, "change" if existing else "add", instance)
                if refusal:
                    report.issues.append(Issue(sheet, number, resource.column_for(refusal[0]), refusal[1]))
                    report.plans.append(RowPlan(sheet, number, key_text, "error"))
                    continue
            materials, material_rows = None, []
            if groups is not None and isinstance(resource, ImplementationResource):
                code = instance.implementation_code
                material_rows = groups.get(code, [])
                used_groups.add(code)
                if material_rows:
                    materials = self._materials_of(material_rows, MaterialResource.sheet_name)
                    if materials is None:
                        report.plans.append(RowPlan(sheet, number, key_text, "error"))
                        continue
            plan = RowPlan(sheet, number, key_text, "new" if existing is None else "changed", instance)
            if not self._validate(plan, materials, material_rows):
                continue
            if existing is not None:
                plan.changes = self._changes(before, self._snapshot(instance), materials, existing)
                if materials is not None and not any(c["column"] == "申请材料" for c in plan.changes):
                    materials = None  # same materials: leave them (and their history) alone
                if not plan.changes:
                    plan.action = "unchanged"
                elif not self._writable(plan, existing):
                    continue
            plan.extra = materials
            report.plans.append(plan)
        self.progress(total, total)
        if groups is not None:
            for code, rows in groups.items():
                if code not in used_groups:
                    for number, _values in rows:
                        report.issues.append(Issue(MaterialResource.sheet_name, number, "实施编码",
                                                   f"实施清单工作表中没有实施编码为“{code}”的行。"))

    def _check_materials_only(self, parsed_materials) -> None:
        report = self.report
        groups = self._material_groups(parsed_materials)
        total = len(groups)
        for index, (code, rows) in enumerate(groups.items(), start=1):
            if index % PROGRESS_EVERY == 0:
                self.progress(index, total)
            first = rows[0][0]
            implementation = (Implementation.objects.with_code(code)
                              .select_related("catalog_item", "region", "department__region").first())
            if implementation is None:
                for number, _values in rows:
                    report.issues.append(Issue(MaterialResource.sheet_name, number, "实施编码",
                                               f"实施编码为“{code}”的实施清单不存在。"))
                report.plans.append(RowPlan(MaterialResource.sheet_name, first, code, "error"))
                continue
            if self.user is not None and not scope.user_may_act_on(self.user, "change", implementation):
                report.issues.append(Issue(MaterialResource.sheet_name, first, "实施编码",
                                           f"实施编码为“{code}”的实施清单不在您的管辖范围内。"))
                report.plans.append(RowPlan(MaterialResource.sheet_name, first, code, "error"))
                continue
            materials = self._materials_of(rows, MaterialResource.sheet_name)
            if materials is None:
                report.plans.append(RowPlan(MaterialResource.sheet_name, first, code, "error"))
                continue
            self.resource = ImplementationResource()
            plan = RowPlan(MaterialResource.sheet_name, first, code, "changed", implementation)
            if not self._validate(plan, materials, rows):
                continue
            plan.changes = self._changes({}, {}, materials, implementation)
            plan.action = "changed" if plan.changes else "unchanged"
            plan.extra = materials if plan.changes else None
            if plan.changes and not self._writable(plan, implementation):
                continue
            report.plans.append(plan)
        self.progress(total, total)

    def _validate(self, plan: RowPlan, materials, material_rows) -> bool:
        try:
            self.resource.validate(plan.instance, materials)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name.startswith("materials["):
                    number = material_rows[int(name[10:-1]) - 1][0]
                    for message in messages:
                        self.report.issues.append(Issue(MaterialResource.sheet_name, number,
                                                        self._material_column(message), message))
                    continue
                column = "" if name == "__all__" else self.resource.column_for(name) or name
                for message in messages:
                    self.report.issues.append(Issue(plan.sheet, plan.row, column, message))
            plan.action = "error"
            self.report.plans.append(plan)
            return False
        return True

    def _writable(self, plan: RowPlan, existing) -> bool:
        """A changed row must not be locked by someone else nor (unless told) overtake a pending draft."""
        refusal = write_refusal(existing, self.user, overwrite_drafts=self.overwrite_drafts)
        if refusal is None:
            return True
        self.report.issues.append(Issue(plan.sheet, plan.row, "", refusal))
        plan.action = "error"
        self.report.plans.append(plan)
        return False

    @staticmethod
    def _material_column(message: str) -> str:
        return "材料名称" if "材料名称" in message else ("原件份数" if "份数" in message else "")

    def _snapshot(self, instance) -> dict:
        snapshot = {}
        for f in self.resource.import_fields():
            try:
                snapshot[f.column_name] = str(f.export(instance))
            except Exception:  # a reference not set yet on a new instance
                snapshot[f.column_name] = ""
        return snapshot

    def _changes(self, before: dict, after: dict, materials, existing) -> list[dict]:
        changes = [{"column": column, "old": before[column], "new": after[column]}
                   for column in before if before[column] != after.get(column)]
        if materials is not None:
            resource = self.material_resource
            old = [resource.signature(m) for m in existing.materials.all()]
            new = [resource.signature(m) for m in materials]
            if old != new:
                changes.append({"column": "申请材料", "old": "、".join(s[0] for s in old),
                                "new": "、".join(s[0] for s in new)})
        return changes

    # --- writing ----------------------------------------------------------------------------------
    def write(self, *, reason: str) -> None:
        """Write every new and changed row through the services, in one transaction."""
        if self.report.errors:
            raise ImportRefused("文件有错误，未写入任何数据。")
        plans = [p for p in self.report.plans if p.action in ("new", "changed")]
        written = grouped()
        with transaction.atomic():
            since = feed_mark()
            bulk, saved = [], []
            # A published revision saves the row twice (the revision's bookkeeping, then the publish):
            # Wagtail's reference index is brought up to date once per row, after both.
            revisioned = issubclass(self.resource.model, REVISIONED) or self.resource_name == "material"
            with disable_reference_index_auto_update() if revisioned else contextlib.nullcontext():
                for plan in plans:
                    operation = ChangeOperation.INSERT if plan.action == "new" else ChangeOperation.UPDATE
                    written[operation][type(plan.instance)].append(plan.instance)
                    if plan.action == "new" and isinstance(self.resource, ImplementationResource):
                        bulk.append((plan.instance, plan.extra or []))
                        continue
                    try:
                        self.resource.save(plan.instance, plan.extra, user=self.user, reason=reason,
                                           overwrite_draft=self.overwrite_drafts)
                    except ValidationError as error:  # locked or drafted since the check: nothing is written
                        raise ImportRefused(f"{plan.sheet} 第{plan.row}行：{'；'.join(error.messages)}") from error
                    saved.append(plan.instance)
            if revisioned:
                for instance in saved:
                    if ReferenceIndex.is_indexed(type(instance)):
                        ReferenceIndex.create_or_update_for_object(instance)
            if bulk:
                # Bulk inserts (a few statements per table), then each row's first revision, published.
                created = implementation_bulk_create(rows=bulk, user=self.user, reason=reason, publish=False)
                publish_created(created, user=self.user, reason=reason)
            record_once(written, since=since, actor=self.user, batch=self.batch)


def run_import(resource_name: str, data: bytes, filename: str, *, user=None, dry_run: bool = False,
               reason: str = "", progress=None, overwrite_drafts: bool = False, batch: str = "") -> Report:
    importer = Importer(resource_name, user=user, progress=progress, overwrite_drafts=overwrite_drafts, batch=batch)
    report = importer.check(data, filename)
    if not dry_run and not report.errors:
        importer.write(reason=reason)
    return report
