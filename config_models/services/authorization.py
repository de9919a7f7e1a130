"""Writes and cross-row rules of halls, rosters and delegations (STYLE.md 2).

The page forms of the admin (config_models.forms) and these services call the same rule functions, so an
entry outside the department's implementations, or at a window that does not accept the item, is refused
whatever the path, and a delegation cannot be published without its one supervision duty.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page

from config_models.models import (
    AuthorizationEntry,
    AuthorizationRoster,
    Delegation,
    Department,
    Implementation,
    Window,
    WindowItem,
)
from config_models.services.hall import window_item_save  # noqa: F401 (the hall's; older callers import it here)
from config_models.services.pages import page_publish, page_unpublish, register_page


def authorization_entry_errors(
    *, department: Department, windows: Iterable[Window], implementations: Iterable[Implementation]
) -> dict[str, list[str]]:
    """Why a roster entry may not stand, by field (Chinese messages); empty when it may."""
    windows, implementations = list(windows), list(implementations)
    errors: dict[str, list[str]] = {}
    foreign = [i for i in implementations if i.department_id != department.pk]
    if foreign:
        errors.setdefault("implementations", []).append(
            _("授权事项须为“%(department)s”的实施清单，以下事项不是：%(items)s。")
            % {"department": department.name, "items": "、".join(i.name for i in foreign)}
        )
    accepted = set(WindowItem.objects.filter(
        window__in=[w.pk for w in windows], implementation__in=[i.pk for i in implementations]
    ).values_list("window_id", "implementation_id"))
    for window in windows:
        refused = [i for i in implementations if (window.pk, i.pk) not in accepted and i not in foreign]
        if refused:
            errors.setdefault("windows", []).append(
                _("%(window)s不受理：%(items)s。") % {"window": window, "items": "、".join(i.name for i in refused)}
            )
    return errors


def roster_validate(*, roster: AuthorizationRoster) -> None:
    """Every entry of the roster (as it is in memory) against the department's implementations and windows."""
    errors = {}
    for index, entry in enumerate(roster.entries.all(), start=1):
        problems = authorization_entry_errors(
            department=roster.department, windows=entry.windows.all(), implementations=entry.implementations.all()
        )
        if not entry.scopes:
            problems.setdefault("scopes", []).append(_("请选择授权范围。"))
        if problems:
            errors[f"entries[{index}]"] = [message for messages in problems.values() for message in messages]
    if errors:
        raise ValidationError(errors)


def delegation_validate(*, delegation: Delegation, publishing: bool) -> None:
    """A delegation is published only with exactly one supervision duty (谁监管、怎么监管)."""
    if publishing and len(delegation.supervision_duties.all()) != 1:
        raise ValidationError({"supervision_duties": [
            _("发布赋权下放须配套且仅配套一条监管责任（谁监管、怎么监管）。")]})


ROSTER_FEED_CHILDREN = ("entries",)


def roster_publish(*, instance: AuthorizationRoster, revision, user=None, **options) -> AuthorizationRoster:
    """Put a roster revision in force: every entry checked; the entries are the feed's authorizations."""
    return page_publish(instance=instance, revision=revision, user=user,
                        check=lambda roster: roster_validate(roster=roster),
                        child_relations=ROSTER_FEED_CHILDREN, **options)


def roster_unpublish(*, instance: AuthorizationRoster, user=None, **options) -> AuthorizationRoster:
    return page_unpublish(instance=instance, user=user, child_relations=ROSTER_FEED_CHILDREN, **options)


def delegation_publish(*, instance: Delegation, revision, user=None, **options) -> Delegation:
    """Publish a delegation revision; refused without exactly one supervision duty."""
    return page_publish(instance=instance, revision=revision, user=user,
                        check=lambda delegation: delegation_validate(delegation=delegation, publishing=True),
                        **options)


def delegation_unpublish(*, instance: Delegation, user=None, **options) -> Delegation:
    return page_unpublish(instance=instance, user=user, **options)


def _publish(page: Page, *, parent: Page | None, user, publish: bool) -> Page:
    if page.pk is not None:
        page.full_clean()
    else:
        page.place_under(parent)
        page.live = False  # Wagtail's default for a new page is live; it is in force only once published
        parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
        page.refresh_from_db()
    return page


@transaction.atomic
def roster_save(*, roster: AuthorizationRoster, entries: list[AuthorizationEntry] | None = None,
                parent: Page | None = None, user=None, publish: bool = True) -> AuthorizationRoster:
    """Create or update a roster with its entries, validated; `publish` puts it in force."""
    if entries is not None:
        roster.entries = entries
    roster_validate(roster=roster)
    return _publish(roster, parent=parent, user=user, publish=publish)


@transaction.atomic
def delegation_save(*, delegation: Delegation, parent: Page | None = None, user=None,
                    publish: bool = True) -> Delegation:
    delegation_validate(delegation=delegation, publishing=publish)
    return _publish(delegation, parent=parent, user=user, publish=publish)


def _roster_save(*, instance, user=None, **options):
    return roster_save(roster=instance, user=user, **options)


def _delegation_save(*, instance, user=None, **options):
    return delegation_save(delegation=instance, user=user, **options)

register_page(AuthorizationRoster, save=_roster_save, publish=roster_publish, unpublish=roster_unpublish,
              child_relations=ROSTER_FEED_CHILDREN)
register_page(Delegation, save=_delegation_save, publish=delegation_publish, unpublish=delegation_unpublish)
