from cms.api import selectors
from cms.api.errors import ApiError, Code
from config_models.models import ChangeEntity, Region, in_subtree
from config_models.text import normalize_code


def region_by_code(viewer, code: str, argument: str = "regionCode") -> Region:
    """The region with this code, or a NOT_FOUND error: a typo must not look like an empty region."""
    region = selectors.regions(viewer).filter(code=normalize_code(code)).first()
    if region is None:
        raise ApiError(f"No region with code {code!r} (`{argument}`).", Code.NOT_FOUND, argument=argument)
    return region


def filter_regions(queryset, viewer, *, parent_code=None, include_descendants=False, level=None, changed_since=None):
    if parent_code is not None:
        parent = region_by_code(viewer, parent_code, "parentCode")
        if include_descendants:
            queryset = queryset.filter(in_subtree(parent)).exclude(pk=parent.pk)
        else:
            queryset = queryset.filter(parent=parent)
    if level is not None:
        queryset = queryset.filter(level=level)
    if changed_since is not None:
        queryset = selectors.changed_since(queryset, ChangeEntity.REGION, changed_since, viewer)
    return queryset
