"""The public region site in a real browser: Chinese renders, child pages link, no blocking a11y issues."""

import pytest

from config_models.services.site import region_site_ensure
from tests.browser.conftest import blocking_accessibility_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_county_site_home_shows_its_region_and_links_its_townships(page, live_server, regions):
    # given a county site on the live server's host, with a township page below it
    region_site_ensure(region=regions["county"], hostname="localhost", port=live_server.thread.port, is_default=True)

    # when the public opens the site's home page
    page.goto(live_server.url + "/")

    # then the county's page is served, and its township is one click away
    assert page.locator("h1").inner_text() == "广安区"
    assert "511602" in page.locator("main").inner_text()
    page.get_by_role("link", name="北辰街道").click()
    assert page.locator("h1").inner_text() == "北辰街道"
    assert blocking_accessibility_violations(page) == []
