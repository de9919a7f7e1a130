from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from config_models import scope


class ScopedAdminModelForm(WagtailAdminModelForm):
    """Offers only rows in the user's scope, and refuses a save that would place a row outside it."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        if for_user is None:
            return
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model._meta.app_label == "config_models":
                field.queryset = scope.scoped(for_user, ["view"], field.queryset)

    def clean(self):
        cleaned = super().clean()
        if self.for_user is not None and not self.errors:
            action = "change" if self.instance.pk else "add"
            placed = self.instance
            for name, value in cleaned.items():
                if name in {f.name for f in placed._meta.fields}:
                    setattr(placed, name, value)
            if not scope.user_may_place(self.for_user, action, placed):
                raise ValidationError("您无权在所选区划或部门下保存此记录。")
        return cleaned
