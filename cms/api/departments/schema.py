import graphene

from cms.api import selectors
from cms.api.core.connection import aware, page_args, paginate
from cms.api.core.selection import selected_names
from cms.api.departments.dataloaders import DepartmentByIdLoader
from cms.api.departments.filters import filter_departments
from cms.api.departments.types import DepartmentConnection, DepartmentType
from cms.api.regions.dataloaders import prime_regions
from config_models.text import normalize_code


def prepare_departments(rows, info):
    loader = DepartmentByIdLoader.for_request(info)
    for row in rows:
        loader.put(row.pk, row)
    names = selected_names(info)
    if "region" in names:
        prime_regions(
            info.context, [row.region_id for row in rows], with_ancestors=bool(names & {"ancestors", "parent"})
        )
    return rows


class DepartmentQueries(graphene.ObjectType):
    department = graphene.Field(
        DepartmentType,
        credit_code=graphene.String(required=True),
        description="One department by its 统一社会信用代码; null if unknown.",
    )
    departments = graphene.Field(
        DepartmentConnection,
        required=True,
        description="Departments, in a stable order.",
        **page_args(
            region_code=graphene.String(description="Only departments of this region."),
            include_descendants=graphene.Boolean(
                default_value=False, description="With `regionCode`: also departments of the regions below it."
            ),
            changed_since=graphene.DateTime(
                description="Only departments edited after this time, or whose region (or one above) changed."
            ),
        ),
    )

    @staticmethod
    def resolve_department(root, info, credit_code):
        viewer = info.context.api_viewer
        department = selectors.departments(viewer).filter(credit_code=normalize_code(credit_code)).first()
        return prepare_departments([department], info)[0] if department else None

    @staticmethod
    def resolve_departments(
        root, info, first=None, after=None, region_code=None, include_descendants=False, changed_since=None
    ):
        viewer = info.context.api_viewer
        queryset = filter_departments(
            selectors.departments(viewer), viewer, region_code=region_code,
            include_descendants=include_descendants, changed_since=aware(changed_since, "changedSince"),
        )
        return paginate(
            DepartmentConnection, queryset, info=info, kind="Department", first=first, after=after,
            prepare=prepare_departments,
        )
