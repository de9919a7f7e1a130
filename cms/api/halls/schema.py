

import graphene
from django.db.models import Prefetch
from django.utils import timezone
from graphql_relay import from_global_id

from cms.api import selectors
from cms.api.core.connection import aware, page_args, paginate
from cms.api.core.enums import AuthorizationScope, WindowType
from cms.api.departments.dataloaders import DepartmentByIdLoader
from cms.api.errors import ApiError, Code
from cms.api.halls.dataloaders import prepare_halls, prepare_windows
from cms.api.halls.types import (
    AuthorityType,
    AuthorizationConnection,
    DelegationConnection,
    HallConnection,
    WindowConnection,
)
from cms.api.regions.dataloaders import prime_regions
from cms.api.regions.filters import region_by_code
from config_models.models import ChangeEntity, Implementation, SupervisionDuty
from config_models.selectors import authorization as answers

IMPLEMENTATION_REFS = Prefetch(
    "implementations",
    queryset=Implementation.objects.select_related("catalog_item", "department", "region").order_by("pk"),
)


def _pk(global_id: str, type_name: str, argument: str) -> int:
    try:
        kind, pk = from_global_id(global_id)
        if kind != type_name:
            raise ValueError
        return int(pk)
    except (ValueError, TypeError, UnicodeDecodeError) as error:
        raise ApiError(f"`{argument}` is not the ID of a {type_name}.", Code.BAD_USER_INPUT) from error


def _in_region(queryset, viewer, region_code, include_descendants, field="region"):
    if region_code is None:
        return queryset
    region = region_by_code(viewer, region_code)
    return queryset.filter(selectors.region_subtree(region, include_descendants=include_descendants, field=field))


def _require_token(info, what: str):
    viewer = info.context.api_viewer
    if viewer.is_public:
        raise ApiError(f"{what} name staff and are only for API clients: send a token.", Code.FORBIDDEN)
    return viewer


def _prime_department_regions(info, departments) -> None:
    loader = DepartmentByIdLoader.for_request(info)
    for department in departments:
        loader.put(department.pk, department)
    prime_regions(info.context, [d.region_id for d in departments], with_ancestors=True)


def prepare_authorizations(rows, info):
    _prime_department_regions(info, [row.roster.department for row in rows])
    return rows


def prepare_delegations(rows, info):
    departments = [row.receiving_department for row in rows]
    departments += [duty.supervisor for row in rows for duty in row.supervision_duties.all()]
    _prime_department_regions(info, departments)
    prime_regions(info.context, [row.region_id for row in rows], with_ancestors=True)
    return rows


