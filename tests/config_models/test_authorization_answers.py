"""The answers (issue 6, point 5): who may approve an item at a window on a date, the coverage worklists,
and the chief approvers' share against the 50 % / 60 % targets."""

import datetime as dt
from fractions import Fraction

import pytest
from django.utils import timezone

from config_models.models import HallExemption
from config_models.selectors.authorization import (
    chief_approver_target,
    expiring_rosters,
    hall_share,
    outside_hall,
    region_share,
    unaccepted_implementations,
    uncovered_window_items,
    who_may,
)
from config_models.tasks import publish_scheduled_pages
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory
from tests.hall_factories import StaffFactory, accept, make_hall, make_roster

pytestmark = pytest.mark.django_db

MARCH_1, SEPTEMBER_1 = dt.date(2025, 3, 1), dt.date(2025, 9, 1)


@pytest.fixture
def bureau(regions):
    return DepartmentFactory(region=regions["county"], name="广安区行政审批局")


@pytest.fixture
def hall(regions):
    return make_hall(regions["county"],
                     windows=[("1", "综合受理窗口", "general"), ("2", "社会事务窗口", "sector", "social")])


@pytest.fixture
def w(hall):
    return {int(window.number): window for window in hall.windows.all()}


def item(regions, department, name):
    return ImplementationFactory(catalog_item=CatalogItemFactory(region=regions["province"], name=name),
                                 region=regions["county"], department=department)


@pytest.fixture
def licence(regions, bureau, w):
    implementation = item(regions, bureau, "食品经营许可")
    accept(w[1], implementation)
    return implementation


@pytest.fixture
def chief(regions, bureau):
    return StaffFactory(name="张敏", department=bureau, region=regions["county"], is_chief_approver=True)


def names(answers):
    return [answer.staff_name for answer in answers]


def test_who_may_approve_before_inside_and_after_the_rosters_validity(regions, bureau, w, licence, chief):
    # given: a roster valid from 1 March to 1 September 2025
    clerk = StaffFactory(name="李娜", department=bureau, region=regions["county"])
    roster = make_roster(regions["county"], bureau, [
        (chief, [w[1]], [licence], ["accept", "approve"]), (clerk, [w[1]], [licence], ["accept"]),
    ], go_live=MARCH_1, expire=SEPTEMBER_1, document_number="广区审批〔2025〕2号")

    def ask(day, window=w[1], scope="approve"):
        return who_may(implementation=licence, window=window, on=day, scope=scope)

    # then: nobody before, the chief approver inside, nobody from the expiry day on
    assert ask(dt.date(2025, 2, 28)) == []
    assert names(ask(MARCH_1)) == ["张敏"]
    assert names(ask(dt.date(2025, 8, 31))) == ["张敏"]
    assert ask(SEPTEMBER_1) == []
    assert ask(dt.date(2026, 1, 1)) == []
    # the answer names its authority; the clerk may accept but not approve
    answer = ask(MARCH_1)[0]
    assert (answer.document_number, answer.department_name, answer.roster_id) == (
        "广区审批〔2025〕2号", "广安区行政审批局", roster.pk)
    assert names(ask(MARCH_1, scope="accept")) == ["张敏", "李娜"]
    # at a window that does not accept the item, nobody
    assert ask(MARCH_1, window=w[2]) == []


def test_an_expired_roster_still_answers_for_its_past_and_a_revoked_one_never(regions, bureau, w, licence, chief):
    roster = make_roster(regions["county"], bureau, [(chief, [w[1]], [licence], ["approve"])],
                         go_live=MARCH_1, expire=SEPTEMBER_1)
    # Wagtail's scheduler (the periodic task run_worker enqueues) unpublishes it at expiry, marks it expired
    publish_scheduled_pages.enqueue()
    roster.refresh_from_db()
    assert (roster.live, roster.expired) == (False, True)
    assert names(who_may(implementation=licence, window=w[1], on=dt.date(2025, 6, 1))) == ["张敏"]
    assert who_may(implementation=licence, window=w[1], on=SEPTEMBER_1) == []

    # a roster unpublished by hand is suspended or revoked: in force on no day
    other = make_roster(regions["county"], bureau, [(chief, [w[1]], [licence], ["approve"])], go_live=MARCH_1,
                        title="第二份授权书")
    assert len(who_may(implementation=licence, window=w[1], on=dt.date(2025, 10, 1))) == 1
    other.unpublish()
    assert who_may(implementation=licence, window=w[1], on=dt.date(2025, 10, 1)) == []


