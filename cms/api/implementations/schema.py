import graphene

from cms.api import selectors
from cms.api.core.connection import aware, page_args, paginate
from cms.api.core.enums import ItemType, RegionLevel
from cms.api.errors import ApiError, Code
from cms.api.implementations.dataloaders import prepare_implementations
from cms.api.implementations.filters import filter_implementations
from cms.api.implementations.types import ImplementationConnection, ImplementationType
from cms.api.regions.filters import region_by_code
from config_models.text import normalize_code


class ImplementationQueries(graphene.ObjectType):
    implementation = graphene.Field(
        ImplementationType,
        code=graphene.String(required=True, description="实施编码 (31 characters)."),
        region_code=graphene.String(
            description="The implementing region, needed when one department implements the item in several "
            "regions of one level (a county department serving its townships)."
        ),
        description="One implementation by its 实施编码 (ended ones too, with their status); null if unknown.",
    )
    implementations = graphene.Field(
        ImplementationConnection,
        required=True,
        description="实施清单: implementations in force (active or suspended), in a stable order. Ended ones "
        "leave the collection and appear in `tombstones`.",
        **page_args(
            region_code=graphene.String(description="Only implementations of this region."),
            include_descendants=graphene.Boolean(
                default_value=False, description="With `regionCode`: also the regions below it."
            ),
            level=RegionLevel(description="Only implementations at this level."),
            department_code=graphene.String(description="Only this department's (统一社会信用代码)."),
            item_type=ItemType(description="Only items of this type."),
            item_code=graphene.String(description="Only implementations of this catalog item (基本编码)."),
            search=graphene.String(
                description="A part of the item name or department name, or the beginning of the 基本编码."
            ),
            changed_since=graphene.DateTime(
                description="Only implementations changed after this time: their own fields, their materials, "
                "their catalog item, department or region."
            ),
        ),
    )

    @staticmethod
    def resolve_implementation(root, info, code, region_code=None):
        viewer = info.context.api_viewer
        queryset = selectors.implementations(viewer).with_code(normalize_code(code))
        if region_code is not None:
            queryset = queryset.filter(region=region_by_code(viewer, region_code))
        rows = list(queryset.order_by("pk")[:2])
        if len(rows) > 1:
            raise ApiError(
                f"Implementation code {code} is used in several regions; pass `regionCode`.", Code.AMBIGUOUS_CODE
            )
        return prepare_implementations(rows, info)[0] if rows else None

    @staticmethod
    def resolve_implementations(root, info, first=None, after=None, changed_since=None, **filters):
        viewer = info.context.api_viewer
        queryset = filter_implementations(
            selectors.implementations(viewer, include_ended=False),
            viewer,
            changed_since=aware(changed_since, "changedSince"),
            **filters,
        )
        return paginate(
            ImplementationConnection, queryset, info=info, kind="Implementation", first=first, after=after,
            prepare=prepare_implementations,
        )
