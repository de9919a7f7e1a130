"""Demo halls, windows, staff, authorization rosters and delegations (called by load_demo).

Each county gets a 政务服务中心 with ten windows of different types, a regular, an extended and a weekend
session and a holiday. The two general windows accept every in-hall implementation of the county, the
sector windows those of their sector's departments. Each department authorizes a clerk to accept and
issue and a chief approver to approve a share of its items at the general window: about the seed's 50 %
in 广安区, below it in the other counties. Two city powers are delegated to a town of each county with their
supervision.

Pages are written live in one tree insert each, as pages created in code and published once; every run
adds only what is missing.
"""

import datetime as dt
import math
from collections import Counter, defaultdict

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from config_models.models import (
    AuthorizationEntry,
    AuthorizationRoster,
    Bundle,
    Delegation,
    Department,
    Hall,
    HallClosure,
    HallExemption,
    HallSession,
    Implementation,
    ImplementationStatus,
    ItemType,
    Region,
    RegionPage,
    Staff,
    SupervisionDuty,
    Window,
    WindowItem,
)
from config_models.services import save_validated
from config_models.services.authorization import delegation_save, roster_save
from config_models.services.hall import hall_exemption_save
from demo.datafiles import read
from demo.feed import record_inserted

REASON = "演示数据"
_data = read("halls")
# The chief approvers' share of each department's items, by county: 广安区 reaches the seed's 50 %.
CHIEF_SHARE: dict[str, float] = _data["chief_share"]
DEFAULT_CHIEF_SHARE: float = _data["default_chief_share"]
DELEGATED_TO: list[str] = _data["delegated_to"]  # a town of each county
DELEGATIONS: int = _data["delegations"]
EXEMPTIONS: list[list[str]] = _data["exemptions"]
VALID_FROM: dt.date = _data["valid_from"]

WINDOWS = [tuple(window) for window in _data["windows"]]
ASSISTED_WINDOW: str = _data["assisted_window"]
# Departments whose items the sector windows accept, by a word of their names.
SECTOR_WORDS = {sector: tuple(words) for sector, words in _data["sector_words"].items()}


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def _add_live_page(parent: RegionPage, page) -> None:
    now = timezone.now()
    page.live, page.has_unpublished_changes = True, False
    page.first_published_at = page.last_published_at = now
    page._change_reason = REASON
    parent.add_child(instance=page)


def apply_halls(regions: dict[str, Region], created: Counter) -> None:
    counties = [region for region in regions.values() if region.level == "county"]
    for county in sorted(counties, key=lambda region: region.code):
        hall = Hall.objects.filter(region=county).first() or _hall(county, created)
        _exemptions(county, created)  # before the windows: an item handled outside the hall is at none of them
        _window_items(hall, county, created)
        _window_bundles(hall, county, created)
        _rosters(hall, county, created)
    for township in DELEGATED_TO:
        if township in regions:
            _delegations(regions[township], created)


def _hall(county: Region, created: Counter) -> Hall:
    hall = Hall(title=f"{county.name}政务服务中心", slug="zwfwzx", kind="government",
                address=f"{county.name}政务服务中心（{county.name}金安大道一段1号）", phone="0826-2221234",
                opening_hours="工作日 9:00–12:00，13:30–17:30；周六上午延时服务",
                zones=["bundle", "self_service", "assisted"])
    hall.windows = [Window(number=n, name=name, window_type=kind, sector=sector, sort_order=order)
                    for order, (n, name, kind, sector) in enumerate(WINDOWS)]
    hall.sessions = [
        HallSession(kind="regular", weekdays=[1, 2, 3, 4, 5], opens_at=dt.time(9), closes_at=dt.time(17, 30)),
        HallSession(kind="extended", weekdays=[1, 2, 3, 4, 5], opens_at=dt.time(17, 30), closes_at=dt.time(19),
                    note="延时服务：综合受理窗口"),
        HallSession(kind="weekend", weekdays=[6], opens_at=dt.time(9), closes_at=dt.time(12), note="周六上午"),
    ]
    hall.closures = [HallClosure(date=dt.date(2026, 10, 1), closed=True, reason="国庆节")]
    _add_live_page(RegionPage.objects.get(region=county), hall)
    record_inserted(hall, parents=False)
    record_inserted(list(hall.windows.all()), parents=False)
    created["halls"] += 1
    created["windows"] += len(WINDOWS)
    return hall


def _in_hall(county: Region):
    return Implementation.objects.filter(
        region=county, live=True, window_handling=True, status=ImplementationStatus.ACTIVE, hall_exemption__isnull=True
    ).select_related("department", "catalog_item").order_by("pk")


def _exemptions(county: Region, created: Counter) -> None:
    """The county's 入驻负面清单: the items of EXEMPTIONS it implements, with the reason and where they are handled."""
    if HallExemption.objects.filter(implementation__region=county).exists():
        return
    for words, reason, place in EXEMPTIONS:
        for implementation in Implementation.objects.filter(region=county, live=True,
                                                            catalog_item__name__contains=words).order_by("pk"):
            hall_exemption_save(exemption=HallExemption(
                implementation=implementation, reason=reason, place=f"{county.name}{place}",
                approved_document=f"{county.name[:2]}政务办〔2024〕3号"), reason=REASON)
            created["hall_exemptions"] += 1


