from wagtail.admin.panels import Panel


class CatalogItemSummaryPanel(Panel):
    """The catalog item's unified name, code, type and legal basis, shown read-only on an implementation."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/catalog_item_summary.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            item = self.instance.catalog_item if self.instance.catalog_item_id else None
            context["item"] = item
            context["legal_bases"] = item.legal_bases.all() if item else []
            context["implementation_code"] = (
                self.instance.implementation_code
                if item and self.instance.region_id and self.instance.department_id
                else None
            )
            return context


class HallOverviewPanel(Panel):
    """Per window of the hall: the items it accepts and, for each, the staff authorized there today."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/hall_overview.html"

        def get_context_data(self, parent_context=None):
            from django.utils import timezone

            from config_models.selectors.authorization import hall_overview

            context = super().get_context_data(parent_context)
            context["windows"] = hall_overview(self.instance, on=timezone.localdate()) if self.instance.pk else []
            return context
