"""Who may do what to which rows: the one scope mechanism (DESIGN.md §3).

A user's memberships (user, region, role) decide it. A role grants actions on models; the membership's
region limits the rows to that region's subtree. Wagtail's permission policies, the listing querysets,
choosers, exports and (later) the API all ask this module, so there is a single answer.
"""

from django.contrib.auth.backends import BaseBackend
from django.db.models import Model, Q, QuerySet

from config_models.models import Membership, Role, in_subtree

VIEW = frozenset({"view"})
DRAFT = frozenset({"view", "add", "change", "lock", "unlock"})
EDIT = DRAFT | {"delete", "publish"}
REVIEW = frozenset({"view", "change", "publish", "lock", "unlock"})
PROPOSE = frozenset({"view", "add"})  # 事项申请: reviewed by services.proposal, never edited in place
SETTLE = frozenset({"view", "change"})  # 待复核 marks: read them, and settle them (adopt, no change, escalate)
REQUEST = frozenset({"view", "add"})  # 放权申请: decided by services.delegation_request, never edited in place
IMPORT = frozenset({"view", "add"})  # 好差评: added by import and API (services.evaluation), never edited
HANDLE = frozenset({"view", "change"})  # 差评: handled step by step by services.evaluation, never edited in place

# role -> model name -> actions. Absent models: no access. Staff, window items and hall exemptions are
# rows of the region where they work; windows are edited on their hall's page, so here every role only
# reads them. 一件事 quotas (bundlequota) and indicator targets are set above and read below, like the catalog;
# the indicators themselves are one vocabulary the city maintains.
ROLE_ACTIONS: dict[str, dict[str, frozenset]] = {
    Role.CITY_ADMIN: {
        "region": EDIT, "department": EDIT, "catalogitem": EDIT, "implementation": EDIT, "membership": EDIT,
        "certificatetype": EDIT, "proof": EDIT, "listtype": EDIT, "bundlequota": EDIT,
        "staff": EDIT, "windowitem": EDIT, "hallexemption": EDIT, "window": VIEW,
        "indicator": EDIT, "indicatortarget": EDIT,
        "reviewmark": SETTLE,
        "catalogproposal": VIEW,
        "delegationrequest": REQUEST,
        "intermediaryservice": EDIT, "businesspolicy": EDIT,
        "evaluation": IMPORT, "badreviewcase": HANDLE, "holiday": EDIT,
    },
    Role.COUNTY_ADMIN: {
        "region": VIEW, "department": EDIT, "catalogitem": VIEW, "implementation": EDIT, "membership": EDIT,
        "certificatetype": EDIT, "proof": EDIT, "listtype": VIEW, "bundlequota": VIEW,
        "staff": EDIT, "windowitem": EDIT, "hallexemption": EDIT, "window": VIEW,
        "indicator": VIEW, "indicatortarget": EDIT,
        "reviewmark": SETTLE,
        "catalogproposal": PROPOSE,
        "delegationrequest": REQUEST,
        "intermediaryservice": EDIT, "businesspolicy": EDIT,
        "evaluation": IMPORT, "badreviewcase": HANDLE, "holiday": VIEW,
    },
    Role.TOWNSHIP_ADMIN: {
        "region": VIEW, "department": EDIT, "catalogitem": VIEW, "implementation": EDIT, "membership": VIEW,
        "certificatetype": VIEW, "proof": VIEW, "listtype": VIEW, "bundlequota": VIEW,
        "staff": EDIT, "windowitem": EDIT, "hallexemption": EDIT, "window": VIEW,
        "indicator": VIEW, "indicatortarget": VIEW,
        "reviewmark": SETTLE,
        "catalogproposal": PROPOSE,
        "delegationrequest": REQUEST,
        "intermediaryservice": EDIT, "businesspolicy": EDIT,
        "evaluation": IMPORT, "badreviewcase": HANDLE, "holiday": VIEW,
    },
    Role.DEPARTMENT_EDITOR: {
        "region": VIEW, "department": VIEW, "catalogitem": VIEW, "implementation": DRAFT,
        "certificatetype": VIEW, "proof": VIEW, "listtype": VIEW, "bundlequota": VIEW,
        "staff": VIEW, "windowitem": VIEW, "hallexemption": VIEW, "window": VIEW,
        "indicator": VIEW, "indicatortarget": VIEW,
        "reviewmark": VIEW,
        "catalogproposal": PROPOSE,
        "delegationrequest": VIEW,
        "intermediaryservice": VIEW, "businesspolicy": VIEW,
        "evaluation": VIEW, "badreviewcase": VIEW, "holiday": VIEW,
    },
    Role.REVIEWER: {
        "region": VIEW, "department": VIEW, "catalogitem": REVIEW, "implementation": REVIEW,
        "certificatetype": REVIEW, "proof": VIEW, "listtype": VIEW, "bundlequota": VIEW,
        "staff": VIEW, "windowitem": VIEW, "hallexemption": VIEW, "window": VIEW,
        "indicator": VIEW, "indicatortarget": VIEW,
        "reviewmark": VIEW,
        "catalogproposal": VIEW,
        "delegationrequest": VIEW,
        "intermediaryservice": VIEW, "businesspolicy": VIEW,
        "evaluation": VIEW, "badreviewcase": VIEW, "holiday": VIEW,
    },
    Role.VIEWER: {
        "region": VIEW, "department": VIEW, "catalogitem": VIEW, "implementation": VIEW,
        "certificatetype": VIEW, "proof": VIEW, "listtype": VIEW, "bundlequota": VIEW,
        "staff": VIEW, "windowitem": VIEW, "hallexemption": VIEW, "window": VIEW,
        "indicator": VIEW, "indicatortarget": VIEW,
        "reviewmark": VIEW,
        "catalogproposal": VIEW,
        "delegationrequest": VIEW,
        "intermediaryservice": VIEW, "businesspolicy": VIEW,
        "evaluation": VIEW, "badreviewcase": VIEW, "holiday": VIEW,
    },
}

