"""Windows accept 一件事 as well as items (issues 5 and 6): the region rule, the API and the public notice."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config_models.models import Window
from config_models.services.site import region_site_ensure
from tests.bundle_helpers import adopt, catalog, implement, make_template
from tests.factories import DepartmentFactory
from tests.hall_factories import accept, make_hall

pytestmark = pytest.mark.django_db

WINDOWS = """
query ($regionCode: String!) {
  windows(regionCode: $regionCode, first: 500) {
    totalCount
    edges { node { number acceptedBundles { id code name } } }
  }
}
"""


@pytest.fixture
def restaurant(regions):
    """开办餐饮店, designed by the city and adopted by both counties."""
    items = catalog(regions)
    template = make_template(regions, items)
    bundles = {}
    for key in ("county", "sibling"):
        lead = DepartmentFactory(region=regions[key], name=f"{regions[key].name}市场监督管理局")
        implement(items, regions[key], lead)
        bundles[key] = adopt(template, regions[key], lead)
    return bundles


def bundle_window(region, count=1):
    hall = make_hall(region, windows=[(str(n), f"一件事专区{n}", "bundle") for n in range(count)])
    return list(hall.windows.all())


def test_a_window_accepts_the_bundles_of_its_region_and_refuses_another_countys(regions, restaurant):
    (window,) = bundle_window(regions["county"])

    window.accepted_bundles = [restaurant["sibling"]]
    with pytest.raises(ValidationError) as refused:
        window.full_clean()
    assert refused.value.message_dict["accepted_bundles"] == [
        "“广安区政务服务中心”不能受理其他区划的一件事：前锋区开办餐饮店。"]

    window.accepted_bundles = [restaurant["county"]]
    window.full_clean()
    window.save()
    assert list(Window.objects.get(pk=window.pk).accepted_bundles.all()) == [restaurant["county"]]


def test_a_township_hall_may_accept_its_countys_bundle(regions, restaurant):
    (window,) = bundle_window(regions["township"])
    window.accepted_bundles = [restaurant["county"]]
    window.full_clean()


def test_windows_show_their_published_bundles_and_the_notice_names_the_window(gql, client, regions, restaurant):
    # given: the county's bundle window accepts its bundle
    (window,) = bundle_window(regions["county"])
    window.accepted_bundles = [restaurant["county"]]
    window.save()

    # when / then: the API lists it under the window
    (edge,) = gql(WINDOWS, {"regionCode": "511602"})["windows"]["edges"]
    assert edge["node"]["acceptedBundles"] == [
        {"id": edge["node"]["acceptedBundles"][0]["id"], "code": restaurant["county"].code,
         "name": "广安区开办餐饮店"}]
    # and the public notice names the window it is handed in at
    region_site_ensure(region=regions["county"], hostname="localhost", is_default=True)
    notice = client.get(restaurant["county"].get_url(), HTTP_HOST="localhost")
    assert notice.status_code == 200
    assert "广安区政务服务中心0号窗口（一件事专区0）" in notice.content.decode()

    # an unpublished bundle leaves the window's list
    restaurant["county"].unpublish()
    (edge,) = gql(WINDOWS, {"regionCode": "511602"})["windows"]["edges"]
    assert edge["node"]["acceptedBundles"] == []


def test_accepted_bundles_cost_the_same_queries_for_3_and_30_windows(gql, regions, restaurant):
    for key, count in (("county", 3), ("sibling", 30)):
        links = [Window.accepted_bundles.through(window=window, bundle=restaurant[key])
                 for window in bundle_window(regions[key], count)]
        Window.accepted_bundles.through.objects.bulk_create(links)

    def queries(region_code):
        gql(WINDOWS, {"regionCode": region_code})
        with CaptureQueriesContext(connection) as captured:
            data = gql(WINDOWS, {"regionCode": region_code})
        assert all(edge["node"]["acceptedBundles"] for edge in data["windows"]["edges"])
        return data["windows"]["totalCount"], len(captured.captured_queries)

    (small, small_queries), (large, large_queries) = queries("511602"), queries("511603")
    assert (small, large) == (3, 30)
    assert small_queries == large_queries


def test_the_public_hall_page_lists_what_each_window_accepts(client, regions, restaurant):
    # given: a bundle window accepting the bundle and a general window accepting one item
    hall = make_hall(regions["county"], windows=[("1", "综合受理", "general"), ("7", "一件事专区", "bundle")])
    general, bundles = hall.windows.order_by("sort_order")
    bundles.accepted_bundles = [restaurant["county"]]
    bundles.save()
    implementation = restaurant["county"].bundle_template.items.first().catalog_item.implementations.get(
        region=regions["county"])
    accept(general, implementation)
    region_site_ensure(region=regions["county"], hostname="localhost", is_default=True)

    # when the public opens the hall page
    page = client.get(hall.get_url(), HTTP_HOST="localhost").content.decode()

    # then each window shows its bundles and items, linked to the notice and the item guide
    assert f'<a href="{restaurant["county"].get_url()}">广安区开办餐饮店</a>' in page
    assert f'<a href="/guide/{implementation.pk}/">{implementation.name}</a>' in page
    assert "受理事项 1 项" in page
