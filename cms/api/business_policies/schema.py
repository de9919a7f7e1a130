import graphene

from cms.api import selectors
from cms.api.business_policies.types import BusinessPolicyConnection
from cms.api.core.connection import page_args, paginate
from cms.api.intermediaries.dataloaders import prepare_region_rows
from cms.api.regions.filters import region_by_code


def filter_business_policies(queryset, viewer, *, region_code=None, include_descendants=False,
                             exempt_from_application=None, valid_on=None):
    if region_code is not None:
        region = region_by_code(viewer, region_code)
        queryset = queryset.filter(selectors.region_subtree(region, include_descendants=include_descendants))
    if exempt_from_application is not None:
        queryset = queryset.filter(exempt_from_application=exempt_from_application)
    if valid_on is not None:
        queryset = queryset.valid_on(valid_on)
    return queryset


class BusinessPolicyQueries(graphene.ObjectType):
    business_policies = graphene.Field(
        BusinessPolicyConnection,
        required=True,
        description="惠企政策 not repealed (public), with the implementations that deliver them.",
        **page_args(
            region_code=graphene.String(description="Only policies on the list of this region."),
            include_descendants=graphene.Boolean(
                default_value=False, description="With `regionCode`: also the policies of the regions below it."
            ),
            exempt_from_application=graphene.Boolean(
                description="true: only 免申即享 policies; false: only those applied for through an implementation."
            ),
            valid_on=graphene.Date(description="Only policies valid on this day (any day when omitted)."),
        ),
    )

    @staticmethod
    def resolve_business_policies(root, info, first=None, after=None, region_code=None, include_descendants=False,
                                  exempt_from_application=None, valid_on=None):
        viewer = info.context.api_viewer
        queryset = filter_business_policies(
            selectors.business_policies(viewer, on=valid_on), viewer, region_code=region_code,
            include_descendants=include_descendants, exempt_from_application=exempt_from_application,
            valid_on=valid_on,
        )
        return paginate(BusinessPolicyConnection, queryset, info=info, kind="BusinessPolicy", first=first,
                        after=after, prepare=prepare_region_rows)
