"""Page forms of the 一件事 pages: choices limited to the region, and publishing refused with a clear message.

Set on the models by cms.admin.pages.configure_page_editing.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from config_models.models import Bundle
from config_models.services.bundle import bundle_publish_refusal, bundle_template_problems

PUBLISHING = "action-publish"


def _region_of(page):
    return getattr(page.specific, "region", None) if page is not None else None


class BundleTemplateForm(WagtailAdminPageForm):
    """A template is published whole: its items, steps, scenarios and form fields are checked together."""

    def is_valid(self):
        valid = super().is_valid()
        if valid and PUBLISHING in self.data:
            problems = bundle_template_problems(self.save(commit=False))
            for messages in problems.values():
                for message in messages:
                    self.add_error(None, message)
            valid = not problems
        return valid


class BundleForm(WagtailAdminPageForm):
    """Departments offered are the region's and those above it; publishing needs every item implemented."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        self.region = _region_of(parent_page)
        if self.region is not None:
            placed = Q(region__code__in=self.region.ancestor_codes())
            for name in ("lead_department", "cooperating_departments"):
                if name in self.fields:
                    self.fields[name].queryset = self.fields[name].queryset.filter(placed)
        if "bundle_template" in self.fields:
            self.fields["bundle_template"].queryset = self.fields["bundle_template"].queryset.filter(live=True)

    def clean(self):
        cleaned = super().clean()
        if self.region is not None:
            self.instance.region = self.region
            if cleaned.get("bundle_template"):
                self.instance.bundle_template = cleaned["bundle_template"]
                self.instance.code = f"{cleaned['bundle_template'].code}-{self.region.code}"
        if PUBLISHING in self.data and not self.errors and cleaned.get("bundle_template"):
            probe = Bundle(bundle_template=cleaned["bundle_template"], region=self.region,
                           lead_department=cleaned.get("lead_department"))
            refusal = bundle_publish_refusal(probe)
            if refusal:
                self.add_error(None, refusal + _("可先保存草稿。"))
        return cleaned
