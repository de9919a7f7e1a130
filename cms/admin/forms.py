from django import forms
from django.contrib.auth import get_user_model
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
            if not isinstance(field, forms.ModelChoiceField):
                continue
            model = field.queryset.model
            if model._meta.app_label == "config_models":
                field.queryset = scope.scoped(for_user, ["view"], field.queryset)
            elif model is get_user_model():
                # Membership.user: not every account of the platform, only those the user may manage.
                field.queryset = scope.member_choices(for_user, field.queryset)

    def clean(self):
        cleaned = super().clean()
        if self.for_user is not None and not self.errors:
            action = "change" if self.instance.pk else "add"
            placed = self.instance
            for name, value in cleaned.items():
                if name in {f.name for f in placed._meta.fields}:
                    setattr(placed, name, value)
            refusal = scope.placement_refusal(self.for_user, action, placed)
            if refusal:
                field, message = refusal
                self.add_error(field if field in self.fields else None, message)
        return cleaned
