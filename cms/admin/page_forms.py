"""Admin forms of the configuration pages: they place a new page in its parent's region, offer only rows of
the user's scope, and apply the cross-row rules of config_models.services.authorization to the inline rows
before anything is saved."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from config_models import scope
from config_models.services.authorization import authorization_entry_errors


def _scope_choices(form, user) -> None:
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and queryset.model._meta.app_label == "config_models":
            field.queryset = scope.scoped(user, ["view"], queryset)


class RegionDocumentPageForm(WagtailAdminPageForm):
    def __init__(self, *args, parent_page=None, for_user=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, for_user=for_user, **kwargs)
        if not self.instance.region_id and parent_page is not None:
            self.instance.place_under(parent_page)
        if for_user is not None:
            _scope_choices(self, for_user)
            for formset in self.formsets.values():
                for form in [*formset.forms, formset.empty_form]:
                    _scope_choices(form, for_user)

    def live_forms(self, name):
        """The inline forms of `name` that will be kept (filled in and not marked for deletion)."""
        formset = self.formsets[name]
        return [form for form in formset.forms
                if getattr(form, "cleaned_data", None) and not formset._should_delete_form(form)]


class AuthorizationRosterPageForm(RegionDocumentPageForm):
    def is_valid(self):
        # The inline forms are validated after the page form's clean(), so the rules run here.
        if not super().is_valid():
            return False
        department = self.cleaned_data["department"]
        valid = True
        for form in self.live_forms("entries"):
            problems = authorization_entry_errors(
                department=department, windows=form.cleaned_data.get("windows") or [],
                implementations=form.cleaned_data.get("implementations") or [],
            )
            for field, messages in problems.items():
                valid = False
                for message in messages:
                    form.add_error(field, message)
        return valid


class DelegationPageForm(RegionDocumentPageForm):
    def is_valid(self):
        if not super().is_valid():
            return False
        if "action-publish" in self.data and len(self.live_forms("supervision_duties")) != 1:
            self.add_error(None, _("发布赋权下放须配套且仅配套一条监管责任（谁监管、怎么监管）。"))
            return False
        return True
