"""List rules as data (DESIGN.md §3, low-code): conditions over catalog and implementation fields.

A rule is a list of conditions (field, operator, value) combined with AND or OR, optionally with groups
of conditions combined the other way. The fields an administrator may use are registered here, each with
the operators it allows, how a typed value is read, and the query it stands for; a new condition (say,
"accepted at a 帮办代办 window" once windows exist) is one more `register_field` call, with no change to
the stored rules, the admin or the evaluation.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config_models.models.authorization import DelegationType
from config_models.models.bundle import BundleTarget, BundleTier, Lifecycle
from config_models.models.catalog import ItemType
from config_models.models.hall import WindowItem, WindowType
from config_models.models.implementation import HandlingType, Implementation, Material, OnlineDepth, ServiceArea
from config_models.models.proof import ProofStatus
from config_models.models.region import RegionKind, RegionLevel
from config_models.text import normalize_text

OPERATORS = {
    "eq": _("等于"),
    "ne": _("不等于"),
    "lte": _("小于等于"),
    "gte": _("大于等于"),
    "in": _("属于（多个值用逗号分隔）"),
}


class RuleValueError(ValueError):
    """A value an administrator typed that the field cannot take; the message is Chinese."""


@dataclass(frozen=True)
class RuleField:
    key: str
    label: str
    operators: tuple[str, ...]
    parse: Callable[[str], Any]
    to_q: Callable[[str, Any], Q]
    value_help: str = ""
    # What the field is a field of (ListSubject): a list's rule may use only the fields of its subject.
    subject: str = "implementation"


FIELDS: dict[str, RuleField] = {}


def register_field(field: RuleField) -> RuleField:
    FIELDS[field.key] = field
    return field


SUBJECT_LABELS = {"implementation": "政务服务事项", "bundle": "一件事", "proof": "证明事项",
                  "hall_exemption": "入驻负面清单", "delegation": "赋权下放", "intermediary_service": "中介服务事项",
                  "business_policy": "惠企政策"}


def fields_of(subject: str) -> dict[str, RuleField]:
    return {key: field for key, field in FIELDS.items() if field.subject == subject}


def field_choices() -> list[tuple[str, str]]:
    """Choices of the rule editor's field drop-down (a callable, so the migration does not list them), grouped
    by subject so an editor sees which fields fit the list's kind (the page's validation enforces it)."""
    groups = {}
    for key, field in FIELDS.items():
        groups.setdefault(field.subject, []).append((key, str(field.label)))
    return [(SUBJECT_LABELS.get(subject, subject), choices) for subject, choices in groups.items()]


def operator_choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in OPERATORS.items()]


def lookup_q(path: str) -> Callable[[str, Any], Q]:
    def to_q(operator: str, value) -> Q:
        if operator == "eq":
            return Q(**{path: value})
        if operator == "ne":
            return ~Q(**{path: value})
        if operator == "in":
            return Q(**{f"{path}__in": value})
        return Q(**{f"{path}__{operator}": value})

    return to_q


def _choice_parser(choices, aliases: dict[str, str] | None = None) -> Callable[[str], Any]:
    known = {str(value): value for value, _label in choices}
    for value, label in choices:
        label = str(label)
        for alias in {label, label.removeprefix("行政"), label.removesuffix("通办"), label.split("（")[0]}:
            known.setdefault(alias, value)
    for alias, value in (aliases or {}).items():
        known.setdefault(alias, value)
    allowed = "、".join(str(label) for _value, label in choices)

    def parse(text: str):
        try:
            return known[text]
        except KeyError:
            raise RuleValueError(f"“{text}”不是可选值，可选：{allowed}。") from None

    return parse


def _int(text: str) -> int:
    if not text.isdigit():
        raise RuleValueError(f"“{text}”不是非负整数。")
    return int(text)


def _bool(text: str) -> bool:
    if text in ("是", "true", "1", "True"):
        return True
    if text in ("否", "false", "0", "False"):
        return False
    raise RuleValueError(f"“{text}”应填“是”或“否”。")


def choice_field(key, label, path, choices, aliases=None, subject="implementation") -> RuleField:
    return RuleField(key, label, ("eq", "ne", "in"), _choice_parser(choices, aliases), lookup_q(path),
                     "、".join(str(label) for _value, label in choices), subject)


def number_field(key, label, path, parse=_int, value_help=None, subject="implementation") -> RuleField:
    return RuleField(key, label, ("eq", "ne", "lte", "gte", "in"), parse, lookup_q(path), value_help or _("非负整数"),
                     subject)


def boolean_field(key, label, to_q, subject="implementation") -> RuleField:
    return RuleField(key, label, ("eq",), _bool, to_q, _("是 / 否"), subject)


ROMAN_DEPTHS = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "I": 1, "II": 2, "III": 3, "IV": 4}


def _online_depth(text: str) -> int:
    text = text.removesuffix("级")
    if text in ROMAN_DEPTHS:
        return ROMAN_DEPTHS[text]
    if text.isdigit() and int(text) in OnlineDepth.values:
        return int(text)
    raise RuleValueError(f"“{text}”不是网上办理深度，可填Ⅰ–Ⅳ或0–4。")


def _flag(path: str) -> Callable[[str, Any], Q]:
    return lambda operator, value: Q(**{path: value})


def _exists(related: str) -> Callable[[str, Any], Q]:
    # A subquery, not a join: the rule's rows stay one per implementation.
    def to_q(operator, value):
        q = Q(pk__in=Implementation.objects.filter(**{f"{related}__isnull": False}).values("pk"))
        return q if value else ~q

    return to_q


register_field(number_field("visit_count", _("到办事现场次数"), "visit_count"))
register_field(number_field("online_depth", _("网上办理深度"), "online_depth", _online_depth, _("Ⅰ–Ⅳ 或 0–4")))
register_field(choice_field("item_type", _("事项类型"), "catalog_item__item_type", ItemType.choices))
register_field(choice_field("service_area", _("通办范围"), "service_area", ServiceArea.choices))
register_field(choice_field("handling_type", _("办件类型"), "handling_type", HandlingType.choices))
register_field(choice_field("level", _("行使层级"), "region__level", RegionLevel.choices,
                            {"县级": RegionLevel.COUNTY, "乡镇级": RegionLevel.TOWNSHIP, "村级": RegionLevel.VILLAGE}))
register_field(RuleField("department", _("实施主体（统一社会信用代码）"), ("eq", "ne", "in"), str,
                         lookup_q("department__credit_code"), _("18位统一社会信用代码")))
register_field(RuleField("catalog_code", _("基本编码"), ("eq", "ne", "in"), str, lookup_q("catalog_item__code"),
                         _("12位基本编码")))
register_field(number_field("committed_days", _("承诺办结时限（数值）"), "committed_limit"))
register_field(boolean_field("charges_fee", _("是否收费"), _flag("charges_fee")))
register_field(boolean_field("online_handling", _("网上办理"), _flag("online_handling")))
register_field(boolean_field("courier", _("支持物流快递"), _flag("courier")))
register_field(boolean_field("e_certificate_material", _("有可用电子证照免提交的材料"),
                             lambda operator, value: _material_exempt(value)))
register_field(boolean_field("accepts_certificate", _("可用电子证照办理"), _exists("accepted_certificate_types")))


def _window_type(operator: str, value) -> Q:
    """Accepted (or, with ≠, not accepted) at a window of the type(s), e.g. 帮办代办."""
    types = value if operator == "in" else [value]
    q = Q(pk__in=WindowItem.objects.filter(window__window_type__in=types).values("implementation_id"))
    return ~q if operator == "ne" else q


register_field(RuleField("window_type", _("受理窗口类型"), ("eq", "ne", "in"), _choice_parser(WindowType.choices),
                         _window_type, "、".join(str(label) for _value, label in WindowType.choices)))


def _material_exempt(value: bool) -> Q:
    q = Q(pk__in=Material.objects.filter(e_certificate_exempt=True).values("implementation_id"))
    return q if value else ~q


# 一件事 (bundle lists) ------------------------------------------------------------------------------------

BUNDLE = "bundle"
register_field(choice_field("bundle_tier", _("一件事清单层级（国家 / 省 / 地方特色）"), "bundle_template__tier",
                            BundleTier.choices, {"国家级": BundleTier.NATIONAL, "省级": BundleTier.PROVINCIAL,
                                                 "地方": BundleTier.LOCAL}, subject=BUNDLE))
register_field(number_field("bundle_batch_year", _("一件事批次年份"), "bundle_template__batch_year",
                            value_help=_("如 2024"), subject=BUNDLE))
register_field(number_field("bundle_batch", _("一件事当年批次"), "bundle_template__batch", subject=BUNDLE))
register_field(choice_field("bundle_lifecycle", _("一件事生命周期"), "bundle_template__lifecycle", Lifecycle.choices,
                            {"企业": Lifecycle.ENTERPRISE, "项目": Lifecycle.PROJECT, "个人": Lifecycle.PERSON},
                            subject=BUNDLE))
register_field(choice_field("bundle_target", _("一件事服务对象（个人 / 法人）"), "bundle_template__target",
                            BundleTarget.choices, {"个人": BundleTarget.PERSON, "法人": BundleTarget.ENTERPRISE,
                                                   "企业": BundleTarget.ENTERPRISE}, subject=BUNDLE))
register_field(RuleField("bundle_template", _("一件事模板编码"), ("eq", "ne", "in"), str,
                         lookup_q("bundle_template__code"), _("模板编码，如 KBCYD"), BUNDLE))
register_field(RuleField("bundle_lead_department", _("牵头部门（统一社会信用代码）"), ("eq", "ne", "in"), str,
                         lookup_q("lead_department__credit_code"), _("18位统一社会信用代码"), BUNDLE))
register_field(choice_field("bundle_level", _("一件事所在层级"), "region__level", RegionLevel.choices,
                            {"县级": RegionLevel.COUNTY, "乡镇级": RegionLevel.TOWNSHIP}, subject=BUNDLE))
register_field(number_field("bundle_committed_days", _("一件事承诺办结时限（工作日）"), "committed_limit",
                            subject=BUNDLE))


# 证明事项 (proof lists) ----------------------------------------------------------------------------------

PROOF = "proof"
register_field(choice_field("proof_status", _("证明清理结果（保留 / 取消）"), "status", ProofStatus.choices,
                            subject=PROOF))
register_field(boolean_field("proof_pledge_allowed", _("证明可告知承诺"), _flag("pledge_allowed"), PROOF))
register_field(boolean_field("proof_data_sharing", _("证明可数据共享核验"), _flag("data_sharing"), PROOF))
register_field(RuleField("proof_issuing_body", _("证明开具单位"), ("eq", "ne", "in"), str, lookup_q("issuing_body"),
                         _("如：公安派出所"), PROOF))


# 入驻负面清单 (items handled outside the hall) and 赋权清单 (delegated powers with their supervision) -------------

HALL_EXEMPTION, DELEGATION = "hall_exemption", "delegation"
register_field(choice_field("exemption_item_type", _("不进驻事项的事项类型"), "implementation__catalog_item__item_type",
                            ItemType.choices, subject=HALL_EXEMPTION))
register_field(choice_field("exemption_level", _("不进驻事项的行使层级"), "implementation__region__level",
                            RegionLevel.choices, {"县级": RegionLevel.COUNTY, "乡镇级": RegionLevel.TOWNSHIP,
                                                  "村级": RegionLevel.VILLAGE}, subject=HALL_EXEMPTION))
register_field(choice_field("delegation_type", _("赋权方式（下放 / 委托 / 授权）"), "delegation_type",
                            DelegationType.choices, subject=DELEGATION))
register_field(choice_field("delegation_level", _("承接区划层级"), "region__level", RegionLevel.choices,
                            {"县级": RegionLevel.COUNTY, "乡镇级": RegionLevel.TOWNSHIP}, subject=DELEGATION))
register_field(choice_field("delegation_region_kind", _("承接区划类别（行政区划 / 开发区）"), "region__kind",
                            RegionKind.choices,
                            {"开发区": RegionKind.DEVELOPMENT_ZONE, "园区": RegionKind.DEVELOPMENT_ZONE},
                            subject=DELEGATION))


# 中介服务事项清单 and 惠企政策清单 (免申即享) -------------------------------------------------------------------

INTERMEDIARY, POLICY = "intermediary_service", "business_policy"
register_field(boolean_field("intermediary_charges_fee", _("中介服务是否收费"), _flag("charges_fee"), INTERMEDIARY))
register_field(RuleField("intermediary_department", _("中介服务的审批部门（统一社会信用代码）"), ("eq", "ne", "in"),
                         str, lookup_q("department__credit_code"), _("18位统一社会信用代码"), INTERMEDIARY))
register_field(choice_field("intermediary_level", _("中介服务所在层级"), "region__level", RegionLevel.choices,
                            {"市级": RegionLevel.CITY, "县级": RegionLevel.COUNTY}, subject=INTERMEDIARY))
register_field(boolean_field("policy_exempt_from_application", _("免申即享"), _flag("exempt_from_application"),
                             POLICY))
register_field(RuleField("policy_department", _("政策发布部门（统一社会信用代码）"), ("eq", "ne", "in"), str,
                         lookup_q("department__credit_code"), _("18位统一社会信用代码"), POLICY))
register_field(choice_field("policy_level", _("政策所在层级"), "region__level", RegionLevel.choices,
                            {"市级": RegionLevel.CITY, "县级": RegionLevel.COUNTY}, subject=POLICY))


# Evaluation ---------------------------------------------------------------------------------------------


def condition_errors(field_key: str, operator: str, raw_value: str, subject: str | None = None) -> dict[str, str]:
    """Chinese messages per part of one condition ({"field"|"operator"|"value": message}); empty when valid.
    With `subject`, a field of another subject is refused too."""
    field = FIELDS.get(field_key)
    if field is None:
        return {"field": f"未知的条件字段“{field_key}”。"}
    if subject is not None and field.subject != subject:
        allowed = "、".join(str(f.label) for f in fields_of(subject).values())
        return {"field": f"条件字段“{field.label}”是{SUBJECT_LABELS.get(field.subject, field.subject)}的字段，"
                         f"不能用于{SUBJECT_LABELS.get(subject, subject)}清单；可用：{allowed}。"}
    if operator not in field.operators:
        allowed = "、".join(str(OPERATORS[op]) for op in field.operators)
        return {"operator": f"“{field.label}”不能使用该运算符，可用：{allowed}。"}
    try:
        parse_value(field, operator, raw_value)
    except RuleValueError as error:
        return {"value": f"{field.label}：{error}"}
    return {}


def _conditions(blocks: list[dict]):
    for block in blocks:
        if block["type"] == "condition":
            yield block["value"]
        elif block["type"] == "group":
            for item in block["value"]["conditions"]:
                yield item.get("value", item) if "field" not in item else item


def rule_subject_errors(subject: str, blocks: list[dict]) -> list[str]:
    """Chinese messages for the conditions of a stored rule that do not fit a list of `subject`."""
    problems = []
    for condition in _conditions(blocks):
        errors = condition_errors(condition.get("field", ""), condition.get("operator", ""),
                                  condition.get("value", ""), subject)
        problems.extend(errors.values())
    return problems


def parse_value(field: RuleField, operator: str, raw_value: str):
    text = normalize_text(str(raw_value or ""))
    if not text:
        raise RuleValueError("请填写条件值。")
    if operator == "in":
        parts = [part.strip() for part in text.replace("，", ",").replace("、", ",").split(",") if part.strip()]
        return [field.parse(part) for part in parts]
    return field.parse(text)


def condition_q(condition: dict) -> Q:
    field = FIELDS[condition["field"]]
    return field.to_q(condition["operator"], parse_value(field, condition["operator"], condition["value"]))


def combine(qs: list[Q], combinator: str) -> Q:
    result = qs[0]
    for q in qs[1:]:
        result = (result & q) if combinator == "all" else (result | q)
    return result


def rule_q(combinator: str, blocks: list[dict]) -> Q | None:
    """The Q of a stored rule (StreamField raw data: condition and group blocks); None when it is empty.

    A group combines its conditions the other way round from the rule (AND inside an OR rule, and the
    reverse), which is all that the lists of the seeds need.
    """
    parts = []
    for block in blocks:
        if block["type"] == "condition":
            parts.append(condition_q(block["value"]))
        elif block["type"] == "group":
            # ListBlock raw data holds {"type": "item", "value": …} items (older data: the values themselves).
            inner = [condition_q(item.get("value", item) if "field" not in item else item)
                     for item in block["value"]["conditions"]]
            if inner:
                parts.append(combine(inner, "any" if combinator == "all" else "all"))
    if not parts:
        return None
    return combine(parts, combinator)
