"""The indicator charts' markup and data: the admin dashboard's trend and subregion comparison, each chart an
image with a text alternative and a table; the data handed to the script with json_script."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from config_models.models import Indicator, IndicatorSnapshot, IndicatorTarget
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, UserFactory

pytestmark = pytest.mark.django_db


def month_start(back: int) -> dt.date:
    """The first day of the month `back` months before this one."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def json_data(html: str, element_id: str):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no {element_id} in the page"
    return json.loads(match.group(1))


@pytest.fixture
def visits(regions):
    for key, count in (("county", 2), ("sibling", 0)):
        region = regions[key]
        ImplementationFactory(catalog_item=CatalogItemFactory(region=region), region=region,
                              department=DepartmentFactory(region=region), visit_count=count, visit_reason="")
    indicator = Indicator.objects.create(code="pingjun-paodong", name="平均跑动次数", computation="average_visits",
                                         unit="times", direction="lte")
    IndicatorTarget.objects.create(indicator=indicator, region=regions["city"], level="county", value="0.5")
    IndicatorTarget.objects.create(indicator=indicator, region=regions["city"], level="city", value="0.8")
    for back, value in ((2, "1.40"), (1, "1.20"), (0, "1.00")):
        IndicatorSnapshot.objects.create(indicator=indicator, region=regions["city"], on=month_start(back),
                                         value=value, target="0.80")
    return indicator


def test_the_dashboard_draws_the_trend_and_the_counties_with_their_tables(client, regions, visits):
    client.force_login(UserFactory(username="root", is_superuser=True))

    html = client.get(reverse("tongban_indicator_dashboard"), {"region": regions["city"].code}).content.decode()

    trend = json_data(html, "indicator-trend-data")
    assert len(trend["months"]) == 3
    assert trend["series"] == [{"code": "pingjun-paodong", "name": "平均跑动次数", "unit": "次", "direction": "不高于",
                                "values": [1.4, 1.2, 1.0], "targets": [0.8, 0.8, 0.8]}]
    comparison = json_data(html, "indicator-comparison-data")
    assert comparison["regions"] == ["广安区", "前锋区"]
    assert comparison["series"][0]["values"] == [2.0, 0.0] and comparison["series"][0]["met"] == [False, True]
    # each chart is an image with a summary, and its figures are in a table
    assert 'data-chart="trend" data-code="pingjun-paodong" role="img"' in html
    assert "平均跑动次数月度趋势折线图：" in html and "为1.00次，目标不高于0.80次" in html
    assert "平均跑动次数下级区划对比柱状图：广安区2.00次（未达标）；前锋区0.00次（达标）" in html
    assert "<caption>平均跑动次数各月数值</caption>" in html and "<caption>平均跑动次数各下级区划</caption>" in html
    assert "vendor/echarts/echarts.min.js" in html and "cms/indicators/charts.js" in html


def test_a_region_without_snapshots_says_so_instead_of_an_empty_chart(client, regions, visits):
    client.force_login(UserFactory(username="root", is_superuser=True))

    html = client.get(reverse("tongban_indicator_dashboard"), {"region": regions["county"].code}).content.decode()

    assert "暂无月度数据" in html and "indicator-trend-data" not in html
