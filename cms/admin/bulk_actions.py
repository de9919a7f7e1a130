"""Bulk actions on the configuration snippets, limited to the user's region scope.

Wagtail's snippet bulk delete looks rows up by the ids in the URL across the whole table (or every row
for `id=all`) and lists the ones the user may not delete by name. Here rows outside the user's view scope
are neither listed nor touched, and each row is deleted through its model's registered delete service (the
same rules, audit and feed entries as its own delete view).
"""

from django.shortcuts import get_list_or_404
from django.utils.functional import classproperty
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from config_models import scope
from config_models.models import (
    BundleQuota,
    BusinessPolicy,
    CatalogItem,
    Department,
    Implementation,
    IntermediaryService,
    Membership,
    Region,
)
from config_models.services.registry import services_for

SCOPED_MODELS = (Region, Department, CatalogItem, Implementation, Membership, BundleQuota, IntermediaryService,
                 BusinessPolicy)


class ScopedDeleteBulkAction(DeleteBulkAction):
    @classproperty
    def models(cls):
        return list(SCOPED_MODELS)

    def visible(self, model):
        return scope.scoped(self.request.user, ["view"], model._default_manager.all())

    def get_queryset(self, model, object_ids):
        return get_list_or_404(self.visible(model), pk__in=object_ids)

    def get_all_objects_in_listing_query(self, parent_id):
        return self.visible(self.model).values_list("pk", flat=True)

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        view = kwargs["self"]
        services = services_for(view.model)
        if services is None or services.delete is None:
            return super().execute_action(objects, user=user, **kwargs)
        for row in objects:
            services.delete(instance=row, user=view.request.user)
        return len(objects), 0