def _window_items(hall: Hall, county: Region, created: Counter) -> None:
    windows = {window.number: window for window in Window.objects.filter(hall=hall)}
    taken = set(WindowItem.objects.filter(window__hall=hall).values_list("window_id", "implementation_id"))
    new = []
    for implementation in _in_hall(county):
        numbers = ["1", "2"] + [
            number for number, _name, kind, sector in WINDOWS
            if kind == "sector" and any(word in implementation.department.name for word in SECTOR_WORDS[sector])
        ]
        if implementation.catalog_item.item_type == ItemType.LICENSING and implementation.visit_count:
            numbers.append(ASSISTED_WINDOW)  # permits needing a visit get 帮办代办
        for number in numbers:
            if (windows[number].pk, implementation.pk) not in taken:
                new.append(WindowItem(window=windows[number], implementation=implementation))
    bulk_create_with_history(new, WindowItem, batch_size=500, default_change_reason=REASON)
    record_inserted(new)  # the windows and halls that accept them
    created["window_items"] += len(new)


def _window_bundles(hall: Hall, county: Region, created: Counter) -> None:
    """The 一件事专区 window accepts every bundle the county offers (demo bundles load before halls).

    Windows are part of the hall page, so the change goes through a new revision of it, as in the admin.
    """
    hall = Hall.objects.get(pk=hall.pk)
    windows = list(hall.windows.all())
    window = next(window for window in windows if window.window_type == "bundle")
    accepted = list(window.accepted_bundles.all())
    missing = list(Bundle.objects.live().filter(region=county).exclude(pk__in=[b.pk for b in accepted]))
    if missing:
        window.accepted_bundles = accepted + missing
        hall.windows = windows  # the edited windows, held in memory for the revision
        hall.save_revision().publish()
        created["window_bundles"] += len(missing)


def _rosters(hall: Hall, county: Region, created: Counter) -> None:
    general = Window.objects.get(hall=hall, number="1")
    everyday = list(Window.objects.filter(hall=hall, number__in=["1", "2", "10"]).order_by("sort_order"))
    by_department = defaultdict(list)
    for implementation in _in_hall(county):
        by_department[implementation.department].append(implementation)
    done = set(AuthorizationRoster.objects.filter(region=county).values_list("department_id", flat=True))
    parent = RegionPage.objects.get(region=county)
    share = CHIEF_SHARE.get(county.code, DEFAULT_CHIEF_SHARE)
    for number, (department, implementations) in enumerate(sorted(by_department.items(), key=lambda kv: kv[0].pk)):
        chief = _staff(department, county, f"{number + 1:02d}01", _name(2 * number), True, created)
        clerk = _staff(department, county, f"{number + 1:02d}02", _name(2 * number + 1), False, created)
        if department.pk in done:
            continue
        roster = AuthorizationRoster(
            title=f"{department.name}授权书", slug=f"sqs-{department.pk}", department=department,
            document_number=f"{department.name[:4]}〔2024〕{number + 1}号", go_live_at=_at(VALID_FROM),
            basis="《关于深化“放管服”改革 充分授权窗口工作人员的通知》",
        )
        chief_entry = AuthorizationEntry(staff=chief, scopes=["review", "approve"])
        chief_entry.windows = [general]
        chief_entry.implementations = implementations[: math.ceil(len(implementations) * share)]
        clerk_entry = AuthorizationEntry(staff=clerk, scopes=["accept", "issue"])
        clerk_entry.windows = [w for w in everyday if w.number != "10"]
        clerk_entry.implementations = implementations
        roster.region = county
        roster_save(roster=roster, entries=[chief_entry, clerk_entry], parent=parent)
        created["rosters"] += 1


SURNAMES: str = _data["surnames"]
GIVEN_NAMES: list[str] = _data["given_names"]


def _name(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN_NAMES[(n // len(SURNAMES) + n) % len(GIVEN_NAMES)]


def _staff(department: Department, county: Region, number: str, name: str, chief: bool, created: Counter) -> Staff:
    staff = Staff.objects.filter(department=department, employee_number=f"{county.code}-{number}").first()
    if staff is None:
        staff = Staff(name=name, employee_number=f"{county.code}-{number}", department=department, region=county,
                      is_chief_approver=chief)
        save_validated(staff, reason=REASON)
        created["staff"] += 1
    return staff


def _delegations(township: Region, created: Counter) -> None:
    city = township.parent.parent
    receiver = Department.objects.filter(region=township).order_by("pk").first()
    powers = Implementation.objects.filter(region=city, live=True, status=ImplementationStatus.ACTIVE).select_related(
        "department", "catalog_item").order_by("pk")[:DELEGATIONS]
    parent = RegionPage.objects.get(region=township)
    for number, power in enumerate(powers, start=1):
        if receiver is None or Delegation.objects.filter(region=township, implementation=power).exists():
            continue
        delegation = Delegation(
            title=f"{power.name}（下放{township.name}）", slug=f"xf-{power.pk}", implementation=power,
            receiving_department=receiver, delegation_type="devolve" if number == 1 else "entrust",
            document_number=f"广安府发〔2024〕{number}号", effective_on=VALID_FROM,
        )
        delegation.supervision_duties = [SupervisionDuty(
            supervisor=power.department, method="每季度抽查下放事项办件，年度开展承接能力评估")]
        delegation.region = township
        delegation_save(delegation=delegation, parent=parent)
        created["delegations"] += 1
