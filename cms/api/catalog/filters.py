from django.db.models import Q

from cms.api import selectors
from cms.api.regions.filters import region_by_code
from config_models.models import ChangeEntity
from config_models.text import normalize_text


def filter_catalog_items(
    queryset, viewer, *, type=None, level=None, status=None, search=None, region_code=None, changed_since=None
):
    if type is not None:
        queryset = queryset.filter(item_type=type)
    if level is not None:
        # allowed_levels is a JSON list; its text holds each level quoted (works on SQLite and PostgreSQL).
        queryset = queryset.filter(allowed_levels__icontains=f'"{level}"')
    if status is not None:
        queryset = queryset.filter(status=status)
    if search:
        search = normalize_text(search)
        queryset = queryset.filter(Q(name__icontains=search) | Q(code__startswith=search))
    if region_code is not None:
        queryset = queryset.filter(region=region_by_code(viewer, region_code))
    if changed_since is not None:
        queryset = selectors.changed_since(queryset, ChangeEntity.CATALOG_ITEM, changed_since, viewer)
    return queryset
