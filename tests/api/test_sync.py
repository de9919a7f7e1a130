"""Mirroring: keyset paging, changedSince through nested rows, tombstones."""

import datetime as dt

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from config_models.models import CatalogItem, Change, Implementation, Material
from config_models.services.catalog import catalog_item_cancel
from config_models.services.feed import feed_record
from tests.api.conftest import bulk_implementations
from tests.factories import MaterialFactory

PAGE_QUERY = """
query ($after: String, $changedSince: DateTime) {
  implementations(regionCode: "511602", includeDescendants: true, first: 100, after: $after,
                  changedSince: $changedSince) {
    syncedAt
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name } }
  }
}
"""

CHANGED_QUERY = """
query ($since: DateTime!) {
  implementations(regionCode: "511600", includeDescendants: true, changedSince: $since) {
    edges { node { id name updatedAt } }
  }
}
"""

TOMBSTONES_QUERY = """
query ($since: DateTime!, $kinds: [TombstoneKind!], $regionCode: String) {
  tombstones(since: $since, kinds: $kinds, regionCode: $regionCode) {
    edges { node { kind nodeId code regionCode reason at } }
  }
}
"""


def pull(gql, *, between_pages=None, changed_since=None):
    """Every page of the county's implementations; `between_pages(n)` runs after page n."""
    seen, after, page = [], None, 0
    while True:
        connection = gql(PAGE_QUERY, {"after": after, "changedSince": changed_since})["implementations"]
        seen += [edge["node"]["id"] for edge in connection["edges"]]
        page += 1
        if not connection["pageInfo"]["hasNextPage"]:
            return seen
        after = connection["pageInfo"]["endCursor"]
        if between_pages:
            between_pages(page)


def recorded(rows, **options):
    """The feed entries the services write for these rows (written here for the raw saves of these tests)."""
    feed_record(rows, **options)


def changed(gql, since):
    edges = gql(CHANGED_QUERY, {"since": since.isoformat()})["implementations"]["edges"]
    return sorted(edge["node"]["name"] for edge in edges)


@pytest.fixture
def thousand(regions):
    return bulk_implementations(regions, 1_050)


def test_paging_returns_every_row_exactly_once(gql, thousand):
    seen = pull(gql)
    assert len(seen) == 1_050
    assert set(seen) == {to_global_id("Implementation", i.pk) for i in thousand}


def test_paging_is_stable_while_rows_are_edited_deleted_and_added_between_pages(gql, regions, thousand):
    # given
    deleted = {thousand[500].pk, thousand[900].pk}

    def edit(page):
        # rename items ahead and behind, edit materials, touch implementations, delete two rows ahead, add one
        n = page * 100
        for implementation in (thousand[n - 50], thousand[min(n + 50, 1_049)]):
            item = implementation.catalog_item
            item.name = f"{item.name}（改）"
            item.save()
            implementation.address = "新地址"
            implementation.save()
            MaterialFactory(implementation=implementation, name="新增材料", sort_order=9)
        if page == 3:
            Implementation.objects.filter(pk__in=deleted).delete()
            bulk_implementations(regions, 1, item_offset=5_000)

    # when
    seen = pull(gql, between_pages=edit)

    # then
    assert len(seen) == len(set(seen)), "a row came twice"
    expected = {to_global_id("Implementation", i.pk) for i in thousand if i.pk not in deleted}
    assert expected <= set(seen)
    assert len(seen) == 1_049  # 1,050 − 2 deleted + 1 added at the end


def test_page_info_and_cursors(gql, regions):
    bulk_implementations(regions, 150)
    first = gql(PAGE_QUERY, {})["implementations"]
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    assert first["pageInfo"]["startCursor"] == first["edges"][0]["cursor"]
    assert first["pageInfo"]["endCursor"] == first["edges"][-1]["cursor"]
    second = gql(PAGE_QUERY, {"after": first["pageInfo"]["endCursor"]})["implementations"]
    assert len(second["edges"]) == 50
    assert second["pageInfo"] == {**second["pageInfo"], "hasNextPage": False, "hasPreviousPage": True}


def test_cursor_of_another_connection_is_rejected(gql, regions):
    cursor = gql("{ regions(first: 1) { pageInfo { endCursor } } }")["regions"]["pageInfo"]["endCursor"]
    _, errors = gql.errors(PAGE_QUERY, {"after": cursor})
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_synced_at_lies_a_margin_before_the_server_clock(gql, regions, settings):
    settings.API_SYNC_MARGIN = dt.timedelta(minutes=5)
    before = timezone.now()
    synced_at = dt.datetime.fromisoformat(gql(PAGE_QUERY, {})["implementations"]["syncedAt"])
    assert before - dt.timedelta(minutes=5, seconds=1) < synced_at <= timezone.now() - dt.timedelta(minutes=5)


@pytest.fixture
def county_rows(regions, guide):
    """Two more implementations in the county, then a moment after which nothing has changed."""
    bulk_implementations(regions, 2)
    return timezone.now()


def test_nothing_changed_means_nothing_returned(gql, county_rows):
    assert changed(gql, county_rows) == []


def test_material_edit_bumps_its_implementation(gql, guide, county_rows):
    material = guide.materials.first()
    material.name = "建筑工程施工许可申请表（新版）"
    material.save()
    recorded(material)
    assert changed(gql, county_rows) == ["建设工程施工许可证核发"]


def test_material_deletion_and_addition_bump_the_implementation(gql, guide, county_rows):
    material = guide.materials.last()
    recorded(material)
    material.delete()
    assert changed(gql, county_rows) == ["建设工程施工许可证核发"]
    later = timezone.now()
    recorded(MaterialFactory(implementation=guide, name="补充协议", sort_order=5))
    assert changed(gql, later) == ["建设工程施工许可证核发"]


