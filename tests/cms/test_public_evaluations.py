"""The public 好差评 page of a region site: this year's figures of the site's region and of the regions,
items and windows below it, aggregates only; linked from the region's home page and the site's menu."""

import pytest
from django.utils import timezone

from cms.theming import ThemeSettings
from config_models.services.site import region_site_ensure
from tests.evaluation_helpers import evaluate, evaluation_world, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_site(regions):
    return region_site_ensure(region=regions["city"], hostname="testserver", is_default=True)


@pytest.fixture
def evaluated(regions):
    world = {**evaluation_world(regions), **regions}
    today = timezone.localdate()
    for rating in (5, 5, 4, 1):
        evaluate(rating, on=today, implementation=world["licence"], window=world["window_1"], staff_name="张三",
                 text="秘密的评价内容")
    evaluate(2, on=today, implementation=world["sibling_licence"])
    return world


def test_the_city_page_shows_its_totals_and_each_county(client, city_site, evaluated):
    html = client.get("/evaluations/").content.decode()

    assert "<h1>广安市政务服务好差评</h1>" in html
    totals = html.partition('id="totals-heading"')[2].partition("</section>")[0]
    # 5 evaluations, 3 good (60 %), 2 bad, none rectified or called back
    assert "<dt>评价数</dt><dd>5</dd>" in totals and "<dt>好评率</dt><dd>60.00%</dd>" in totals
    assert "<dt>差评数</dt><dd>2</dd>" in totals and "<dt>差评整改率</dt><dd>0.00%</dd>" in totals
    counties = html.partition('id="regions-heading"')[2].partition("</section>")[0]
    assert '<a href="/evaluations/?region=511602">广安区</a>' in counties
    assert "<td>4</td>" in counties and "75.00%" in counties
    assert "企业设立登记" in html and "广安区政务服务中心1号窗口（综合受理窗口）" in html
    assert "张三" not in html and "秘密的评价内容" not in html


def test_a_county_below_the_site_has_its_page_and_a_region_elsewhere_has_none(client, regions, evaluated):
    region_site_ensure(region=regions["county"], hostname="testserver", is_default=True)
    county = client.get("/evaluations/").content.decode()
    assert "<h1>广安区政务服务好差评</h1>" in county and "<dt>评价数</dt><dd>4</dd>" in county
    assert client.get("/evaluations/", {"region": regions["sibling"].code}).status_code == 404


def test_a_region_without_evaluations_says_so(client, city_site, regions):
    html = client.get("/evaluations/", {"region": regions["county"].code}).content.decode()
    assert "本期暂无评价。" in html


def test_the_region_page_and_the_menu_link_to_the_page(client, city_site, evaluated):
    html = client.get("/").content.decode()
    assert '<a href="/evaluations/">好差评</a>' in html
    assert '<a href="/evaluations/?region=511600">查看广安市政务服务好差评</a>' in html


def test_an_admin_is_the_public_here(client, city_site, evaluated, regions):
    client.force_login(member(regions["county"], "county_admin"))
    assert "秘密的评价内容" not in client.get("/evaluations/").content.decode()


def test_the_civic_theme_shows_the_page_in_its_own_frame(client, city_site, evaluated):
    settings = ThemeSettings.for_site(city_site)
    settings.theme = "civic"
    settings.full_clean()
    settings.save()
    html = client.get("/evaluations/").content.decode()
    assert "themes/civic/site.css" in html and "<h1>广安市政务服务好差评</h1>" in html
    assert '<a href="/evaluations/">好差评</a>' in html
