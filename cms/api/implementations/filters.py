from django.db.models import Q

from cms.api import selectors
from cms.api.regions.filters import region_by_code
from config_models.models import ChangeEntity
from config_models.text import normalize_code, normalize_text


def filter_implementations(
    queryset,
    viewer,
    *,
    region_code=None,
    include_descendants=False,
    level=None,
    department_code=None,
    item_type=None,
    item_code=None,
    search=None,
    changed_since=None,
):
    """Filters read the table's columns; a client's draft that moves a row elsewhere is found at its live place."""
    if region_code is not None:
        region = region_by_code(viewer, region_code)
        queryset = queryset.filter(selectors.region_subtree(region, include_descendants=include_descendants))
    if level is not None:
        queryset = queryset.filter(region__level=level)
    if department_code is not None:
        queryset = queryset.filter(department__credit_code=normalize_code(department_code))
    if item_type is not None:
        queryset = queryset.filter(catalog_item__item_type=item_type)
    if item_code is not None:
        queryset = queryset.filter(catalog_item__code=normalize_code(item_code))
    if search:
        search = normalize_text(search)
        queryset = queryset.filter(
            Q(catalog_item__name__icontains=search)
            | Q(catalog_item__code__startswith=search)
            | Q(department__name__icontains=search)
        )
    if changed_since is not None:
        queryset = selectors.changed_since(queryset, ChangeEntity.IMPLEMENTATION, changed_since, viewer)
    return queryset
