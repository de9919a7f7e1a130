"""import-export widgets for the spreadsheet columns: strict parsing, Chinese messages, text codes.

`clean` raises ValueError with a Chinese message (the engine adds the row and the column); restorations
that change a value (a numeric code cell zero-padded) are reported through the `warnings` list.
"""

import datetime
import re

from import_export.widgets import Widget

from config_models.text import normalize_code, normalize_text
from importers.vocabularies import mapping_key

SCIENTIFIC = re.compile(r"^[0-9](\.[0-9]+)?E\+?[0-9]+$", re.IGNORECASE)
TRUE_WORDS = {"是", "Y", "YES", "TRUE", "1", "√"}
FALSE_WORDS = {"否", "N", "NO", "FALSE", "0", "×"}
LIST_SEPARATORS = re.compile(r"[、,，;；/\n]+")


def is_blank(value) -> bool:
    # str.strip() removes every Unicode space (ideographic U+3000 included) and line breaks.
    return value is None or (isinstance(value, str) and not value.replace("\u200b", "").replace("\ufeff", "").strip())


class TextWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return normalize_text(str(value))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CodeWidget(Widget):
    """A code held as text. A number in the cell is how Excel loses leading zeros.

    `pad_to`: the code's one fixed length, so a number shorter than it is restored by zero-padding (with a
    warning). `exact_lengths`: lengths a number may have as is (region codes never start with 0). Anything
    else stored as a number is an error: beyond 15 digits Excel has already rounded it.
    """

    def __init__(self, *, pad_to: int | None = None, exact_lengths: tuple[int, ...] = (), **kwargs):
        self.pad_to = pad_to
        self.exact_lengths = exact_lengths
        super().__init__(**kwargs)

    def clean(self, value, row=None, warnings=None, **kwargs):
        if is_blank(value):
            return ""
        if isinstance(value, bool):
            raise ValueError("应为文本格式的代码。")
        if isinstance(value, int | float):
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(f"单元格为数字格式（{value}），代码必须以文本格式填写。")
            digits = str(int(value))
            if len(digits) > 15:
                raise ValueError(
                    "单元格为数字格式，Excel只保留15位有效数字，代码可能已被改变，请将该列设为文本后重新填写。"
                )
            if len(digits) in self.exact_lengths:
                restored = digits
            elif self.pad_to and len(digits) <= self.pad_to:
                restored = digits.zfill(self.pad_to)
            else:
                raise ValueError(f"单元格为数字格式（{digits}），无法确定原代码，请将该列设为文本后重新填写。")
            if warnings is not None:
                warnings.append(f"单元格为数字格式，已按文本还原为“{restored}”，请将该列设为文本格式。")
            return restored
        text = normalize_code(str(value))
        if SCIENTIFIC.fullmatch(text):
            raise ValueError(f"“{text}”是科学计数法，代码已被Excel转为数字，请将该列设为文本后重新填写。")
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(Widget):
    """A choice written as its Chinese label, its national code, or a local value of a vocabulary."""

    def __init__(self, enum, *, vocabulary: str | None = None, default=None, **kwargs):
        self.enum = enum
        self.vocabulary = vocabulary
        self.default = default
        super().__init__(**kwargs)

    def clean(self, value, row=None, mappings=None, **kwargs):
        if is_blank(value):
            if self.default is not None:
                return self.default
            raise ValueError("不能为空。")
        if not hasattr(self, "_lookup"):
            self._lookup = {}
            for choice_value, label in self.enum.choices:
                self._lookup[mapping_key(label)] = choice_value
                self._lookup[mapping_key(choice_value)] = choice_value
        if isinstance(value, str) and value in self._lookup:  # the usual case: a label from the drop-down
            return self._lookup[value]
        key = mapping_key(value)
        if key in self._lookup:
            return self._lookup[key]
        mapped = (mappings or {}).get(self.vocabulary, {}).get(key) if self.vocabulary else None
        if mapped is not None:
            return self.enum(type(self.enum.values[0])(mapped)).value
        labels = "、".join(str(label) for label in self.enum.labels)
        hint = "，或在“代码对照”中维护该地方取值" if self.vocabulary else ""
        raise ValueError(f"取值“{normalize_text(str(value))}”无法识别，应为：{labels}{hint}。")

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        return str(self.enum(value).label)


class MultiChoiceWidget(Widget):
    def __init__(self, enum, **kwargs):
        self.choice = ChoiceWidget(enum)
        self.enum = enum
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return []
        parts = [part for part in LIST_SEPARATORS.split(normalize_text(str(value))) if part.strip()]
        return [self.choice.clean(part) for part in parts]

    def render(self, value, obj=None, **kwargs):
        return "、".join(str(self.enum(v).label) for v in value or [])


class BoolWidget(Widget):
    def __init__(self, *, default: bool = False, **kwargs):
        self.default = default
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return self.default
        if isinstance(value, bool):
            return value
        key = mapping_key(value)
        if key in TRUE_WORDS:
            return True
        if key in FALSE_WORDS:
            return False
        raise ValueError(f"取值“{value}”无法识别，应为“是”或“否”。")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class IntWidget(Widget):
    def __init__(self, *, default: int | None = None, **kwargs):
        self.default = default
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            if self.default is not None:
                return self.default
            raise ValueError("不能为空。")
        if isinstance(value, bool):
            raise ValueError("应为整数。")
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(f"“{value}”不是整数。")
            value = int(value)
        if isinstance(value, str):
            text = normalize_code(value)
            if not re.fullmatch(r"[0-9]+", text):
                raise ValueError(f"“{normalize_text(value)}”不是非负整数。")
            value = int(text)
        if value < 0:
            raise ValueError("不能为负数。")
        return value

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class DateWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = normalize_code(str(value)).replace("/", "-").replace(".", "-")
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"“{value}”不是日期，应写作2024-01-31。") from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class CertificateTypeWidget(Widget):
    """证照类型代码 of the e-certificate catalog: the type, or blank for none."""

    def clean(self, value, row=None, **kwargs):
        from config_models.models import CertificateType

        code = normalize_code("" if is_blank(value) else str(value)).upper()
        if not code:
            return None
        certificate_type = CertificateType.objects.filter(type_code=code).select_related("region").first()
        if certificate_type is None:
            raise ValueError(f"电子证照目录中没有类型代码为“{code}”的证照。")
        return certificate_type

    def render(self, value, obj=None, **kwargs):
        return value.type_code if value is not None else ""