# Wagtail page actions each role holds on its region's page and the pages below it. Wagtail's page
# permissions are group based; config_models.services.membership mirrors memberships into groups with
# exactly these, so pages and snippets answer to the same memberships. Wagtail has no read-only page
# permission (the explorer opens only for pages one may add, change, publish or lock), so a viewer holds
# none and reads the published site.
ROLE_PAGE_ACTIONS: dict[str, tuple[str, ...]] = {
    Role.CITY_ADMIN: ("add", "change", "publish"),
    Role.COUNTY_ADMIN: ("add", "change", "publish"),
    Role.TOWNSHIP_ADMIN: ("add", "change", "publish"),
    Role.DEPARTMENT_EDITOR: ("add", "change"),
    Role.REVIEWER: ("change", "publish"),
    Role.VIEWER: (),
}

# Who may grant whom: an administrator grants roles up to its own rank, never above it.
ROLE_RANK = {Role.CITY_ADMIN: 3, Role.COUNTY_ADMIN: 2, Role.TOWNSHIP_ADMIN: 1,
             Role.DEPARTMENT_EDITOR: 0, Role.REVIEWER: 0, Role.VIEWER: 0}


def grantable_roles(role: str) -> list[str]:
    return [other for other, rank in ROLE_RANK.items() if rank <= ROLE_RANK[role]]


# Permissions outside config_models that editing roles need in the Wagtail admin.
EDITOR_EXTRA_PERMISSIONS = {"wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document"}

NOTHING = Q(pk__in=[])


def _subtree(membership: Membership, field: str = "region") -> Q:
    return in_subtree(membership.region, field)


def _ancestors(membership: Membership, field: str = "region") -> Q:
    return Q(**{f"{field}__code__in": membership.region.ancestor_codes()})


