"""The public site of a county in a real browser: lists, search in Chinese and pinyin initials, batch
diffs, an item guide, the print view and the certificate catalog, with axe-core finding nothing blocking."""

import datetime as dt

import pytest

from config_models.models import CertificateType, Material
from config_models.services.certificate import certificate_type_save
from config_models.services.implementation import implementation_save
from config_models.services.published_list import publication_publish
from config_models.services.site import region_site_ensure
from tests.browser.conftest import blocking_accessibility_violations
from tests.factories import CatalogItemFactory, ImplementationFactory, make_published_list

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def county_site(live_server, regions, implementation, county_department):
    region_site_ensure(region=regions["county"], hostname="localhost", port=live_server.thread.port, is_default=True)
    licence = ImplementationFactory(
        catalog_item=CatalogItemFactory(region=regions["province"], name="营业执照核发", code="000120001000"),
        region=regions["county"], department=county_department, visit_count=0, visit_reason="",
        online_handling=True, online_depth=4, online_url="https://example.gov.cn/yyzz",
    )
    planning = certificate_type_save(certificate_type=CertificateType(
        name="建设工程规划许可证", type_code="11100000000013338W002", defining_body="中华人民共和国住房和城乡建设部",
        holder_type="legal_person", region=regions["city"]))
    implementation_save(implementation=implementation, materials=[
        Material(name="建筑工程施工许可申请表", common_mistakes="未加盖建设单位公章；申请日期漏填。"),
        Material(name="建设工程规划许可证", source="government", e_certificate_exempt=True, certificate_type=planning),
    ])
    page = make_published_list(regions["county"], code="511602-zdpyc", rule=[("visit_count", "lte", "1")])
    publication_publish(page=page, document_number="广区府办〔2025〕3号", published_on=dt.date(2025, 3, 1),
                        effective_on=dt.date(2025, 3, 1))
    licence.committed_limit = 1
    implementation_save(implementation=licence)
    publication_publish(page=page, document_number="广区府办〔2025〕9号", published_on=dt.date(2025, 9, 1),
                        effective_on=dt.date(2025, 9, 1), change_note="压缩营业执照办理时限")
    certificate_type_save(
        certificate_type=CertificateType(name="营业执照", type_code="11100000MB0341032Y002",
                                         defining_body="国家市场监督管理总局", holder_type="legal_person",
                                         region=regions["city"]),
        issuing_implementations=[licence], accepting_implementations=[implementation],
    )
    return live_server


def test_browse_a_list_search_in_chinese_and_pinyin_and_open_an_item_guide(page, county_site):
    # the county home links its list
    page.goto(county_site.url + "/")
    assert blocking_accessibility_violations(page) == []
    page.get_by_role("link", name="最多跑一次事项清单").click()
    assert page.locator("h1").inner_text() == "最多跑一次事项清单"
    assert "第2批" in page.locator("main").inner_text()
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    assert blocking_accessibility_violations(page) == []

    # a part of a Chinese name finds the item
    page.get_by_label("搜索事项").fill("施工许可")
    page.get_by_role("button", name="查询").click()
    assert page.locator("tbody tr").count() == 1
    assert "建设工程施工许可证核发" in page.locator("tbody").inner_text()

    # pinyin initials find 营业执照核发
    page.get_by_label("搜索事项").fill("yyzz")
    page.get_by_role("button", name="查询").click()
    assert page.locator("tbody tr").count() == 1
    assert "营业执照核发" in page.locator("tbody").inner_text()

    # the item guide shows conditions, materials with their common mistakes, limits and lines
    page.get_by_role("link", name="营业执照核发").click()
    page.go_back()
    page.get_by_label("搜索事项").fill("施工许可")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="建设工程施工许可证核发").click()
    main = page.locator("main").inner_text()
    assert page.locator("h1").inner_text() == "建设工程施工许可证核发"
    expected = ("申请材料", "未加盖建设单位公章", "承诺办结时限", "监督投诉电话", "12345",
                "可用电子证照免提交", "营业执照")
    for text in expected:
        assert text in main, text
    assert blocking_accessibility_violations(page) == []


def test_batch_page_shows_the_diff(page, county_site):
    page.goto(county_site.url + "/511602-zdpyc/batch/2/")
    main = page.locator("main").inner_text()
    assert "广区府办〔2025〕9号" in main and "压缩营业执照办理时限" in main
    assert "承诺办结时限由“5个工作日”调整为“1个工作日”" in main
    assert blocking_accessibility_violations(page) == []


def test_print_view_hides_navigation_and_filters(page, county_site):
    page.goto(county_site.url + "/511602-zdpyc/")
    assert page.locator("form.filters").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("form.filters").is_visible()
    assert not page.locator(".site-nav").is_visible()
    assert page.locator("table").is_visible()


def test_certificate_catalog_search_by_initials(page, county_site):
    page.goto(county_site.url + "/certificates/")
    page.get_by_label("搜索证照").fill("yyzz")
    page.get_by_role("button", name="查询").click()
    assert page.locator("tbody tr").count() == 1
    assert "11100000MB0341032Y002" in page.locator("tbody").inner_text()
    assert "建设工程施工许可证核发" in page.locator("tbody").inner_text()
    assert blocking_accessibility_violations(page) == []