def test_a_window_that_stops_accepting_the_item_ends_the_answer(regions, bureau, w, licence, chief):
    make_roster(regions["county"], bureau, [(chief, [w[1]], [licence], ["approve"])], go_live=MARCH_1)
    assert names(who_may(implementation=licence, window=w[1], on=MARCH_1)) == ["张敏"]
    licence.window_items.all().delete()
    assert who_may(implementation=licence, window=w[1], on=MARCH_1) == []


def test_the_coverage_worklists(regions, bureau, w, licence, chief):
    # given: a licence accepted and covered, a permit accepted but uncovered, one never accepted, one exempt
    permit = item(regions, bureau, "公共场所卫生许可")
    accept(w[2], permit)
    forgotten = item(regions, bureau, "药品零售许可")
    exempt = item(regions, bureau, "爆破作业许可")
    HallExemption.objects.create(implementation=exempt, reason="涉密，须在公安机关现场办理")
    now = timezone.now()
    soon = make_roster(regions["county"], bureau, [(chief, [w[1]], [licence], ["approve"])],
                       go_live=dt.date(2025, 1, 1), expire=(now + dt.timedelta(days=20)).date())
    make_roster(regions["county"], bureau, [(chief, [w[1]], [licence], ["accept"])], go_live=dt.date(2025, 1, 1),
                expire=(now + dt.timedelta(days=90)).date(), title="长期授权书")
    today = timezone.localdate()

    # then
    assert list(unaccepted_implementations(regions["county"])) == [forgotten]
    assert [(i.window, i.implementation) for i in uncovered_window_items(regions["county"], on=today)] == [
        (w[2], permit)]
    assert list(expiring_rosters(regions["county"])) == [soon]
    assert [e.implementation for e in outside_hall(regions["county"])] == [exempt]
    assert list(outside_hall(regions["sibling"])) == []
    # after the short roster lapses, nothing changes for the licence: the long one still covers it (accept)
    assert [i.implementation for i in uncovered_window_items(regions["county"], on=today + dt.timedelta(days=30))] \
        == [permit]


def test_the_chief_approver_share_against_a_hand_checked_case(regions, bureau, w, chief):
    # given: A and B at window 1, C and D at window 2; E accepted nowhere; F exempt from the hall
    a, b, c, d, _e, f = (item(regions, bureau, name) for name in "ABCDEF")
    accept(w[1], a, b)
    accept(w[2], c, d)
    HallExemption.objects.create(implementation=f, reason="须到现场踏勘")
    second_chief = StaffFactory(department=bureau, region=regions["county"], is_chief_approver=True)
    clerk = StaffFactory(department=bureau, region=regions["county"])
    make_roster(regions["county"], bureau, [
        (chief, [w[1]], [a, b], ["approve"]),          # counts: chief, approve, accepting window
        (second_chief, [w[2]], [c], ["accept"]),       # chief, but may not approve
        (clerk, [w[2]], [d], ["approve"]),             # approves, but is not a chief approver
    ], go_live=dt.date(2022, 1, 1))

    # then: at the hall 2 of 4 (A, B of A–D); in the county 2 of 5 (A–E; F is outside the hall)
    in_2022, in_2023 = hall_share(w[1].hall, on=dt.date(2022, 6, 1)), hall_share(w[1].hall, on=dt.date(2023, 6, 1))
    assert (in_2022.approvable, in_2022.total, in_2022.ratio) == (2, 4, Fraction(1, 2))
    assert in_2022.meets_target and not in_2023.meets_target
    county = region_share(regions["county"], on=dt.date(2023, 6, 1))
    assert (county.approvable, county.total, county.ratio, county.target) == (2, 5, Fraction(2, 5), Fraction(3, 5))
    assert not county.meets_target
    # before the roster, nobody
    assert hall_share(w[1].hall, on=dt.date(2021, 12, 31)).approvable == 0


def test_the_targets_by_year():
    assert [chief_approver_target(year) for year in (2021, 2022, 2023, 2030)] == [
        Fraction(1, 2), Fraction(1, 2), Fraction(3, 5), Fraction(3, 5)]
