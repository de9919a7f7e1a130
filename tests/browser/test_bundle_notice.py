"""The public one-time notice (一次告知单) of a bundle in a real browser: merged materials, the flow, A4 print."""

import re

import pytest

from config_models.services.site import region_site_ensure
from tests.browser.conftest import blocking_accessibility_violations
from tests.bundle_helpers import adopt, catalog, implement, make_template
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_bundle_notice_lists_the_merged_materials_once_and_prints_on_a4(page, live_server, regions):
    # given: 广安区 adopts 开办餐饮店 and serves its site on the live server's host
    items = catalog(regions)
    lead = DepartmentFactory(region=regions["county"], name="广安区市场监督管理局")
    implement(items, regions["county"], lead)
    adopt(make_template(regions, items), regions["county"], lead)
    region_site_ensure(region=regions["county"], hostname="localhost", port=live_server.thread.port, is_default=True)

    # when: the public opens the county site and follows the bundle's link
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="广安区开办餐饮店").click()

    # then: one material set, the 身份证 asked once for three items, the produced licence not asked
    assert page.locator("h1").inner_text() == "广安区开办餐饮店一次告知单"
    materials = page.locator("#materials table.materials .material-name").all_inner_texts()
    assert materials == ["企业设立登记申请书", "居民身份证（原件）", "住所使用证明", "卫生许可申请表",
                         "食品经营许可申请书", "招牌设计效果图"]
    id_row = page.locator("#materials tr", has_text="居民身份证（原件）")
    assert id_row.locator("td").nth(4).inner_text() == "企业设立登记、公共场所卫生许可、食品经营许可"
    assert page.locator(".deferrable").inner_text() == "从业人员健康证明（公共场所卫生许可）"
    assert "营业执照：由第1步“企业设立登记”产生，无需提交" in page.locator(".exempt").inner_text()
    # the steps are drawn as a flow: two step boxes, the first with two parallel items
    steps = page.locator("ol.flow > li.flow-step")
    assert steps.count() == 2
    assert steps.nth(0).locator(".flow-item").count() == 2
    assert blocking_accessibility_violations(page) == []

    # and it prints on A4
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    boxes = set(re.findall(rb"/MediaBox \[([^\]]+)\]", pdf))
    assert boxes and all([round(float(v)) for v in box.split()] == [0, 0, 595, 842] for box in boxes)  # A4 in points
