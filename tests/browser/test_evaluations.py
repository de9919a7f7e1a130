"""The public 好差评 page in a real browser: reached from the home page, its figures and tables readable,
a county one click away, and axe-core finds nothing serious or critical."""

import pytest
from django.utils import timezone

from config_models.services.site import region_site_ensure
from tests.browser.conftest import blocking_accessibility_violations
from tests.evaluation_helpers import evaluate, evaluation_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def evaluated(regions):
    world = {**evaluation_world(regions), **regions}
    today = timezone.localdate()
    for rating in (5, 5, 4, 1):
        evaluate(rating, on=today, implementation=world["licence"], window=world["window_1"])
    evaluate(2, on=today, implementation=world["sibling_licence"])
    return world


def test_the_public_reads_the_citys_evaluations_and_a_countys(page, live_server, evaluated):
    # given the city's site on the live server's host
    region_site_ensure(region=evaluated["city"], hostname="localhost", port=live_server.thread.port,
                       is_default=True)

    # when the public follows the home page's link
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="查看广安市政务服务好差评").click()

    # then the totals and each county are there, as tables with headers
    assert page.locator("h1").inner_text() == "广安市政务服务好差评"
    assert "60.00%" in page.locator("dl.figures").inner_text()
    counties = page.locator("table", has_text="各区划好差评情况")
    assert counties.locator("tbody tr").count() == 2
    assert blocking_accessibility_violations(page) == []

    # and a county's own page is one click away
    counties.get_by_role("link", name="广安区").click()
    assert page.locator("h1").inner_text() == "广安区政务服务好差评"
    assert "75.00%" in page.locator("dl.figures").inner_text()
    assert "广安区政务服务中心1号窗口（综合受理窗口）" in page.locator("table", has_text="各窗口").inner_text()
    assert blocking_accessibility_violations(page) == []
