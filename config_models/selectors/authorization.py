"""Answers, not just records: who may act on an item at a window on a date, what the hall does not cover,
and the chief approvers' share against the seed's targets. Read-only; the admin and the API both ask here.

A roster is in force on a day D when it is published (or was published until it expired: Wagtail sets
`expired` when the expiry date unpublishes it), its validity began on or before D (the go-live date, or its
first publication when it has none) and it does not expire before D ends. A roster unpublished by hand is
suspended or revoked: in force on no day.
"""

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from config_models.models import (
    AuthorizationEntry,
    AuthorizationRoster,
    AuthorizationScope,
    Delegation,
    Hall,
    HallExemption,
    Implementation,
    ImplementationStatus,
    Region,
    Window,
    WindowItem,
    in_subtree,
)

# 首席审批员 share targets by year (the seed: 50 % in 2022, 60 % from 2023); a year takes the latest target
# at or before it, years before the first take the first.
CHIEF_APPROVER_TARGETS = {2022: Fraction(1, 2), 2023: Fraction(3, 5)}
EXPIRY_WARNING_DAYS = 30


def _end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after `day` in the server's time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def rosters_in_force(on: dt.date) -> QuerySet[AuthorizationRoster]:
    end = _end_of_day(on)
    return (
        AuthorizationRoster.objects.filter(Q(live=True) | Q(expired=True))
        .annotate(valid_from=Coalesce("go_live_at", "first_published_at"))
        .filter(valid_from__lt=end)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gte=end))
    )


def published_entries() -> QuerySet[AuthorizationEntry]:
    """Entries of published rosters, and of rosters whose expiry unpublished them (the API lists both)."""
    return AuthorizationEntry.objects.filter(Q(roster__live=True) | Q(roster__expired=True))


def published_delegations() -> QuerySet[Delegation]:
    return Delegation.objects.filter(live=True)


def _with_scope(scope: str) -> Q:
    # scopes is a JSON list; contains-lookups differ by database, so match the quoted value.
    return Q(scopes__icontains=f'"{scope}"')


def entries_in_force(on: dt.date, *, scope: str | None = None) -> QuerySet[AuthorizationEntry]:
    entries = AuthorizationEntry.objects.filter(
        roster__in=rosters_in_force(on).values("pk"), staff__active=True
    )
    return entries.filter(_with_scope(scope)) if scope else entries


@dataclass(frozen=True)
class Authority:
    """One answer to "who may": the staff member, and the roster (授权书) that gives them the power."""

    staff_id: int
    staff_name: str
    employee_number: str
    is_chief_approver: bool
    roster_id: int
    roster_title: str
    document_number: str
    department_name: str
    valid_from: dt.datetime | None
    valid_until: dt.datetime | None


def who_may(*, implementation: Implementation, window: Window, on: dt.date,
            scope: str = AuthorizationScope.APPROVE) -> list[Authority]:
    """The staff who may `scope` (审批 by default) `implementation` at `window` on day `on`, with their authority.

    The window must (still) accept the implementation, and the roster must be in force on that day.
    """
    if not WindowItem.objects.filter(window=window, implementation=implementation).exists():
        return []
    entries = (
        entries_in_force(on, scope=scope)
        .filter(windows=window, implementations=implementation)
        .select_related("staff", "roster", "roster__department")
        .order_by("staff__employee_number", "pk")
    )
    seen, answers = set(), []
    for entry in entries:
        key = (entry.staff_id, entry.roster_id)
        if key in seen:
            continue
        seen.add(key)
        roster = entry.roster
        answers.append(Authority(
            staff_id=entry.staff_id, staff_name=entry.staff.name, employee_number=entry.staff.employee_number,
            is_chief_approver=entry.staff.is_chief_approver, roster_id=roster.pk, roster_title=roster.title,
            document_number=roster.document_number, department_name=roster.department.name,
            valid_from=roster.go_live_at or roster.first_published_at, valid_until=roster.expire_at,
        ))
    return answers


def _covered_pairs(entries: QuerySet[AuthorizationEntry]) -> set[tuple[int, int]]:
    """(window id, implementation id) pairs the entries cover: three queries whatever their number."""
    through_windows = AuthorizationEntry.windows.through.objects.filter(authorizationentry__in=entries.values("pk"))
    through_items = AuthorizationEntry.implementations.through.objects.filter(
        authorizationentry__in=entries.values("pk"))
    windows: dict[int, set[int]] = {}
    for entry_id, window_id in through_windows.values_list("authorizationentry_id", "window_id"):
        windows.setdefault(entry_id, set()).add(window_id)
    pairs = set()
    for entry_id, implementation_id in through_items.values_list("authorizationentry_id", "implementation_id"):
        pairs |= {(window_id, implementation_id) for window_id in windows.get(entry_id, ())}
    return pairs


def in_hall_implementations(region: Region, *, include_descendants: bool = False) -> QuerySet[Implementation]:
    """Implementations that must be handled in the hall (应进必进): in force, published, handled at a window,
    and not on the hall's negative list (HallExemption)."""
    placed = in_subtree(region, "region") if include_descendants else Q(region=region)
    return Implementation.objects.filter(
        placed, live=True, window_handling=True, status=ImplementationStatus.ACTIVE, hall_exemption__isnull=True
    )


