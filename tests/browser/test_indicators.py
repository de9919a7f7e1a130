"""The indicator charts in a real browser: the admin dashboard and the public 政务服务效能 page draw their
trend and subregion charts as SVG (not blank), and axe-core finds nothing serious or critical.

The trend comes from the monthly snapshots the service takes (snapshots_take), dated back four months;
implementations first published month by month make the figures move."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image

from config_models.models import Indicator, IndicatorTarget
from config_models.services.indicator import snapshots_take
from config_models.services.site import region_site_ensure
from tests.browser.conftest import blocking_accessibility_violations
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, make_region

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "tongban-Test-2026"


def month_start(back: int) -> dt.date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def indicator_data(regions):
    """广安区 and two townships: the county's items with 3, 2, 1 and 0 visits first published one in each of the
    last four months, the townships' (0 and 2 visits) always; snapshots of the five months' first days."""
    county, township = regions["county"], regions["township"]
    second = make_region("511602002000", "中桥街道", "township", county)
    department = DepartmentFactory(region=county, name="广安区行政审批局")
    for back, visits in ((4, 3), (3, 2), (2, 1), (1, 0)):
        published = timezone.make_aware(dt.datetime.combine(month_start(back) - dt.timedelta(days=3), dt.time(9)))
        ImplementationFactory(catalog_item=CatalogItemFactory(region=county), region=county, department=department,
                              visit_count=visits, visit_reason="", first_published_at=published)
    for region, visits in ((township, 0), (second, 2)):
        ImplementationFactory(catalog_item=CatalogItemFactory(region=county), region=region,
                              department=DepartmentFactory(region=region), visit_count=visits, visit_reason="")
    visits = Indicator.objects.create(code="pingjun-paodong", name="平均跑动次数", computation="average_visits",
                                      unit="times", direction="lte", sort_order=1)
    zero = Indicator.objects.create(code="ling-paodong", name="零跑动事项占比", computation="zero_visit",
                                    unit="percent", direction="gte", sort_order=2)
    for indicator, level, value in ((visits, "county", "1.0"), (visits, "township", "1.0"), (zero, "county", "50")):
        IndicatorTarget.objects.create(indicator=indicator, region=regions["city"], level=level, value=value,
                                       document_number="广安府办〔2025〕7号")
    for back in range(4, -1, -1):
        snapshots_take(on=month_start(back))
    return county


def assert_charts_drawn(page, kind: str, count: int):
    """`count` charts of the kind, each an SVG with drawn paths whose screenshot is not one flat colour."""
    charts = page.locator(f'.indicator-chart[data-chart="{kind}"]')
    assert charts.count() == count
    for index in range(count):
        chart = charts.nth(index)
        chart.locator("svg path").first.wait_for(state="attached")
        assert chart.get_attribute("role") == "img" and chart.get_attribute("aria-label")
        assert chart.locator("svg path").count() > 5
        chart.scroll_into_view_if_needed()
        image = Image.open(io.BytesIO(chart.screenshot())).convert("L")
        darkest, lightest = image.getextrema()
        assert lightest - darkest > 100, f"{kind} chart {index} looks blank"
        # more than a stray pixel is drawn: axes, labels, the line or bars
        assert sum(image.histogram()[:200]) > 200


def test_the_admin_dashboard_draws_the_county_trend_and_its_townships(page, live_server, indicator_data):
    # given a superuser logged in to the admin
    get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/indicators/%3Fregion%3D{indicator_data.code}")
    page.locator("input[name=username]").fill("root")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()

    # when the dashboard of 广安区 has loaded
    page.wait_for_url("**/admin/indicators/**")
    assert page.get_by_role("heading", name="广安区（含下级）", exact=False).is_visible()

    # then each indicator has a drawn trend and a drawn township comparison
    assert_charts_drawn(page, "trend", 2)
    assert_charts_drawn(page, "comparison", 2)
    trend = page.locator('.indicator-chart[data-chart="trend"][data-code="pingjun-paodong"]')
    assert "目标不高于1.00次" in trend.get_attribute("aria-label")
    # the trend's table alternative: five months, from (3 + 0 + 2) / 3 (the first county item and the townships'
    # two) to (3 + 2 + 1 + 0 + 0 + 2) / 6
    page.get_by_text("平均跑动次数数据表").first.click()
    rows = page.locator("table", has_text="平均跑动次数各月数值").locator("tbody tr")
    assert rows.count() == 5
    assert rows.nth(0).locator("td").first.inner_text() == "1.67"
    assert rows.nth(4).locator("td").first.inner_text() == "1.33"
    assert blocking_accessibility_violations(page) == []


def test_the_public_page_draws_the_trend_and_the_townships_from_the_home_page(page, live_server, indicator_data):
    # given the county's site on the live server's host
    region_site_ensure(region=indicator_data, hostname="localhost", port=live_server.thread.port, is_default=True)

    # when the public follows the home page's link
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="查看广安区政务服务效能指标").click()

    # then the figures, the trend and the townships are there, as charts and as tables
    assert page.locator("h1").inner_text() == "广安区政务服务效能"
    figures = page.locator("table", has_text="广安区各项指标与目标")
    assert "1.33次" in figures.inner_text() and "未达标" in figures.inner_text()
    assert_charts_drawn(page, "trend", 2)
    assert_charts_drawn(page, "comparison", 2)
    comparison = page.locator('.indicator-chart[data-chart="comparison"][data-code="pingjun-paodong"]')
    assert "北辰街道0.00次（达标）；中桥街道2.00次（未达标）" in comparison.get_attribute("aria-label")
    assert blocking_accessibility_violations(page) == []

    # and a township's own page is one click away
    page.get_by_role("link", name="中桥街道政务服务效能").click()
    assert page.locator("h1").inner_text() == "中桥街道政务服务效能"
    assert blocking_accessibility_violations(page) == []
