"""好差评 figures (GB/T 39734 appendix B) against values counted by hand, in a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest

from config_models.selectors.evaluation import GroupBy, evaluation_stats, region_totals
from config_models.services.evaluation import bad_review_call_back, bad_review_rectify, bad_review_verify
from tests.evaluation_helpers import evaluate, evaluation_world, load_holidays, member

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 9, 18)  # a Friday: 差评 due Thursday 24 September
TODAY = dt.date(2026, 10, 30)


def _figures(figures) -> tuple:
    return (figures.name, figures.evaluations, figures.good, figures.good_rate, figures.bad,
            figures.rectification_rate, figures.call_back_rate, figures.overdue)


@pytest.fixture
def world(regions):
    """广安区: 企业设立登记 5 5 4 3 1 2 (two at window 2), 食品经营许可 4 2, window 1 alone 5 1; 前锋区: 5 1.

    The licence's 1 is rectified and called back, its 2 found 不属实 and called back; the food's 2 and the
    window's 1 are open, overdue since 25 September; 前锋区's 1 is verified but not rectified.
    """
    load_holidays()
    rows = {**evaluation_world(regions), **regions}
    admin = member(regions["city"], "city_admin", "city_admin")
    licence, food = rows["licence"], rows["food"]
    evaluate(5, on=ON, implementation=licence, window=rows["window_2"])
    evaluate(5, on=ON, implementation=licence)
    evaluate(4, on=ON, implementation=licence)
    evaluate(3, on=ON, implementation=licence)
    fixed = evaluate(1, on=ON, implementation=licence, window=rows["window_2"]).bad_review_case
    bad_review_verify(case=fixed, user=admin, founded=True, note="属实")
    bad_review_rectify(case=fixed, user=admin, measures="培训", done_on=dt.date(2026, 9, 23))
    bad_review_call_back(case=fixed, user=admin, satisfied=True, note="满意")
    untrue = evaluate(2, on=ON, implementation=licence).bad_review_case
    bad_review_verify(case=untrue, user=admin, founded=False, note="不属实")
    bad_review_call_back(case=untrue, user=admin, satisfied=False, note="已解释")
    evaluate(4, on=ON, implementation=food)
    evaluate(2, on=ON, implementation=food)
    evaluate(5, on=ON, window=rows["window_1"])
    evaluate(1, on=ON, window=rows["window_1"])
    evaluate(5, on=ON, implementation=rows["sibling_licence"])
    verified = evaluate(1, on=ON, implementation=rows["sibling_licence"]).bad_review_case
    bad_review_verify(case=verified, user=admin, founded=True, note="属实")
    # outside the date range asked below
    evaluate(1, on=dt.date(2026, 8, 31), implementation=food)
    return rows


def stats(world, region, group_by, **kwargs):
    kwargs.setdefault("date_from", dt.date(2026, 9, 1))
    kwargs.setdefault("date_to", dt.date(2026, 9, 30))
    return evaluation_stats(region=world[region], group_by=group_by, today=TODAY, **kwargs)


def test_a_countys_totals_match_the_hand_count(world):
    totals = region_totals(region=world["county"], date_from=dt.date(2026, 9, 1), date_to=dt.date(2026, 9, 30),
                           today=TODAY)
    # 10 evaluations, 5 good; 4 bad of which 3 need rectification, 1 rectified; 2 called back; 2 overdue
    assert (totals.evaluations, totals.good, totals.bad, totals.to_rectify, totals.rectified, totals.called_back,
            totals.overdue) == (10, 5, 4, 3, 1, 2, 2)
    assert (totals.good_rate, totals.rectification_rate, totals.call_back_rate) == (
        Decimal("50.00"), Decimal("33.33"), Decimal("50.00"))


def test_figures_per_item(world):
    assert [_figures(row) for row in stats(world, "county", GroupBy.ITEM)] == [
        ("企业设立登记", 6, 3, Decimal("50.00"), 2, Decimal("100.00"), Decimal("100.00"), 0),
        ("食品经营许可", 2, 1, Decimal("50.00"), 1, Decimal("0.00"), Decimal("0.00"), 1),
    ]
    # the city counts both counties' implementations of the same catalog item together
    city = stats(world, "city", GroupBy.ITEM)
    assert [(row.name, row.evaluations, row.bad, row.rectification_rate) for row in city] == [
        ("企业设立登记", 8, 3, Decimal("50.00")), ("食品经营许可", 2, 1, Decimal("0.00"))]


def test_figures_per_window_and_per_department(world):
    hall = "广安区政务服务中心"
    assert [_figures(row) for row in stats(world, "county", GroupBy.WINDOW)] == [
        (f"{hall}1号窗口（综合受理窗口）", 2, 1, Decimal("50.00"), 1, Decimal("0.00"), Decimal("0.00"), 1),
        (f"{hall}2号窗口（企业开办专区）", 2, 1, Decimal("50.00"), 1, Decimal("100.00"), Decimal("100.00"), 0),
    ]
    assert [(row.name, row.evaluations, row.good_rate) for row in stats(world, "city", GroupBy.DEPARTMENT)] == [
        ("广安区市场监督管理局", 8, Decimal("50.00")), ("前锋区市场监督管理局", 2, Decimal("50.00"))]


def test_figures_per_region_below_the_one_asked(world):
    rows = stats(world, "city", GroupBy.REGION)
    assert [(row.name, row.evaluations, row.bad, row.rectification_rate, row.overdue) for row in rows] == [
        ("广安区", 10, 4, Decimal("33.33"), 2), ("前锋区", 2, 1, Decimal("0.00"), 1)]
    # a county's own evaluations are its own row; without descendants the city has none
    assert [(row.name, row.evaluations) for row in stats(world, "county", GroupBy.REGION)] == [("广安区", 10)]
    assert stats(world, "city", GroupBy.REGION, include_descendants=False) == []


def test_no_bad_review_means_no_rate_rather_than_zero(world):
    totals = region_totals(region=world["county"], date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 1, 31))
    assert (totals.evaluations, totals.good_rate, totals.rectification_rate, totals.call_back_rate) == (
        0, None, None, None)


@pytest.mark.parametrize(("group_by", "queries"), [
    (GroupBy.ITEM, 1), (GroupBy.WINDOW, 1), (GroupBy.BUNDLE, 1), (GroupBy.DEPARTMENT, 1), (GroupBy.REGION, 2)])
def test_the_query_count_does_not_grow_with_the_evaluations(world, django_assert_num_queries, group_by, queries):
    with django_assert_num_queries(queries):
        stats(world, "city", group_by)
    for rating in (1, 2, 3, 4, 5) * 4:
        evaluate(rating, on=ON, implementation=world["sibling_licence"], window=world["sibling_window"])
    with django_assert_num_queries(queries):
        stats(world, "city", group_by)
