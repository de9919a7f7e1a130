"""The public pages of issue 15 in a real browser: a county's 办事事项 catalog searched in Chinese and pinyin,
an item guide with a pledged material and the proof a material asks for, and the lists over proofs and
over items handled outside the hall; axe-core finds nothing serious or critical on any of them."""

import datetime as dt

import pytest

from config_models.models import HallExemption, ListSubject, Material, Necessity, Proof
from config_models.services.hall import hall_exemption_save
from config_models.services.implementation import implementation_save
from config_models.services.proof import proof_save
from config_models.services.published_list import publication_publish
from config_models.services.site import region_site_ensure
from tests.browser.conftest import blocking_accessibility_violations
from tests.factories import CatalogItemFactory, ImplementationFactory, ListTypeFactory, make_published_list

pytestmark = pytest.mark.django_db(transaction=True)

DAY = dt.date(2026, 3, 1)


@pytest.fixture
def county_site(live_server, regions, implementation, county_department):
    region_site_ensure(region=regions["county"], hostname="localhost", port=live_server.thread.port, is_default=True)
    licence = ImplementationFactory(
        catalog_item=CatalogItemFactory(region=regions["province"], name="营业执照核发", code="000120001000"),
        region=regions["county"], department=county_department)
    proof = proof_save(proof=Proof(region=regions["city"], name="户籍证明", issuing_body="户籍所在地公安派出所",
                                   legal_basis="《中华人民共和国户口登记条例》", pledge_allowed=True))
    implementation_save(implementation=implementation, materials=[
        Material(name="户籍证明", proof=proof),
        Material(name="无违法犯罪记录证明", necessity=Necessity.PLEDGE, pledge_text="本人承诺无违法犯罪记录。",
                 false_pledge_consequence="撤销许可，记入信用档案。"),
    ])
    hall_exemption_save(exemption=HallExemption(implementation=licence, reason="在市场监管所办理。",
                                                place="广安区市场监管所"))
    for code, title, subject, rule in (
        ("zhengming", "证明事项保留清单", ListSubject.PROOF, ("proof_status", "eq", "保留")),
        ("ruzhu-fumian", "政务服务中心入驻负面清单", ListSubject.HALL_EXEMPTION, ("exemption_level", "eq", "县级")),
    ):
        page = make_published_list(regions["county"], code=f"511602-{code}", title=title, rule=[rule],
                                   list_type=ListTypeFactory(code=code, name=title, subject=subject))
        publication_publish(page=page, document_number="广区府办〔2026〕4号", published_on=DAY, effective_on=DAY)
    return live_server


def test_the_catalog_finds_an_item_and_its_guide_shows_pledges_and_proofs(page, county_site):
    page.goto(county_site.url + "/")
    page.get_by_role("link", name="办事事项").first.click()
    assert page.locator("h1").inner_text() == "广安区办事事项"
    assert page.locator("tbody tr").count() == 2
    assert blocking_accessibility_violations(page) == []

    page.get_by_label("搜索事项").fill("yyzz")
    page.get_by_role("button", name="查询").click()
    assert page.locator("tbody tr").count() == 1 and "营业执照核发" in page.locator("tbody").inner_text()
    page.get_by_label("搜索事项").fill("施工许可")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="建设工程施工许可证核发").click()

    main = page.locator("main").inner_text()
    assert "所需证明：户籍证明（户籍所在地公安派出所开具），可告知承诺" in main
    assert "告知承诺的材料" in main and "本人承诺无违法犯罪记录。" in main and "撤销许可，记入信用档案。" in main
    assert blocking_accessibility_violations(page) == []


@pytest.mark.parametrize("code,texts", [
    ("zhengming", ("证明事项保留清单", "户籍所在地公安派出所", "《中华人民共和国户口登记条例》",
                   "建设工程施工许可证核发")),
    ("ruzhu-fumian", ("政务服务中心入驻负面清单", "营业执照核发", "在市场监管所办理。", "广安区市场监管所")),
])
def test_the_new_lists_show_their_entries(page, county_site, code, texts):
    page.goto(f"{county_site.url}/511602-{code}/")
    main = page.locator("main").inner_text()
    for text in texts:
        assert text in main, text
    assert blocking_accessibility_violations(page) == []
    page.goto(f"{county_site.url}/511602-{code}/batch/1/")
    assert "广区府办〔2026〕4号" in page.locator("main").inner_text()
    assert blocking_accessibility_violations(page) == []
