import graphene

from cms.api import selectors
from cms.api.core.connection import page_args, paginate
from cms.api.intermediaries.dataloaders import prepare_region_rows
from cms.api.intermediaries.types import IntermediaryServiceConnection
from cms.api.regions.filters import region_by_code
from config_models.selectors import intermediary


def filter_intermediary_services(queryset, viewer, *, region_code=None, include_descendants=False, keyword=None):
    if region_code is not None:
        region = region_by_code(viewer, region_code)
        queryset = queryset.filter(selectors.region_subtree(region, include_descendants=include_descendants))
    if keyword:
        queryset = intermediary.search(queryset, keyword)
    return queryset


class IntermediaryServiceQueries(graphene.ObjectType):
    intermediary_services = graphene.Field(
        IntermediaryServiceConnection,
        required=True,
        description="行政审批中介服务事项 in use (public), with the implementations that require them.",
        **page_args(
            region_code=graphene.String(description="Only services on the list of this region."),
            include_descendants=graphene.Boolean(
                default_value=False, description="With `regionCode`: also the services of the regions below it."
            ),
            keyword=graphene.String(description="Only services whose name, legal basis, department or providers "
                                                "contain this text."),
        ),
    )

    @staticmethod
    def resolve_intermediary_services(root, info, first=None, after=None, region_code=None,
                                      include_descendants=False, keyword=None):
        viewer = info.context.api_viewer
        queryset = filter_intermediary_services(
            selectors.intermediary_services(viewer), viewer, region_code=region_code,
            include_descendants=include_descendants, keyword=keyword,
        )
        return paginate(IntermediaryServiceConnection, queryset, info=info, kind="IntermediaryService", first=first,
                        after=after, prepare=prepare_region_rows)
