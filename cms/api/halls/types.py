import graphene
from graphene_django import DjangoObjectType
from graphql_relay import to_global_id

from cms.api import selectors
from cms.api.core.connection import KeysetConnection
from cms.api.core.enums import (
    AuthorizationScope,
    DelegationType,
    HallKind,
    HallZone,
    SessionKind,
    WindowSector,
    WindowType,
)
from cms.api.core.node import Node
from cms.api.departments.dataloaders import DepartmentByIdLoader
from cms.api.departments.types import DepartmentType
from cms.api.halls.dataloaders import (
    BundlesByWindowIdLoader,
    ClosuresByHallIdLoader,
    ItemsByWindowIdLoader,
    SessionsByHallIdLoader,
    WindowsByHallIdLoader,
)
from cms.api.regions.dataloaders import RegionByIdLoader
from cms.api.regions.types import RegionType
from config_models import models


class HallSessionType(graphene.ObjectType):
    """An opening session: regular hours, or a 延时 / 错时 / 周末 session."""

    kind = graphene.Field(SessionKind, required=True, description="常规, 延时, 错时 or 周末.")
    weekdays = graphene.List(graphene.NonNull(graphene.Int), required=True, description="1 = Monday … 7 = Sunday.")
    opens_at = graphene.String(required=True, description="HH:MM.")
    closes_at = graphene.String(required=True, description="HH:MM.")
    note = graphene.String(required=True, description="说明.")

    class Meta:
        name = "HallSession"

    @staticmethod
    def resolve_opens_at(root, info):
        return root.opens_at.strftime("%H:%M")

    @staticmethod
    def resolve_closes_at(root, info):
        return root.closes_at.strftime("%H:%M")


class HallClosureType(graphene.ObjectType):
    """An exception to the opening hours (a holiday, a day with other hours)."""

    date = graphene.Date(required=True, description="The day.")
    closed = graphene.Boolean(required=True, description="Closed the whole day.")
    hours = graphene.String(required=True, description="That day's hours when not closed.")
    reason = graphene.String(required=True, description="原因 (e.g. 国庆节).")

    class Meta:
        name = "HallClosure"


class WindowItemType(graphene.ObjectType):
    """An implementation a window accepts, with the window's own hours, booking and notes where they differ."""

    implementation_id = graphene.ID(required=True, description="The `id` of the Implementation.")
    implementation_code = graphene.String(required=True, description="实施编码.")
    name = graphene.String(required=True, description="事项名称.")
    item_code = graphene.String(required=True, description="基本编码.")
    department_name = graphene.String(required=True, description="实施主体.")
    hours = graphene.String(required=True, description="This window's hours for the item; empty: the hall's.")
    booking = graphene.Boolean(description="Booking needed at this window; null: as the implementation says.")
    notes = graphene.String(required=True, description="备注.")

    class Meta:
        name = "WindowItem"

    @staticmethod
    def resolve_implementation_id(root, info):
        return to_global_id("Implementation", root.implementation_id)

    @staticmethod
    def resolve_implementation_code(root, info):
        return root.implementation.implementation_code

    @staticmethod
    def resolve_name(root, info):
        return root.implementation.catalog_item.name

    @staticmethod
    def resolve_item_code(root, info):
        return root.implementation.catalog_item.code

    @staticmethod
    def resolve_department_name(root, info):
        return root.implementation.department.name


class WindowBundleType(graphene.ObjectType):
    """A 一件事 a window accepts."""

    id = graphene.ID(required=True, description="The `id` of the Bundle.")
    code = graphene.String(required=True, description="一件事编码.")
    name = graphene.String(required=True, description="名称.")

    class Meta:
        name = "WindowBundle"

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("Bundle", root.pk)

    @staticmethod
    def resolve_name(root, info):
        return root.title


