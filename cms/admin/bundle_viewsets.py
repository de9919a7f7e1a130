"""Admin of the 一件事 quotas (the pages, templates and bundles, live in the page tree)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column
from wagtail.coreutils import multigetattr
from wagtail.snippets.views.snippets import IndexView

from cms.admin.service_views import with_services
from cms.admin.viewsets import ScopedSnippetViewSet
from config_models.models import BundleQuota
from config_models.selectors.bundle import progress_summary


class BundleQuotaIndexView(IndexView):
    """The export's 完成情况 column is the selector's summary (the model does not read selectors)."""

    def to_row_dict(self, item):
        return {field: progress_summary(item) if field == "progress_summary" else multigetattr(item, field)
                for field in self.list_export}


@with_services
class BundleQuotaViewSet(ScopedSnippetViewSet):
    model = BundleQuota
    index_view_class = BundleQuotaIndexView
    icon = "date"
    menu_label = _("一件事目标")
    # 完成情况: the bundles in force on the due date (today while it has not come), per region of the level.
    list_display = ["region", "level", "department", "count", "due_date",
                    Column("progress", label=_("完成情况（按完成日期上线的一件事）"), accessor=progress_summary)]
    list_export = ["region", "level", "department", "count", "due_date", "note", "progress_summary"]
    export_headings = {"progress_summary": _("完成情况")}
    search_fields = ["note", "region__name", "department__name"]
    panels = [
        FieldPanel("region"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("count"), FieldPanel("due_date")]),
        FieldPanel("department"),
        FieldPanel("note"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "department__region")
