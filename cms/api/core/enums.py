"""GraphQL enums built from the models' choices: names in English, each value described by its Chinese label."""

import graphene
from django.utils import translation

from config_models import models as m


def choices_enum(choices, name: str, description: str):
    def describe(member):
        if member is None:
            return description
        with translation.override("zh-hans"):  # the contract must not depend on the active language
            return f"{member.label}（{member.value}）"

    return graphene.Enum.from_enum(choices, name=name, description=describe)


RegionLevel = choices_enum(m.RegionLevel, "RegionLevel", "行政区划层级 / 行使层级.")
RegionKind = choices_enum(m.RegionKind, "RegionKind", "行政区划, or a development zone (开发区/园区) at a level.")
ItemType = choices_enum(m.ItemType, "ItemType", "事项类型, with its code in the national dictionary.")
CatalogStatus = choices_enum(m.CatalogStatus, "CatalogStatus", "事项状态 of a catalog item.")
DepartmentNature = choices_enum(m.DepartmentNature, "DepartmentNature", "实施主体性质.")
TimeUnit = choices_enum(m.TimeUnit, "TimeUnit", "Unit of a time limit.")
HandlingType = choices_enum(m.HandlingType, "HandlingType", "办件类型.")
ServiceObject = choices_enum(m.ServiceObject, "ServiceObject", "服务对象, with its code in the national dictionary.")
OnlineDepth = choices_enum(m.OnlineDepth, "OnlineDepth", "网上办理深度 (Ⅰ–Ⅳ), NONE when not online at all.")
ServiceArea = choices_enum(m.ServiceArea, "ServiceArea", "通办范围.")
ImplementationStatus = choices_enum(m.ImplementationStatus, "ImplementationStatus", "实施状态.")
MaterialForm = choices_enum(m.MaterialForm, "MaterialForm", "材料形式.")
Necessity = choices_enum(m.Necessity, "Necessity", "材料必要性 (必要, 非必要, 容缺).")
MaterialSource = choices_enum(m.MaterialSource, "MaterialSource", "来源渠道 of a material.")
# Tombstones are the D entries of the change feed: their kinds are the feed's collections.
TombstoneKind = choices_enum(m.ChangeEntity, "TombstoneKind", "What kind of row a tombstone stands for.")
TombstoneReason = choices_enum(m.LeaveReason, "TombstoneReason", "Why a row left the collections.")
LeaveReason = TombstoneReason
ChangeEntity = choices_enum(m.ChangeEntity, "ChangeEntity", "A collection of the change feed.")
ChangeOperation = graphene.Enum(
    "ChangeOperation",
    [("I", "I"), ("U", "U"), ("D", "D")],
    description=lambda member: "cd_operation of a change-feed entry." if member is None else
    {"I": "新增（I）", "U": "修改（U）", "D": "删除或离开（D）"}[member.value],
)
HallKind = choices_enum(m.HallKind, "HallKind", "大厅类型 by level.")
HallZone = choices_enum(m.HallZone, "HallZone", "功能区 of a hall.")
SessionKind = choices_enum(m.SessionKind, "SessionKind", "Kind of opening session (常规, 延时, 错时, 周末).")
WindowType = choices_enum(m.WindowType, "WindowType", "窗口类型.")
WindowSector = choices_enum(m.WindowSector, "WindowSector", "板块 of a 板块无差别 window.")
AuthorizationScope = choices_enum(m.AuthorizationScope, "AuthorizationScope", "授权范围 (受理, 审核, 审批, 出件).")
DelegationType = choices_enum(m.DelegationType, "DelegationType", "赋权方式 (下放, 委托, 授权).")
