"""事项目录 on a region's site: every published implementation in force in the region's subtree, searched by
name, jieba segments, pinyin initials or code, filtered, paginated; another county's items never show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config_models.models import ImplementationStatus
from config_models.services.site import region_site_ensure
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(regions):
    region_site_ensure(region=regions["county"], hostname="testserver", is_default=True)
    bureau = DepartmentFactory(region=regions["county"], name="广安区行政审批局")
    street = DepartmentFactory(region=regions["township"], name="北辰街道便民服务中心")
    rows = {}
    for key, name, code, region, department, item_type in (
        ("permit", "建设工程施工许可证核发", "000101001000", "county", bureau, "01"),
        ("licence", "营业执照核发", "000101002000", "county", bureau, "01"),
        ("aid", "临时救助金给付", "000105001000", "township", street, "05"),
    ):
        item = CatalogItemFactory(region=regions["province"], name=name, code=code, item_type=item_type)
        rows[key] = ImplementationFactory(catalog_item=item, region=regions[region],
                                          department=department)
    sibling = DepartmentFactory(region=regions["sibling"], name="前锋区行政审批局")
    rows["sibling"] = ImplementationFactory(catalog_item=rows["permit"].catalog_item, region=regions["sibling"],
                                            department=sibling)
    ended = CatalogItemFactory(region=regions["province"], name="已停止的事项", code="000101009000")
    rows["ended"] = ImplementationFactory(catalog_item=ended, region=regions["county"], department=bureau,
                                          status=ImplementationStatus.ENDED)
    return rows


NAMES = ("建设工程施工许可证核发", "营业执照核发", "临时救助金给付", "已停止的事项")


def names(client, **params):
    html = client.get(reverse("public_items"), params).content.decode()
    return [name for name in NAMES if name in html], html


def test_the_catalog_lists_the_subtrees_items_in_force_and_links_their_guides(client, items):
    shown, html = names(client)
    assert shown == ["建设工程施工许可证核发", "营业执照核发", "临时救助金给付"]
    assert reverse("public_item_guide", args=[items["aid"].pk]) in html
    assert reverse("public_item_guide", args=[items["sibling"].pk]) not in html  # another county's row
    assert "共3项" in html


@pytest.mark.parametrize("params,expected", [
    ({"q": "施工许可"}, ["建设工程施工许可证核发"]),  # jieba segments inside a longer name
    ({"q": "yyzz"}, ["营业执照核发"]),  # pinyin initials
    ({"q": "000105"}, ["临时救助金给付"]),  # the beginning of the 基本编码
    ({"item_type": "05"}, ["临时救助金给付"]),
    ({"level": "county"}, ["建设工程施工许可证核发", "营业执照核发"]),
    ({"q": "没有这个事项"}, []),
])
def test_the_catalog_searches_and_filters(client, items, params, expected):
    assert names(client, **params)[0] == expected


def test_the_catalog_pages_by_fifty_in_constant_queries(client, regions, items):
    bureau = items["permit"].department

    def add(count, start):
        for number in range(start, start + count):
            item = CatalogItemFactory(region=regions["province"], name=f"测试事项{number}", code=f"0002{number:08d}")
            ImplementationFactory(catalog_item=item, region=regions["county"], department=bureau)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("public_items"))
        return len(captured)

    add(10, 0)
    queries()  # the first request also reads the site and its theme settings, which are cached after
    few = queries()
    add(60, 10)
    assert queries() == few
    second = client.get(reverse("public_items"), {"page": 2}).content.decode()
    assert "第2/2页" in second and 'rel="prev"' in second


def test_the_item_guide_shows_the_items_evaluations(client, items):
    from tests.evaluation_helpers import evaluate

    guide = reverse("public_item_guide", args=[items["permit"].pk])
    assert "本事项暂无评价" in client.get(guide).content.decode()
    for rating in (5, 4, 4, 1):
        evaluate(rating, implementation=items["permit"])
    evaluate(5, implementation=items["licence"])  # another item's does not count
    html = client.get(guide).content.decode()
    assert "<dt>评价数</dt><dd>4</dd>" in html and "<dt>好评率</dt><dd>75.00%</dd>" in html
    assert "<dt>差评数</dt><dd>1</dd>" in html
