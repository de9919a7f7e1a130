from collections import defaultdict

from cms.api.core.drafts import present
from cms.api.core.loaders import Loader
from config_models.models import CatalogItem, LegalBasis


class CatalogItemByIdLoader(Loader):
    """Catalog items as the viewer sees them (a client's drafts in scope), for rows that point at them.

    Visibility is the pointing row's business: an implementation a viewer may see shows its catalog item.
    """

    context_key = "catalog_item_by_id"

    def batch_load(self, keys):
        rows = CatalogItem.objects.filter(pk__in=keys)
        if not self.viewer.is_public:
            rows = rows.select_related("latest_revision")
        items = {item.pk: item for item in present(list(rows), self.request)}
        return [items.get(key) for key in keys]


class LegalBasesByCatalogItemIdLoader(Loader):
    """The published legal bases of catalog items (a draft's come from its revision, see `legal_bases_of`)."""

    context_key = "legal_bases_by_catalog_item_id"

    def batch_load(self, keys):
        found = defaultdict(list)
        for basis in LegalBasis.objects.filter(catalog_item_id__in=keys).order_by("catalog_item_id", "sort_order"):
            found[basis.catalog_item_id].append(basis)
        return [found[key] for key in keys]


def ordered_children(objects) -> list:
    return sorted(objects, key=lambda child: (child.sort_order is None, child.sort_order or 0))


def legal_bases_of(item, request) -> list:
    if getattr(item, "_api_draft", False):
        return ordered_children(item.legal_bases.all())
    return LegalBasesByCatalogItemIdLoader.for_request(request).load(item.pk)