def halls_of(region: Region, *, include_descendants: bool = True) -> QuerySet[Hall]:
    placed = in_subtree(region, "region") if include_descendants else Q(region=region)
    return Hall.objects.filter(placed)


# Worklists ------------------------------------------------------------------------------------------------


def unaccepted_implementations(region: Region) -> QuerySet[Implementation]:
    """In-hall implementations of the region's subtree that no window of any hall accepts."""
    return in_hall_implementations(region, include_descendants=True).filter(window_items__isnull=True)


def uncovered_window_items(region: Region, *, on: dt.date) -> list[WindowItem]:
    """Items accepted at a window of the region's halls for which no staff member is authorized there on `on`."""
    items = list(
        WindowItem.objects.filter(window__hall__in=halls_of(region).values("pk"))
        .select_related("window__hall", "implementation__catalog_item", "implementation__department")
        .order_by("window__hall_id", "window__sort_order", "pk")
    )
    covered = _covered_pairs(entries_in_force(on))
    return [item for item in items if (item.window_id, item.implementation_id) not in covered]


def expiring_rosters(region: Region, *, now: dt.datetime | None = None,
                     days: int = EXPIRY_WARNING_DAYS) -> QuerySet[AuthorizationRoster]:
    """Published rosters of the region's subtree whose validity ends within `days`."""
    now = now or timezone.now()
    return AuthorizationRoster.objects.filter(
        in_subtree(region, "region"), live=True, expire_at__gt=now,
        expire_at__lte=now + dt.timedelta(days=days),
    ).order_by("expire_at")


def outside_hall(region: Region) -> QuerySet[HallExemption]:
    """Implementations handled outside the hall by exception (负面清单), with their reasons."""
    return HallExemption.objects.filter(in_subtree(region, "implementation__region")).select_related(
        "implementation__catalog_item", "implementation__region")


# Chief approvers' share ----------------------------------------------------------------------------------


def chief_approver_target(year: int) -> Fraction:
    eligible = [target for since, target in sorted(CHIEF_APPROVER_TARGETS.items()) if since <= year]
    return eligible[-1] if eligible else min(CHIEF_APPROVER_TARGETS.items())[1]


@dataclass(frozen=True)
class Share:
    approvable: int
    total: int
    target: Fraction

    @property
    def ratio(self) -> Fraction | None:
        return Fraction(self.approvable, self.total) if self.total else None

    @property
    def meets_target(self) -> bool:
        return self.ratio is not None and self.ratio >= self.target


def _chief_pairs(on: dt.date) -> set[tuple[int, int]]:
    return _covered_pairs(entries_in_force(on, scope=AuthorizationScope.APPROVE).filter(staff__is_chief_approver=True))


def hall_share(hall: Hall, *, on: dt.date) -> Share:
    """Of the implementations the hall's windows accept, those a chief approver may approve at the window
    that accepts them on day `on`."""
    accepted = set(WindowItem.objects.filter(
        window__hall=hall, implementation__live=True, implementation__status=ImplementationStatus.ACTIVE,
    ).values_list("window_id", "implementation_id"))
    chief = _chief_pairs(on)
    total = {implementation for _window, implementation in accepted}
    approvable = {implementation for pair in accepted & chief for implementation in pair[1:]}
    return Share(approvable=len(approvable), total=len(total), target=chief_approver_target(on.year))


def region_share(region: Region, *, on: dt.date) -> Share:
    """Of the region's own in-hall implementations (应进必进, an unaccepted one counts against), those a chief
    approver may approve at a window of a hall in the region's subtree that accepts them on day `on`."""
    total = set(in_hall_implementations(region).values_list("pk", flat=True))
    accepted = set(WindowItem.objects.filter(
        window__hall__in=halls_of(region).values("pk"), implementation_id__in=total,
    ).values_list("window_id", "implementation_id"))
    approvable = {implementation for _window, implementation in accepted & _chief_pairs(on)}
    return Share(approvable=len(approvable), total=len(total), target=chief_approver_target(on.year))


def hall_overview(hall: Hall, *, on: dt.date) -> list[dict]:
    """Per window of the hall: each accepted implementation with the staff authorized for it there on `on`."""
    windows = list(Window.objects.filter(hall=hall).order_by("sort_order", "pk"))
    items = WindowItem.objects.filter(window__hall=hall).select_related("implementation__catalog_item")
    entries = list(
        entries_in_force(on).filter(windows__hall=hall).distinct().select_related("staff")
        .prefetch_related("windows", "implementations")
    )
    by_window: dict[int, list] = {window.pk: [] for window in windows}
    for item in items.order_by("pk"):
        staff = []
        for entry in entries:
            if any(w.pk == item.window_id for w in entry.windows.all()) and any(
                    i.pk == item.implementation_id for i in entry.implementations.all()):
                staff.append({"name": entry.staff.name, "is_chief_approver": entry.staff.is_chief_approver,
                              "scopes": [str(AuthorizationScope(s).label) for s in entry.scopes]})
        by_window[item.window_id].append({"implementation": item.implementation, "staff": staff})
    return [{"window": window, "items": by_window[window.pk]} for window in windows]
