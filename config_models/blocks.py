"""StreamField blocks of the configuration pages (STYLE.md 6)."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from config_models import list_rules


class RuleConditionBlock(blocks.StructBlock):
    """One condition of a list rule: a registered field, an operator and a value (config_models.list_rules)."""

    field = blocks.ChoiceBlock(label=_("字段"), choices=list_rules.field_choices)
    operator = blocks.ChoiceBlock(label=_("运算符"), choices=list_rules.operator_choices, default="eq")
    value = blocks.CharBlock(label=_("值"), help_text=_("如：1、Ⅳ、行政许可、全市、是；“属于”可填多个值，用逗号分隔。"))

    class Meta:
        icon = "filter"
        label = _("条件")
        form_classname = "struct-block rule-condition"

    def clean(self, value):
        value = super().clean(value)
        errors = list_rules.condition_errors(value["field"], value["operator"], value["value"])
        if errors:
            raise blocks.StructBlockValidationError(
                block_errors={name: ErrorList([ValidationError(message)]) for name, message in errors.items()}
            )
        return value


class RuleGroupBlock(blocks.StructBlock):
    """Conditions combined the other way round from the rule: OR inside an AND rule, AND inside an OR rule."""

    conditions = blocks.ListBlock(RuleConditionBlock(), label=_("条件"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("条件组（与规则的组合方式相反）")