class WindowNodeType(DjangoObjectType):
    """窗口 of a hall."""

    number = graphene.String(required=True, description="窗口号.")
    name = graphene.String(required=True, description="窗口名称.")
    type = graphene.Field(WindowType, required=True, description="窗口类型.")
    sector = graphene.Field(WindowSector, description="板块, for 板块无差别 windows only.")
    notes = graphene.String(required=True, description="备注.")
    hall_id = graphene.ID(required=True, description="The `id` of its Hall.")
    department = graphene.Field(DepartmentType, description="The department of a 专业窗口.")
    accepted_items = graphene.List(graphene.NonNull(WindowItemType), required=True,
                                   description="The published implementations it accepts.")
    accepted_bundles = graphene.List(graphene.NonNull(WindowBundleType), required=True,
                                     description="The published 一件事 it accepts.")
    updated_at = graphene.DateTime(required=True, description="Last change of the window or what it accepts.")

    class Meta:
        model = models.Window
        name = "Window"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        return selectors.windows(info.context.api_viewer).filter(pk=id).first()

    @staticmethod
    def resolve_type(root, info):
        return root.window_type

    @staticmethod
    def resolve_sector(root, info):
        return root.sector or None

    @staticmethod
    def resolve_hall_id(root, info):
        return to_global_id("Hall", root.hall_id)

    @staticmethod
    def resolve_department(root, info):
        return DepartmentByIdLoader.for_request(info).load(root.department_id)

    @staticmethod
    def resolve_accepted_items(root, info):
        return ItemsByWindowIdLoader.for_request(info).load(root.pk)

    @staticmethod
    def resolve_accepted_bundles(root, info):
        return BundlesByWindowIdLoader.for_request(info).load(root.pk)


class HallType(DjangoObjectType):
    """政务服务中心 / 为民服务中心 / 便民服务中心, with its opening hours and windows."""

    name = graphene.String(required=True, description="名称.")
    kind = graphene.Field(HallKind, required=True, description="大厅类型.")
    address = graphene.String(required=True, description="地址.")
    phone = graphene.String(required=True, description="咨询电话.")
    opening_hours = graphene.String(required=True, description="办公时间说明.")
    zones = graphene.List(graphene.NonNull(HallZone), required=True, description="功能区.")
    region = graphene.Field(RegionType, required=True, description="所属区划.")
    sessions = graphene.List(graphene.NonNull(HallSessionType), required=True, description="办公时段.")
    closures = graphene.List(graphene.NonNull(HallClosureType), required=True, description="节假日及例外.")
    windows = graphene.List(graphene.NonNull(WindowNodeType), required=True, description="窗口, in order.")
    updated_at = graphene.DateTime(required=True, description="When it was last published.")

    class Meta:
        model = models.Hall
        name = "Hall"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        return selectors.halls(info.context.api_viewer).filter(pk=id).first()

    @staticmethod
    def resolve_name(root, info):
        return root.title

    @staticmethod
    def resolve_region(root, info):
        return RegionByIdLoader.for_request(info).load(root.region_id)

    @staticmethod
    def resolve_sessions(root, info):
        return SessionsByHallIdLoader.for_request(info).load(root.pk)

    @staticmethod
    def resolve_closures(root, info):
        return ClosuresByHallIdLoader.for_request(info).load(root.pk)

    @staticmethod
    def resolve_windows(root, info):
        return WindowsByHallIdLoader.for_request(info).load(root.pk)

    @staticmethod
    def resolve_updated_at(root, info):
        return root.last_published_at


class HallConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = HallType


class WindowConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = WindowNodeType


# Behind a token: staff data is not public ---------------------------------------------------------------


class StaffType(graphene.ObjectType):
    """A member of staff named in a roster (internal: only for API clients)."""

    name = graphene.String(required=True, description="姓名.")
    employee_number = graphene.String(required=True, description="工号.")
    department_name = graphene.String(required=True, description="所属部门.")
    phone = graphene.String(required=True, description="联系电话.")
    is_chief_approver = graphene.Boolean(required=True, description="首席审批员.")

    class Meta:
        name = "Staff"

    @staticmethod
    def resolve_department_name(root, info):
        return root.department.name


class WindowRefType(graphene.ObjectType):
    """A window named in an authorization."""

    id = graphene.ID(required=True, description="The `id` of the Window.")
    number = graphene.String(required=True, description="窗口号.")
    name = graphene.String(required=True, description="窗口名称.")

    class Meta:
        name = "WindowRef"

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("Window", root.pk)


class ImplementationRefType(graphene.ObjectType):
    """An implementation named in an authorization."""

    id = graphene.ID(required=True, description="The `id` of the Implementation.")
    implementation_code = graphene.String(required=True, description="实施编码.")
    name = graphene.String(required=True, description="事项名称.")

    class Meta:
        name = "ImplementationRef"

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("Implementation", root.pk)

    @staticmethod
    def resolve_name(root, info):
        return root.catalog_item.name


