from cms.api import selectors
from cms.api.regions.filters import region_by_code
from config_models.models import ChangeEntity
from config_models.text import normalize_code, normalize_text


def filter_bundles(queryset, viewer, *, region_code=None, include_descendants=False, lifecycle=None,
                   template_code=None, search=None, changed_since=None):
    if region_code is not None:
        region = region_by_code(viewer, region_code)
        queryset = queryset.filter(selectors.region_subtree(region, include_descendants=include_descendants))
    if lifecycle is not None:
        queryset = queryset.filter(bundle_template__lifecycle=lifecycle)
    if template_code is not None:
        queryset = queryset.filter(bundle_template__code=normalize_code(template_code))
    if search:
        queryset = queryset.filter(title__icontains=normalize_text(search))
    if changed_since is not None:
        queryset = selectors.changed_since(queryset, ChangeEntity.BUNDLE, changed_since, viewer)
    return queryset


def filter_templates(queryset, viewer, *, lifecycle=None, target=None, search=None, changed_since=None):
    if lifecycle is not None:
        queryset = queryset.filter(lifecycle=lifecycle)
    if target is not None:
        queryset = queryset.filter(target=target)
    if search:
        queryset = queryset.filter(title__icontains=normalize_text(search))
    if changed_since is not None:
        queryset = selectors.changed_since(queryset, ChangeEntity.BUNDLE_TEMPLATE, changed_since, viewer)
    return queryset
