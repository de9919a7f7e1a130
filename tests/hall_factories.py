"""Factories for halls, windows, staff, rosters and delegations. Pages go in under their region's page."""

import datetime as dt

import factory
from django.utils import timezone

from config_models.models import (
    AuthorizationEntry,
    AuthorizationRoster,
    Delegation,
    Hall,
    RegionPage,
    Staff,
    SupervisionDuty,
    Window,
    WindowItem,
)
from config_models.services.authorization import delegation_save, roster_save


def region_page(region) -> RegionPage:
    return RegionPage.objects.get(region=region)


def make_hall(region, *, title=None, windows=(), **fields) -> Hall:
    """A published hall of `region` with windows given as (number, name, type[, sector]) tuples."""
    kind = {"township": "citizen", "village": "convenience"}.get(region.level, "government")
    label = {"government": "政务服务中心", "citizen": "为民服务中心", "convenience": "便民服务中心"}[kind]
    hall = Hall(title=title or f"{region.name}{label}", kind=kind, address=f"{region.name}人民路1号", **fields)
    hall.windows = [
        Window(number=w[0], name=w[1], window_type=w[2], sector=w[3] if len(w) > 3 else "", sort_order=n)
        for n, w in enumerate(windows)
    ]
    region_page(region).add_child(instance=hall)
    hall.save_revision().publish()
    return Hall.objects.get(pk=hall.pk)


def accept(window, *implementations, **fields) -> list[WindowItem]:
    return [WindowItem.objects.create(window=window, implementation=i, **fields) for i in implementations]


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    name = factory.Sequence(lambda n: f"工作人员{n}")
    employee_number = factory.Sequence(lambda n: f"G{n:04d}")
    department = None
    region = None


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def make_roster(region, department, entries, *, go_live=None, expire=None, publish=True, title=None,
                document_number="广区审批〔2024〕1号") -> AuthorizationRoster:
    """A roster with `entries` as (staff, windows, implementations, scopes) tuples, published by the service."""
    roster = AuthorizationRoster(
        title=title or f"{department.name}授权书", department=department, document_number=document_number,
        go_live_at=at(go_live) if go_live else None, expire_at=at(expire) if expire else None,
    )
    rows = []
    for staff, windows, implementations, scopes in entries:
        entry = AuthorizationEntry(staff=staff, scopes=list(scopes))
        entry.windows = list(windows)
        entry.implementations = list(implementations)
        rows.append(entry)
    # A go-live date in the past puts the roster live at once, as the scheduler would have on that day.
    return roster_save(roster=roster, entries=rows, parent=region_page(region), publish=publish)


def make_delegation(region, implementation, receiving_department, *, supervisor=None, publish=True,
                    **fields) -> Delegation:
    delegation = Delegation(
        title=fields.pop("title", f"{implementation.name}下放"), implementation=implementation,
        receiving_department=receiving_department, delegation_type=fields.pop("delegation_type", "devolve"),
        document_number=fields.pop("document_number", "广府发〔2024〕5号"),
        effective_on=fields.pop("effective_on", dt.date(2024, 1, 1)), **fields,
    )
    if supervisor is not None:
        delegation.supervision_duties = [SupervisionDuty(supervisor=supervisor, method="每季度抽查办件")]
    return delegation_save(delegation=delegation, parent=region_page(region), publish=publish)
