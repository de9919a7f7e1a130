"""Memberships (user, region, role), and the Wagtail page permissions they imply.

Snippets are scoped by `config_models.scope` directly. Wagtail's page permissions are group based
(GroupPagePermission), so the same memberships are mirrored into groups: one group per (region, role),
holding that role's page actions (scope.ROLE_PAGE_ACTIONS) on the region's page, and each user sits in
exactly the groups their memberships imply. Memberships stay the one source of truth: these groups are
rebuilt from them and are never edited by hand.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

from config_models import scope
from config_models.models import Membership, Region, Role
from config_models.services import save_validated
from config_models.services.registry import register

GROUP_PREFIX = "区划角色·"


def membership_group_name(region: Region, role: str) -> str:
    """The managed group of one (region, role), e.g. "区划角色·511602·县级管理员"."""
    return f"{GROUP_PREFIX}{region.code}·{Role(role).label}"


@transaction.atomic
def membership_save(*, membership: Membership, user=None) -> Membership:
    """Validate and save a membership, then bring its user's page groups in line with their memberships."""
    previous_user_id = (
        Membership.objects.filter(pk=membership.pk).values_list("user_id", flat=True).first()
        if membership.pk
        else None
    )
    save_validated(membership, user=user)
    membership_groups_sync(user_id=membership.user_id)
    if previous_user_id and previous_user_id != membership.user_id:
        membership_groups_sync(user_id=previous_user_id)
    return membership


@transaction.atomic
def membership_delete(*, membership: Membership, user=None) -> None:
    """Delete a membership; its user loses the page groups no other membership of theirs implies."""
    member_id = membership.user_id
    membership._history_user = user
    membership.delete()
    membership_groups_sync(user_id=member_id)


def membership_group(region: Region, role: str) -> Group:
    """The group of one (region, role), with exactly the role's page permissions on the region's page."""
    group, _created = Group.objects.get_or_create(name=membership_group_name(region, role))
    page = Page.objects.filter(regionpage__region=region).first()
    wanted = set()
    if page is not None:
        codenames = [f"{action}_page" for action in scope.ROLE_PAGE_ACTIONS.get(role, ())]
        permissions = Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
        wanted = {(page.pk, permission.pk) for permission in permissions}
    held = {(p.page_id, p.permission_id): p.pk for p in GroupPagePermission.objects.filter(group=group)}
    GroupPagePermission.objects.filter(pk__in=[pk for key, pk in held.items() if key not in wanted]).delete()
    GroupPagePermission.objects.bulk_create(
        [GroupPagePermission(group=group, page_id=page_id, permission_id=permission_id)
         for page_id, permission_id in wanted - set(held)]
    )
    return group


def membership_groups_sync(*, user_id: int) -> None:
    """Put the user in exactly the managed groups their memberships imply (other groups are left alone)."""
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(pk=user_id)
    memberships = Membership.objects.filter(user_id=user_id).select_related("region")
    wanted = {membership_group(m.region, m.role) for m in memberships}
    managed = set(member.groups.filter(name__startswith=GROUP_PREFIX))
    member.groups.remove(*(managed - wanted))
    member.groups.add(*(wanted - managed))


def membership_groups_sync_all() -> None:
    """Rebuild every managed group from the memberships (after regions were renumbered or pages rebuilt)."""
    users = set(Membership.objects.values_list("user_id", flat=True))
    users |= set(Group.objects.filter(name__startswith=GROUP_PREFIX).values_list("user", flat=True)) - {None}
    for user_id in users:
        membership_groups_sync(user_id=user_id)
    Group.objects.filter(name__startswith=GROUP_PREFIX, user__isnull=True).delete()


register(
    Membership,
    save=lambda *, instance, user=None, reason="": membership_save(membership=instance, user=user),
    delete=lambda *, instance, user=None: membership_delete(membership=instance, user=user),
)
