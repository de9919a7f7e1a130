"""The monthly trend of a region's indicators, read from hand-built snapshots: months in order, a month
without a snapshot a gap, the latest snapshot of a month counting, other regions and own-rows snapshots left
out; one query whatever the number of indicators."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config_models.models import Indicator, IndicatorSnapshot
from config_models.selectors import indicator as figures

pytestmark = pytest.mark.django_db

UNTIL = dt.date(2026, 4, 20)


def make_indicator(code, **values):
    return Indicator.objects.create(code=code, name=code, computation="average_visits", **values)


def snapshot(indicator, region, on, value, target=None, include_descendants=True):
    return IndicatorSnapshot.objects.create(indicator=indicator, region=region, on=on, value=value, target=target,
                                            include_descendants=include_descendants)


def test_trend_lists_the_months_in_order_with_a_gap_and_the_latest_snapshot_of_a_month(regions):
    # given snapshots of January, February and (twice) April, none of March
    visits = make_indicator("visits", unit="times", direction="lte")
    share = make_indicator("share")
    county = regions["county"]
    snapshot(visits, county, dt.date(2026, 1, 1), "1.50", "1.00")
    snapshot(visits, county, dt.date(2026, 2, 1), "1.20", "1.00")
    snapshot(visits, county, dt.date(2026, 4, 1), "0.90", "1.00")
    snapshot(visits, county, dt.date(2026, 4, 15), "0.80", "0.50")  # retaken mid-month: this one counts
    snapshot(share, county, dt.date(2026, 2, 1), "40.00")
    # and snapshots that are not the county's subtree trend
    snapshot(visits, county, dt.date(2026, 3, 1), "9.99", include_descendants=False)
    snapshot(visits, regions["sibling"], dt.date(2026, 3, 1), "8.88")
    snapshot(visits, county, dt.date(2026, 5, 1), "7.77")  # after the date asked for
    snapshot(visits, county, dt.date(2024, 4, 1), "6.66")  # 25 months back: outside the window

    # when the trend is read up to 20 April 2026
    trend = figures.trend(county, [visits, share], until=UNTIL)

    # then the months run January to April, March a gap for both indicators
    assert trend.months == (dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    by_code = {s.indicator.code: s for s in trend.series}
    assert [s.indicator for s in trend.series] == [visits, share]
    assert by_code["visits"].values == (Decimal("1.50"), Decimal("1.20"), None, Decimal("0.80"))
    assert by_code["visits"].targets == (Decimal("1.00"), Decimal("1.00"), None, Decimal("0.50"))
    assert by_code["share"].values == (None, Decimal("40.00"), None, None)
    assert by_code["visits"].latest == (dt.date(2026, 4, 1), Decimal("0.80"), Decimal("0.50"))
    assert by_code["share"].latest == (dt.date(2026, 2, 1), Decimal("40.00"), None)


def test_the_window_is_the_last_months_up_to_the_date(regions):
    visits = make_indicator("visits")
    for month in range(1, 5):
        snapshot(visits, regions["county"], dt.date(2026, month, 1), str(month))

    trend = figures.trend(regions["county"], [visits], months=3, until=UNTIL)

    assert trend.months == (dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    assert trend.series[0].values == (Decimal(2), Decimal(3), Decimal(4))


def test_a_window_across_the_new_year_and_no_snapshots_at_all(regions):
    visits = make_indicator("visits")
    snapshot(visits, regions["county"], dt.date(2025, 11, 1), "1")
    snapshot(visits, regions["county"], dt.date(2026, 2, 1), "2")

    across = figures.trend(regions["county"], [visits], until=UNTIL)
    empty = figures.trend(regions["sibling"], [visits], until=UNTIL)

    assert [f"{month:%Y-%m}" for month in across.months] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert empty.months == () and empty.series[0].values == () and empty.series[0].latest is None


@pytest.mark.parametrize("count", [2, 6])
def test_the_trend_is_one_query_for_2_or_6_indicators(regions, count):
    indicator_list = [make_indicator(f"i{n}") for n in range(count)]
    for indicator in indicator_list:
        for month in range(1, 5):
            snapshot(indicator, regions["county"], dt.date(2026, month, 1), "1")

    with CaptureQueriesContext(connection) as queries:
        trend = figures.trend(regions["county"], indicator_list, until=UNTIL)

    assert len(queries) == 1
    assert len(trend.series) == count and all(len(s.values) == 4 for s in trend.series)