def _rows(model_name: str, membership: Membership, action: str) -> Q:
    """The rows of `model_name` one membership covers for `action`."""
    reading = action == "view"
    if model_name == "region":
        # Everyone sees the chain above them (their city, province) to place themselves; edits stay below.
        own = in_subtree(membership.region)
        return own | Q(code__in=membership.region.ancestor_codes()) if reading else own
    if model_name in ("catalogitem", "bundlequota", "indicatortarget"):
        # The catalog is maintained above and shared downwards: read it from above, edit only your own.
        return _subtree(membership) | _ancestors(membership) if reading else _subtree(membership)
    if model_name == "catalogproposal":
        # Proposals of the subtree: the proposers' own, and those the reviewers above them decide.
        rows = _subtree(membership)
        if membership.role == Role.DEPARTMENT_EDITOR:
            rows &= Q(department_id=membership.department_id)
        return rows
    if model_name == "delegationrequest":
        # Requests from the subtree: the requesters' own, and those asking for a power the user's region owns.
        rows = _subtree(membership)
        if membership.role == Role.DEPARTMENT_EDITOR:
            rows &= Q(implementation__department_id=membership.department_id)
        return rows
    if model_name == "reviewmark":
        # The marks of rows in the subtree: an administrator settles those of its region and below.
        rows = _subtree(membership)
        if membership.role == Role.DEPARTMENT_EDITOR:
            rows &= Q(implementation__department_id=membership.department_id)
        return rows
    if model_name in ("evaluation", "badreviewcase"):
        # 好差评 of the subtree; a department editor reads those of its department.
        rows = _subtree(membership)
        if membership.role == Role.DEPARTMENT_EDITOR:
            through = "department_id" if model_name == "evaluation" else "evaluation__department_id"
            rows &= Q(**{through: membership.department_id})
        return rows
    if model_name == "implementation":
        rows = _subtree(membership)
        if membership.role == Role.DEPARTMENT_EDITOR:
            rows &= Q(department_id=membership.department_id)
        return rows
    if model_name == "membership":
        # Memberships of the subtree are visible; only those up to one's own rank may be changed or deleted.
        return _subtree(membership) if reading else _subtree(membership) & Q(role__in=grantable_roles(membership.role))
    if model_name in ("department", "intermediaryservice", "businesspolicy"):
        return _subtree(membership)
    if model_name == "staff":
        return _subtree(membership)
    if model_name == "window":
        return _subtree(membership, "hall__region")
    if model_name == "windowitem":
        return _subtree(membership, "window__hall__region")
    if model_name == "hallexemption":
        return _subtree(membership, "implementation__region")
    if model_name in ("certificatetype", "proof"):
        # Like the catalog: types and proofs kept above are read below; each region edits its own entries.
        return _subtree(membership) | _ancestors(membership) if reading else _subtree(membership)
    if model_name in ("listtype", "indicator", "holiday"):
        # One vocabulary for all regions; the role alone decides who edits it. Every row, as a condition that
        # survives `|` (an empty Q() would vanish when OR-ed with the others and leave nothing).
        return Q(pk__isnull=False)
    return NOTHING


def memberships_of(user) -> list[Membership]:
    if not user.is_authenticated or not user.is_active:
        return []
    if not hasattr(user, "_tongban_memberships"):
        user._tongban_memberships = list(Membership.objects.filter(user=user).select_related("region"))
    return user._tongban_memberships


def role_allows(role: str, model_name: str, action: str) -> bool:
    return action in ROLE_ACTIONS.get(role, {}).get(model_name, frozenset())


def user_may(user, action: str, model: type[Model]) -> bool:
    """Model-level: does any of the user's roles grant `action` on `model`?"""
    if user.is_active and user.is_superuser:
        return True
    name = model._meta.model_name
    return any(role_allows(m.role, name, action) for m in memberships_of(user))


def scope_filter(user, actions, model: type[Model]) -> Q | None:
    """A Q of the rows the user may act on with any of `actions`; None means every row (superuser)."""
    if user.is_active and user.is_superuser:
        return None
    name = model._meta.model_name
    q = NOTHING
    for membership in memberships_of(user):
        for action in actions:
            if role_allows(membership.role, name, action):
                q |= _rows(name, membership, action)
    return q


def scoped(user, actions, queryset: QuerySet) -> QuerySet:
    q = scope_filter(user, actions, queryset.model)
    return queryset if q is None else queryset.filter(q).distinct()


