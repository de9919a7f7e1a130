"""Bulk actions on the configuration snippets, limited to the user's region scope.

Wagtail's snippet bulk delete looks rows up by the ids in the URL across the whole table (or every row
for `id=all`) and lists the ones the user may not delete by name. Here rows outside the user's view scope
are neither listed nor touched, and memberships are deleted through their service.
"""

from django.shortcuts import get_list_or_404
from django.utils.functional import classproperty
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from config_models import scope
from config_models.models import BundleQuota, CatalogItem, Department, Implementation, Membership, Region
from config_models.services.membership import membership_delete

SCOPED_MODELS = (Region, Department, CatalogItem, Implementation, Membership, BundleQuota)


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
        if view.model is Membership:
            for membership in objects:
                membership_delete(membership=membership, user=view.request.user)
            return len(objects), 0
        return super().execute_action(objects, user=user, **kwargs)