class HallQueries(graphene.ObjectType):
    halls = graphene.Field(
        HallConnection,
        required=True,
        description="Published halls (public), in a stable order; unpublished or deleted ones appear in `tombstones`.",
        **page_args(
            region_code=graphene.String(description="Only halls of this region."),
            include_descendants=graphene.Boolean(
                default_value=False, description="With `regionCode`: also the halls of the regions below it."
            ),
            changed_since=graphene.DateTime(
                description="Only halls published after this time, or whose windows or accepted items changed."
            ),
        ),
    )
    windows = graphene.Field(
        WindowConnection,
        required=True,
        description="Windows of published halls (public), with the implementations each accepts.",
        **page_args(
            hall_id=graphene.ID(description="Only the windows of this hall."),
            region_code=graphene.String(description="Only windows of halls of this region (and below it)."),
            type=WindowType(description="Only windows of this type."),
            changed_since=graphene.DateTime(description="Only windows changed, or whose accepted items changed, "
                                                        "after this time."),
        ),
    )
    authorizations = graphene.Field(
        AuthorizationConnection,
        description="Entries of authorization rosters (授权书) in force, in the client's region subtree. Needs a "
        "token: staff data is not public (null with a FORBIDDEN error without one).",
        **page_args(
            region_code=graphene.String(description="Only rosters of this region (and below it)."),
            valid_on=graphene.Date(description="Only rosters in force on this day; today when omitted."),
            changed_since=graphene.DateTime(description="Only entries of rosters published after this time."),
        ),
    )
    who_may = graphene.List(
        graphene.NonNull(AuthorityType),
        implementation_id=graphene.ID(required=True),
        window_id=graphene.ID(required=True),
        on=graphene.Date(description="The day; today when omitted."),
        scope=AuthorizationScope(description="审批 when omitted."),
        description="Who may act on an implementation at a window on a day, and on whose authority. Needs a "
        "token (null with a FORBIDDEN error without one).",
    )
    delegations = graphene.Field(
        DelegationConnection,
        required=True,
        description="Published delegations (赋权/下放) with their supervision duty (public).",
        **page_args(
            region_code=graphene.String(description="Only delegations to this region."),
            include_descendants=graphene.Boolean(
                default_value=False, description="With `regionCode`: also delegations to the regions below it."
            ),
            changed_since=graphene.DateTime(description="Only delegations published after this time."),
        ),
    )

    @staticmethod
    def resolve_halls(root, info, first=None, after=None, region_code=None, include_descendants=False,
                      changed_since=None):
        viewer = info.context.api_viewer
        queryset = _in_region(selectors.halls(viewer), viewer, region_code, include_descendants)
        if (since := aware(changed_since, "changedSince")) is not None:
            queryset = selectors.changed_since(queryset, ChangeEntity.HALL, since, viewer)
        return paginate(HallConnection, queryset, info=info, kind="Hall", first=first, after=after,
                        prepare=prepare_halls)

    @staticmethod
    def resolve_windows(root, info, first=None, after=None, hall_id=None, region_code=None, type=None,
                        changed_since=None):
        viewer = info.context.api_viewer
        queryset = _in_region(selectors.windows(viewer), viewer, region_code, True, field="hall__region")
        if hall_id is not None:
            queryset = queryset.filter(hall_id=_pk(hall_id, "Hall", "hallId"))
        if type is not None:
            queryset = queryset.filter(window_type=type)
        if (since := aware(changed_since, "changedSince")) is not None:
            queryset = selectors.changed_since(queryset, ChangeEntity.WINDOW, since, viewer)
        return paginate(WindowConnection, queryset, info=info, kind="Window", first=first, after=after,
                        prepare=prepare_windows)

    @staticmethod
    def resolve_authorizations(root, info, first=None, after=None, region_code=None, valid_on=None,
                               changed_since=None):
        viewer = _require_token(info, "Authorizations")
        day = valid_on or timezone.localdate()
        queryset = _in_region(selectors.authorizations(viewer), viewer, region_code, True, field="roster__region")
        queryset = queryset.filter(roster__in=answers.rosters_in_force(day).values("pk"))
        if (since := aware(changed_since, "changedSince")) is not None:
            queryset = selectors.changed_since(queryset, ChangeEntity.AUTHORIZATION, since, viewer)
        queryset = queryset.select_related(
            "staff__department", "roster__department", "roster__region"
        ).prefetch_related("windows", IMPLEMENTATION_REFS)
        return paginate(AuthorizationConnection, queryset, info=info, kind="Authorization", first=first,
                        after=after, prepare=prepare_authorizations)

    @staticmethod
    def resolve_who_may(root, info, implementation_id, window_id, on=None, scope=None):
        viewer = _require_token(info, "Authorities")
        implementation = selectors.implementations(viewer).filter(
            pk=_pk(implementation_id, "Implementation", "implementationId")).first()
        window = selectors.windows(viewer).filter(pk=_pk(window_id, "Window", "windowId")).first()
        if implementation is None or window is None:
            raise ApiError("No such implementation or window.", Code.NOT_FOUND)
        answers_on = on or timezone.localdate()
        found = answers.who_may(implementation=implementation, window=window, on=answers_on,
                                scope=scope or "approve")
        visible = set(selectors.authorizations(viewer).values_list("roster_id", flat=True).distinct())
        return [answer for answer in found if answer.roster_id in visible]

    @staticmethod
    def resolve_delegations(root, info, first=None, after=None, region_code=None, include_descendants=False,
                            changed_since=None):
        viewer = info.context.api_viewer
        queryset = _in_region(selectors.delegations(viewer), viewer, region_code, include_descendants)
        if (since := aware(changed_since, "changedSince")) is not None:
            queryset = selectors.changed_since(queryset, ChangeEntity.DELEGATION, since, viewer)
        queryset = queryset.select_related(
            "implementation__catalog_item", "implementation__department", "implementation__region",
            "receiving_department",
        ).prefetch_related(Prefetch("supervision_duties",
                                    queryset=SupervisionDuty.objects.select_related("supervisor")))
        return paginate(DelegationConnection, queryset, info=info, kind="Delegation", first=first, after=after,
                        prepare=prepare_delegations)