class AuthorizationType(DjangoObjectType):
    """One entry of an authorization roster (授权书): who may do what, at which windows, for which items."""

    staff = graphene.Field(StaffType, required=True, description="被授权人.")
    scopes = graphene.List(graphene.NonNull(AuthorizationScope), required=True, description="授权范围.")
    windows = graphene.List(graphene.NonNull(WindowRefType), required=True, description="窗口.")
    implementations = graphene.List(graphene.NonNull(ImplementationRefType), required=True,
                                    description="授权事项.")
    roster_title = graphene.String(required=True, description="授权书 title.")
    document_number = graphene.String(required=True, description="授权文号.")
    department = graphene.Field(DepartmentType, required=True, description="授权部门.")
    region_code = graphene.String(required=True, description="The roster's region.")
    valid_from = graphene.DateTime(description="Start of validity (go-live date or first publication).")
    valid_until = graphene.DateTime(description="End of validity (expiry date); null: open-ended.")
    updated_at = graphene.DateTime(required=True, description="When the roster was last published.")

    class Meta:
        model = models.AuthorizationEntry
        name = "Authorization"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        return selectors.authorizations(info.context.api_viewer).filter(pk=id).first()

    @staticmethod
    def resolve_windows(root, info):
        return root.windows.all()

    @staticmethod
    def resolve_implementations(root, info):
        return root.implementations.all()

    @staticmethod
    def resolve_roster_title(root, info):
        return root.roster.title

    @staticmethod
    def resolve_document_number(root, info):
        return root.roster.document_number

    @staticmethod
    def resolve_department(root, info):
        return root.roster.department

    @staticmethod
    def resolve_region_code(root, info):
        return root.roster.region.code

    @staticmethod
    def resolve_valid_from(root, info):
        return root.roster.go_live_at or root.roster.first_published_at

    @staticmethod
    def resolve_valid_until(root, info):
        return root.roster.expire_at

    @staticmethod
    def resolve_updated_at(root, info):
        return root.roster.last_published_at


class AuthorizationConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = AuthorizationType


class AuthorityType(graphene.ObjectType):
    """An answer to "who may": the staff member and the roster that gives them the power."""

    staff_name = graphene.String(required=True, description="姓名.")
    employee_number = graphene.String(required=True, description="工号.")
    is_chief_approver = graphene.Boolean(required=True, description="首席审批员.")
    roster_id = graphene.ID(required=True, description="The 授权书's page ID.")
    roster_title = graphene.String(required=True, description="授权书.")
    document_number = graphene.String(required=True, description="授权文号.")
    department_name = graphene.String(required=True, description="授权部门.")
    valid_from = graphene.DateTime(description="Start of the roster's validity.")
    valid_until = graphene.DateTime(description="End of the roster's validity; null: open-ended.")

    class Meta:
        name = "Authority"


# Delegations (public) -----------------------------------------------------------------------------------


class SupervisionDutyType(graphene.ObjectType):
    """监管责任 paired with a delegation."""

    supervisor = graphene.Field(DepartmentType, required=True, description="监管单位.")
    method = graphene.String(required=True, description="监管方式.")

    class Meta:
        name = "SupervisionDuty"


class DelegationNodeType(DjangoObjectType):
    """赋权/下放: an implementation's power moved to a zone or township, with its supervision duty."""

    title = graphene.String(required=True, description="标题.")
    type = graphene.Field(DelegationType, required=True, description="方式.")
    document_number = graphene.String(required=True, description="文件文号.")
    effective_on = graphene.Date(required=True, description="生效日期.")
    ends_on = graphene.Date(description="终止日期.")
    region = graphene.Field(RegionType, required=True, description="The receiving region.")
    implementation = graphene.Field(ImplementationRefType, required=True, description="The delegated power.")
    receiving_department = graphene.Field(DepartmentType, required=True, description="承接单位.")
    supervision = graphene.Field(SupervisionDutyType, required=True, description="监管责任.")
    updated_at = graphene.DateTime(required=True, description="When it was last published.")

    class Meta:
        model = models.Delegation
        name = "Delegation"
        interfaces = (Node,)
        fields = ("id",)

    @classmethod
    def get_node(cls, info, id):
        return selectors.delegations(info.context.api_viewer).filter(pk=id).first()

    @staticmethod
    def resolve_type(root, info):
        return root.delegation_type

    @staticmethod
    def resolve_region(root, info):
        return RegionByIdLoader.for_request(info).load(root.region_id)

    @staticmethod
    def resolve_receiving_department(root, info):
        return DepartmentByIdLoader.for_request(info).load(root.receiving_department_id)

    @staticmethod
    def resolve_supervision(root, info):
        duties = root.supervision_duties.all()
        return duties[0] if duties else None

    @staticmethod
    def resolve_updated_at(root, info):
        return root.last_published_at


class DelegationConnection(KeysetConnection):
    class Meta:
        strict_types = True
        node = DelegationNodeType
