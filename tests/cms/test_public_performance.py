"""The public 政务服务效能 page: the site region's figures from published data only, a region below it on
request, not a region elsewhere; linked from the region's home page, with its charts' data and tables."""

import pytest

from config_models.models import Indicator, IndicatorTarget
from config_models.services.site import region_site_ensure
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_site(regions):
    return region_site_ensure(region=regions["county"], hostname="testserver", is_default=True)


@pytest.fixture
def visits(regions):
    def implement(key, count, **values):
        region = regions[key]
        parent = region.parent if region.level == "township" else region
        return ImplementationFactory(catalog_item=CatalogItemFactory(region=parent), region=region,
                                     department=DepartmentFactory(region=region), visit_count=count, visit_reason="",
                                     **values)

    implement("county", 2)
    implement("township", 0)
    implement("county", 5, live=False)  # a draft: not counted
    implement("sibling", 3)  # another county: not counted
    indicator = Indicator.objects.create(code="pingjun-paodong", name="平均跑动次数", computation="average_visits",
                                         unit="times", direction="lte", description="办理一件事平均跑现场的次数")
    IndicatorTarget.objects.create(indicator=indicator, region=regions["city"], level="county", value="0.5",
                                   document_number="广安府办〔2022〕3号")
    return indicator


def test_the_page_shows_the_county_figures_from_published_rows_against_the_target(client, county_site, visits):
    html = client.get("/performance/").content.decode()

    assert "<h1>广安区政务服务效能</h1>" in html
    figures = html.partition('id="figures-heading"')[2].partition("</section>")[0]
    # (2 + 0) / 2: the county and its township; the draft's 5 and the sibling's 3 are not counted
    assert "1.00次" in figures and "不高于0.50次" in figures and "未达标" in figures
    assert "广安府办〔2022〕3号" in figures and "办理一件事平均跑现场的次数" in figures
    assert '<th scope="col">指标</th>' in figures and '<th scope="row">' in figures
    # the township side by side, as a chart and as a table
    assert "平均跑动次数下级区划对比柱状图：北辰街道0.00次" in html
    assert 'id="indicator-comparison-data"' in html and "<caption>平均跑动次数各下级区划</caption>" in html
    assert "暂无月度数据" in html  # no snapshot taken yet


def test_a_township_of_the_site_has_its_page_and_another_county_has_none(client, regions, county_site, visits):
    township = client.get("/performance/", {"region": regions["township"].code})
    other = client.get("/performance/", {"region": regions["sibling"].code})

    assert township.status_code == 200
    html = township.content.decode()
    assert "<h1>北辰街道政务服务效能</h1>" in html and "0.00次" in html
    assert "返回广安区政务服务效能" in html
    assert other.status_code == 404


def test_the_region_home_page_links_its_performance_page(client, regions, county_site):
    home = client.get("/").content.decode()

    assert f'href="/performance/?region={regions["county"].code}"' in home
    assert "政务服务效能" in home
