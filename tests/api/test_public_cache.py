"""Public answers from the cache under the feed version of what they read: a hit runs no document, an edit
misses exactly the answers that read it, an ETag revalidates without executing anything."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config_models.models import Indicator, IndicatorTarget
from config_models.services.implementation import implementation_save
from config_models.services.indicator import indicator_target_save
from config_models.services.site import region_site_ensure
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

COUNTY = '{ implementations(regionCode: "511602") { totalCount edges { node { visitCount } } } }'
SIBLING = '{ implementations(regionCode: "511603") { totalCount } }'
EVERYWHERE = "{ regions { totalCount } }"


@pytest.fixture(autouse=True)
def shared_cache(settings):
    settings.PUBLIC_ANSWER_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rows(regions):
    made = {}
    for key in ("county", "sibling"):
        region = regions[key]
        made[key] = ImplementationFactory(
            catalog_item=CatalogItemFactory(region=region, name=f"{region.name}事项"), region=region,
            department=DepartmentFactory(region=region), visit_count=1)
    return made


def get(client, query, **headers):
    return client.get("/graphql/", {"query": query}, headers=headers)


def test_a_second_request_is_a_hit_and_an_etag_revalidates_without_running_the_document(client, rows):
    first = get(client, COUNTY)
    with CaptureQueriesContext(connection) as queries:
        second = get(client, COUNTY)
        revalidated = get(client, COUNTY, **{"If-None-Match": first["ETag"]})

    assert (first["X-Tongban-Cache"], second["X-Tongban-Cache"]) == ("miss", "hit")
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert revalidated.status_code == 304 and revalidated["ETag"] == first["ETag"]
    assert len(queries) == 2  # the region of each request's regionCode, nothing else
    assert first["Cache-Control"].startswith("public")


def test_an_edit_misses_the_answers_that_read_it_and_keeps_the_others(client, rows):
    county, sibling, everywhere = (get(client, q) for q in (COUNTY, SIBLING, EVERYWHERE))

    rows["county"].visit_count = 2
    implementation_save(implementation=rows["county"])

    county_again = get(client, COUNTY)
    assert county_again["X-Tongban-Cache"] == "miss" and county_again["ETag"] != county["ETag"]
    assert county_again.json()["data"]["implementations"]["edges"][0]["node"]["visitCount"] == 2
    assert get(client, SIBLING)["X-Tongban-Cache"] == "hit"  # the sibling county read nothing that changed
    assert get(client, EVERYWHERE)["X-Tongban-Cache"] == "miss"  # a document of the whole tree did
    assert get(client, COUNTY, **{"If-None-Match": county["ETag"]}).status_code == 200
    assert sibling["ETag"] == get(client, SIBLING)["ETag"] and everywhere.status_code == 200


def test_a_change_outside_the_feed_misses_too(client, regions, rows):
    query = '{ indicators(regionCode: "511602") { value target } }'
    indicator = Indicator.objects.create(code="pingjun-paodong", name="平均跑动次数", computation="average_visits",
                                         unit="times", direction="lte")
    before = get(client, query)
    indicator_target_save(target=IndicatorTarget(indicator=indicator, region=regions["city"], level="county",
                                                 value="0.5"))
    after = get(client, query)

    assert after["X-Tongban-Cache"] == "miss"
    assert before.json()["data"]["indicators"][0]["target"] is None
    assert after.json()["data"]["indicators"][0]["target"] == 0.5


def test_answers_with_errors_and_to_clients_are_not_kept(client, rows, county_token):
    assert get(client, '{ implementations(regionCode: "511602") { nope } }').get("X-Tongban-Cache") is None
    private = client.get("/graphql/", {"query": COUNTY}, headers={"Authorization": f"Bearer {county_token}"})
    assert private.get("X-Tongban-Cache") is None and private["Cache-Control"] == "private, no-store"


def test_a_public_page_is_kept_until_its_region_changes(client, regions, rows):
    region_site_ensure(region=regions["county"], hostname="testserver", is_default=True)
    client.get("/performance/")  # the site's settings are created on the first visit

    first, second = client.get("/performance/"), client.get("/performance/")
    assert (first["X-Tongban-Cache"], second["X-Tongban-Cache"]) == ("miss", "hit")

    rows["sibling"].visit_count = 2
    implementation_save(implementation=rows["sibling"])
    assert client.get("/performance/")["X-Tongban-Cache"] == "hit"  # another county's edit
    rows["county"].visit_count = 2
    implementation_save(implementation=rows["county"])
    assert client.get("/performance/")["X-Tongban-Cache"] == "miss"

    client.force_login(UserFactory(is_superuser=True))
    assert client.get("/performance/").get("X-Tongban-Cache") is None  # editors see the page as it is
