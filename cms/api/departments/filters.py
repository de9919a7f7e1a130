from cms.api import selectors
from cms.api.regions.filters import region_by_code
from config_models.models import ChangeEntity


def filter_departments(queryset, viewer, *, region_code=None, include_descendants=False, changed_since=None):
    if region_code is not None:
        region = region_by_code(viewer, region_code)
        queryset = queryset.filter(selectors.region_subtree(region, include_descendants=include_descendants))
    if changed_since is not None:
        queryset = selectors.changed_since(queryset, ChangeEntity.DEPARTMENT, changed_since, viewer)
    return queryset