def user_may_act_on(user, action: str, instance: Model) -> bool:
    """Instance-level: may the user do `action` to this saved row?"""
    if not user_may(user, action, type(instance)):
        return False
    q = scope_filter(user, [action], type(instance))
    return q is None or type(instance)._default_manager.filter(q, pk=instance.pk).exists()


def regions_granting(user, action: str, model: type[Model]) -> Q | None:
    """A Q over Region: the subtrees where one of the user's roles grants `action` on `model` (None: all)."""
    if user.is_active and user.is_superuser:
        return None
    name = model._meta.model_name
    q = NOTHING
    for membership in memberships_of(user):
        if role_allows(membership.role, name, action):
            q |= in_subtree(membership.region)
    return q


class MembershipBackend(BaseBackend):
    """Django permissions derived from region memberships, so Wagtail's menus and checks see them."""

    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        memberships = memberships_of(user_obj)
        if not memberships:
            return set()
        perms = {"wagtailadmin.access_admin"}
        for membership in memberships:
            for model_name, actions in ROLE_ACTIONS[membership.role].items():
                perms |= {f"config_models.{action}_{model_name}" for action in actions}
                if actions - VIEW:
                    perms |= EDITOR_EXTRA_PERMISSIONS
        return perms

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)


# The field that places a row in a region, for rows not saved yet (a new region is placed by its parent).
PLACEMENT_FIELD = {"region": "parent", "department": "region", "catalogitem": "region",
                   "implementation": "region", "membership": "region",
                   # properties on WindowItem and HallExemption: the region of the hall, of the implementation
                   "staff": "region", "windowitem": "region", "hallexemption": "region",
                   "bundlequota": "region", "certificatetype": "region", "indicatortarget": "region",
                   "intermediaryservice": "region", "businesspolicy": "region", "evaluation": "region"}


def user_may_place(user, action: str, instance: Model) -> bool:
    """May the user `action` ("add", "change" or "publish") a row whose region fields hold these values?

    Checked on the submitted values, so a form cannot move a row out of the user's scope.
    """
    return placement_refusal(user, action, instance) is None


def placement_refusal(user, action: str, instance: Model) -> tuple[str, str] | None:
    """Why the user may not `action` a row placed like `instance`: (field name, Chinese message), or None."""
    if user.is_active and user.is_superuser:
        return None
    name = instance._meta.model_name
    if name not in PLACEMENT_FIELD:
        # A vocabulary without a region (list types): the role alone decides.
        return None if user_may(user, action, type(instance)) else ("__all__", "您没有权限保存此记录。")
    field = PLACEMENT_FIELD[name]
    region = getattr(instance, field, None)
    if region is None:
        return field, "请选择区划。"
    reason = None
    for membership in memberships_of(user):
        if not role_allows(membership.role, name, action) or not region.is_within(membership.region):
            continue
        if name == "region" and region.pk == membership.region.pk and membership.role != Role.CITY_ADMIN:
            continue
        if membership.role == Role.DEPARTMENT_EDITOR and getattr(instance, "department_id", None) != (
            membership.department_id
        ):
            reason = reason or ("department", "部门编辑只能保存本部门的记录。")
            continue
        if name == "membership" and ROLE_RANK.get(instance.role, 0) > ROLE_RANK[membership.role]:
            reason = reason or ("role", f"您不能授予高于本人角色（{membership.get_role_display()}）的角色。")
            continue
        return None
    if reason:
        return reason
    verb = {"add": "新增", "change": "保存", "publish": "发布"}.get(action, "保存")
    return field, f"“{region.name}”不在您的管辖范围内，不能在此区划{verb}记录。"


def member_choices(user, queryset: QuerySet) -> QuerySet:
    """The users a membership form may name: members of the user's scope, and users with no role yet."""
    if user.is_active and user.is_superuser:
        return queryset
    visible = Membership.objects.filter(scope_filter(user, ["view"], Membership)).values("user_id")
    return queryset.filter(Q(pk__in=visible) | Q(memberships__isnull=True), is_superuser=False).distinct()
