from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class MultipleChoiceField(models.JSONField):
    """A list of choice values stored as JSON (works the same on SQLite and PostgreSQL).

    Used for multi-valued dictionary fields of the standards: 服务对象, the levels allowed to implement
    an item. The admin shows check boxes.
    """

    def __init__(self, *args, choices_enum=None, **kwargs):
        self.choices_enum = choices_enum
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices_enum"] = self.choices_enum
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = set(self.choices_enum.values)
        unknown = [v for v in value or [] if v not in allowed]
        if unknown:
            raise ValidationError(f"不支持的取值：{'、'.join(map(str, unknown))}。", code="invalid_choice")

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choices_enum.choices,
            coerce=type(self.choices_enum.values[0]),
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )
