"""The 效能指标 dashboard: figures against targets, drill-down, worklists, scoped to the user's regions; the
indicator settings are snippets saved through their services."""

import pytest
from django.urls import reverse

from config_models.models import Indicator, IndicatorTarget, Membership, Role
from config_models.services.membership import membership_save
from tests.cms.admin_forms import admin_post, form_errors
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(regions, key, role):
    user = UserFactory(username=f"{key}_{role}")
    membership_save(membership=Membership(user=user, region=regions[key], role=role))
    return user


@pytest.fixture
def figures_data(regions):
    for key, visits, reason in (("county", 2, ""), ("county", 0, ""), ("sibling", 1, "需核验原件")):
        region = regions[key]
        ImplementationFactory(catalog_item=CatalogItemFactory(region=region, name=f"{region.name}事项{visits}"),
                              region=region, department=DepartmentFactory(region=region, name=f"{region.name}民政局"),
                              visit_count=visits, visit_reason=reason)
    indicator = Indicator.objects.create(code="pingjun-paodong", name="平均跑动次数", computation="average_visits",
                                         unit="times", direction="lte")
    IndicatorTarget.objects.create(indicator=indicator, region=regions["city"], level="county", value="0.5",
                                   document_number="广安府办〔2022〕3号")
    return indicator


def test_the_city_sees_its_counties_and_an_unmet_indicator_with_its_worklist(client, regions, figures_data):
    client.force_login(member(regions, "city", Role.CITY_ADMIN))
    url = reverse("tongban_indicator_dashboard")

    city = client.get(url, {"region": regions["city"].code}).content.decode()
    county = client.get(url, {"region": regions["county"].code, "indicator": "pingjun-paodong"}).content.decode()

    assert "广安区" in city and "前锋区" in city  # the drill-down lists both counties
    # each county: 1.00 visits on average ((2 + 0) / 2 and 1 / 1), above "at most 0.5"
    assert "1.00（未达标）" in city.partition("<h2>下级区划</h2>")[2]
    assert "未达标" in county and "不高于0.50" in county and "广安府办〔2022〕3号" in county
    assert "广安区事项2" in county and "广安区事项0" not in county  # the one still needing a visit
    assert "广安区民政局" in county.partition("<h2>各部门</h2>")[2]
    assert "行政许可" in county.partition("<h2>各事项类型</h2>")[2]


def test_a_county_admin_sees_its_subtree_only(client, regions, figures_data):
    client.force_login(member(regions, "county", Role.COUNTY_ADMIN))
    url = reverse("tongban_indicator_dashboard")

    page = client.get(url).content.decode()

    assert "广安区" in page and "前锋区" not in page
    assert client.get(url, {"region": regions["sibling"].code}).status_code == 404
    assert client.get(url, {"region": regions["city"].code}).status_code == 404


def test_a_target_saved_in_the_admin_is_audited_and_a_county_cannot_set_one_for_the_city(client, regions,
                                                                                       figures_data):
    county_admin = member(regions, "county", Role.COUNTY_ADMIN)
    client.force_login(county_admin)
    data = {"indicator": figures_data.pk, "region": regions["county"].pk, "level": "township",
            "subject": "region", "value": "60", "due_date": "", "document_number": "广安区府办〔2023〕1号"}
    response = admin_post(client, IndicatorTarget(), data)
    assert response.status_code == 302, form_errors(response)
    target = IndicatorTarget.objects.get(region=regions["county"])
    assert target.history.latest("history_date").history_user == county_admin

    refused = admin_post(client, IndicatorTarget(), {**data, "region": regions["city"].pk, "level": "county"})
    assert refused.status_code == 200
    assert IndicatorTarget.objects.filter(region=regions["city"]).count() == 1  # the fixture's only


def test_the_export_is_a_workbook_of_the_dashboard_scoped_like_it(client, regions, figures_data):
    import io

    from openpyxl import load_workbook

    client.force_login(member(regions, "county", Role.COUNTY_ADMIN))
    url = reverse("tongban_indicator_export")

    response = client.get(url, {"region": regions["county"].code})

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["指标", "部门", "事项类型", "待办清单", "一件事目标", "数据质量"]
    figures = [row for row in book["指标"].iter_rows(min_row=2, values_only=True)]
    assert ("广安区", "平均跑动次数", 1.0, "次", 2.0, 2.0, "不高于0.50", "广安府办〔2022〕3号", "未达标") in figures
    worklist = [row[:2] for row in book["待办清单"].iter_rows(min_row=2, values_only=True)]
    assert worklist == [("平均跑动次数", "广安区事项2")]  # the item with no visit is not on it
    assert client.get(url, {"region": regions["sibling"].code}).status_code == 404


def test_a_data_quality_worklist_on_the_dashboard(client, regions, figures_data):
    client.force_login(member(regions, "county", Role.COUNTY_ADMIN))
    url = reverse("tongban_indicator_dashboard")

    page = client.get(url, {"region": regions["county"].code}).content.decode()
    listed = client.get(url, {"region": regions["county"].code, "quality": "guide_incomplete"}).content.decode()

    assert "办事指南要素缺失" in page and "数据质量" in page
    # the factory's implementations leave 受理条件 blank: both of the county's are listed, not the sibling's
    assert "广安区事项2" in listed and "广安区事项0" in listed and "前锋区事项1" not in listed
    assert client.get(url, {"quality": "no_such_check"}).status_code == 404


@pytest.fixture
def quota_world(regions):
    """The city asks each county for 2 bundles by 2099-12-31 and for 1 led by 广安区市场监管局 by 2020-01-01:
    广安区 has one bundle in force (led by that department), 前锋区 none."""
    import datetime as dt

    from config_models.models import BundleQuota
    from config_models.services.bundle import bundle_quota_save
    from tests.bundle_helpers import adopt, catalog, implement, make_template

    items = catalog(regions)
    market = DepartmentFactory(region=regions["county"], name="广安区市场监督管理局")
    implement(items, regions["county"], market)
    adopt(make_template(regions, items), regions["county"], market)
    for count, due, department in ((2, dt.date(2099, 12, 31), None), (1, dt.date(2020, 1, 1), market)):
        bundle_quota_save(quota=BundleQuota(region=regions["city"], level="county", count=count, due_date=due,
                                            department=department, note="高效办成一件事"))


def quota_rows(html: str) -> list[list[str]]:
    import re

    table = html.partition('id="quotas"')[2].partition("</table>")[0]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table.partition("<tbody>")[2], re.S)]


def test_the_dashboard_shows_the_quotas_of_the_region_and_their_progress(client, regions, quota_world):
    client.force_login(member(regions, "city", Role.CITY_ADMIN))
    url = reverse("tongban_indicator_dashboard")

    city = quota_rows(client.get(url, {"region": regions["city"].code}).content.decode())
    county = quota_rows(client.get(url, {"region": regions["county"].code}).content.decode())

    # the department's quota (due in 2020, before the bundle was published) first, then the open one
    assert [row[-3:] for row in city] == [["广安区", "0 / 1", "未完成"], ["广安区", "1 / 2", "进行中（50%）"],
                                          ["前锋区", "0 / 2", "进行中（0%）"]]
    assert city[0][1] == "广安区市场监督管理局" and city[0][2] == "2020-01-01（已到期）"
    assert [row[-3:] for row in county] == [["广安区", "0 / 1", "未完成"], ["广安区", "1 / 2", "进行中（50%）"]]


def test_a_county_admin_sees_only_its_own_progress_and_exports_it(client, regions, quota_world):
    import io

    from openpyxl import load_workbook

    client.force_login(member(regions, "county", Role.COUNTY_ADMIN))
    rows = quota_rows(client.get(reverse("tongban_indicator_dashboard")).content.decode())
    book = load_workbook(io.BytesIO(client.get(reverse("tongban_indicator_export")).content), read_only=True)

    assert {row[-3] for row in rows} == {"广安区"}
    exported = [row[5:] for row in book["一件事目标"].iter_rows(min_row=2, values_only=True)]
    assert exported == [("广安区", 0, "未完成"), ("广安区", 1, "进行中")]