def test_catalog_item_rename_returns_its_implementations(gql, guide, catalog_item, county_rows):
    # when
    catalog_item.name = "建筑工程施工许可证核发"
    catalog_item.save()
    recorded(catalog_item)

    # then
    assert changed(gql, county_rows) == ["建筑工程施工许可证核发"]


def test_department_and_region_renames_return_the_implementations_showing_them(gql, regions, guide, county_rows):
    # when
    department = guide.department
    department.name = "广安区行政审批和营商环境建设局"
    department.save()
    recorded(department)

    # then
    assert changed(gql, county_rows) == ["建设工程施工许可证核发"]
    departments = gql(
        "query ($since: DateTime!) { departments(changedSince: $since) { edges { node { name } } } }",
        {"since": county_rows.isoformat()},
    )["departments"]["edges"]
    assert [e["node"]["name"] for e in departments] == ["广安区行政审批和营商环境建设局"]

    # when: the city is renamed, everything below it shows a new parent chain
    later = timezone.now()
    city = regions["city"]
    city.name = "广安市（新）"
    city.save()
    recorded(city)

    # then
    assert len(changed(gql, later)) == 3
    changed_regions = gql(
        "query ($since: DateTime!) { regions(changedSince: $since) { edges { node { code } } } }",
        {"since": later.isoformat()},
    )["regions"]["edges"]
    assert sorted(e["node"]["code"] for e in changed_regions) == ["511600", "511602", "511602001000", "511603"]


def test_deletion_leaves_a_tombstone(gql, guide, county_rows):
    # given
    node_id = to_global_id("Implementation", guide.pk)
    code = guide.implementation_code

    # when
    recorded(guide, operation="D", reason="deleted")
    guide.delete()

    # then
    edges = gql(TOMBSTONES_QUERY, {"since": county_rows.isoformat()})["tombstones"]["edges"]
    assert [e["node"] for e in edges] == [
        {"kind": "IMPLEMENTATION", "nodeId": node_id, "code": code, "regionCode": "511602", "reason": "DELETED",
         "at": edges[0]["node"]["at"]},
    ]
    assert changed(gql, county_rows) == []


def test_unpublishing_leaves_a_tombstone_and_the_public_list(gql, guide, county_rows):
    # when
    guide.unpublish()

    # then
    edges = gql(TOMBSTONES_QUERY, {"since": county_rows.isoformat()})["tombstones"]["edges"]
    assert [(e["node"]["kind"], e["node"]["reason"]) for e in edges] == [("IMPLEMENTATION", "UNPUBLISHED")]
    assert gql(PAGE_QUERY, {})["implementations"]["edges"].__len__() == 2


def test_cancelling_a_catalog_item_ends_its_implementations_with_tombstones(gql, guide, catalog_item, county_rows):
    # when
    catalog_item_cancel(item=catalog_item, cancel_date=dt.date(2025, 1, 1))

    # then
    edges = gql(TOMBSTONES_QUERY, {"since": county_rows.isoformat()})["tombstones"]["edges"]
    assert [(e["node"]["kind"], e["node"]["reason"], e["node"]["code"]) for e in edges] == [
        ("IMPLEMENTATION", "ENDED", guide.implementation_code),
    ]
    assert to_global_id("Implementation", guide.pk) not in pull(gql)


def test_unpublishing_a_catalog_item_tombstones_it_and_its_implementations(gql, guide, catalog_item, county_rows):
    # when
    catalog_item.unpublish()

    # then
    edges = gql(TOMBSTONES_QUERY, {"since": county_rows.isoformat()})["tombstones"]["edges"]
    assert sorted((e["node"]["kind"], e["node"]["reason"]) for e in edges) == [
        ("CATALOG_ITEM", "UNPUBLISHED"), ("IMPLEMENTATION", "UNPUBLISHED"),
    ]


def test_tombstones_filter_by_kind_and_region(gql, regions, guide, county_rows):
    # given
    sibling_rows = bulk_implementations(regions, 1, region=regions["sibling"], item_offset=100)
    # The delete services write these D entries once they write the feed; recorded here so the test holds.
    for row in (sibling_rows[0], guide):
        if not Change.objects.filter(entity="implementation", object_id=row.pk, operation="D").exists():
            feed_record(row, operation="D", reason="deleted", parents=False)
        row.delete()
    Change.objects.create(entity="catalog_item", object_id=1, code="000000000001", region_path="510000/",
                          operation="D", reason="deleted")

    def kinds_and_regions(**variables):
        edges = gql(TOMBSTONES_QUERY, {"since": county_rows.isoformat(), **variables})["tombstones"]["edges"]
        return sorted((e["node"]["kind"], e["node"]["regionCode"]) for e in edges)

    # then
    assert kinds_and_regions(regionCode="511602") == [("CATALOG_ITEM", "510000"), ("IMPLEMENTATION", "511602")]
    assert kinds_and_regions(kinds=["CATALOG_ITEM"]) == [("CATALOG_ITEM", "510000")]
    assert len(kinds_and_regions()) == 3


def test_changed_since_needs_a_time_zone(gql, regions):
    _, errors = gql.errors(CHANGED_QUERY, {"since": "2025-01-01T00:00:00"})
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_bulk_helpers_build_what_the_tests_expect(regions):
    rows = bulk_implementations(regions, 3)
    assert Material.objects.filter(implementation__in=rows).count() == 6
    assert CatalogItem.objects.filter(implementations__in=rows).count() == 3
