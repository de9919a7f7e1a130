"""`changes(after:)`: the change feed in sequence order, paged by an opaque cursor, scoped like the rows."""

import base64

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config_models.models import Change, ChangeEntity, ChangeOperation, LeaveReason
from config_models.services.feed import feed_record
from tests.api.conftest import bulk_implementations, issue_client
from tests.factories import DepartmentFactory, ImplementationFactory

CHANGES = """
query Changes($after: String, $regionCode: String, $entities: [ChangeEntity!], $first: Int) {
  changes(after: $after, regionCode: $regionCode, entities: $entities, first: $first) {
    cursor
    hasMore
    entries { sequence entity objectId nodeId code regionPath operation reason batch createdAt }
  }
}
"""


def changes(gql, token=None, **variables):
    return gql(CHANGES, variables, token=token)["changes"]


def entries_of(page):
    return [(entry["entity"], int(entry["objectId"]), entry["operation"]) for entry in page["entries"]]


@pytest.fixture
def feed(regions, catalog_item, county_department):
    """Entries written the way the services write them: an implementation in each county, then a delete."""
    county = ImplementationFactory(catalog_item=catalog_item, region=regions["county"], department=county_department)
    sibling = ImplementationFactory(catalog_item=catalog_item, region=regions["sibling"],
                                    department=DepartmentFactory(region=regions["sibling"]))
    Change.objects.all().delete()  # the factories' own service writes; the test writes the entries it reads
    feed_record(regions["city"], parents=False)
    feed_record(catalog_item, operation=ChangeOperation.INSERT, parents=False)
    feed_record(county, operation=ChangeOperation.INSERT, batch="导入-1", parents=False)
    feed_record(sibling, operation=ChangeOperation.INSERT, parents=False)
    feed_record(county, operation=ChangeOperation.DELETE, reason=LeaveReason.DELETED, parents=False)
    return {"county": county, "sibling": sibling}


def test_entries_come_in_sequence_order_with_their_fields(gql, feed, catalog_item, regions):
    page = changes(gql)
    assert entries_of(page) == [
        ("REGION", regions["city"].pk, "U"),
        ("CATALOG_ITEM", catalog_item.pk, "I"),
        ("IMPLEMENTATION", feed["county"].pk, "I"),
        ("IMPLEMENTATION", feed["sibling"].pk, "I"),
        ("IMPLEMENTATION", feed["county"].pk, "D"),
    ]
    sequences = [int(entry["sequence"]) for entry in page["entries"]]
    assert sequences == sorted(sequences)
    inserted, deleted = page["entries"][2], page["entries"][4]
    assert inserted["batch"] == "导入-1" and inserted["reason"] is None
    assert inserted["regionPath"] == regions["county"].path
    assert deleted["reason"] == "DELETED"
    assert page["hasMore"] is False


def test_cursor_pages_through_the_feed_and_stays_put_at_the_end(gql, feed):
    everything = entries_of(changes(gql))
    seen, after = [], None
    while True:
        page = changes(gql, after=after, first=2)
        seen += entries_of(page)
        after = page["cursor"]
        if not page["hasMore"]:
            break
    assert seen == everything
    assert changes(gql, after=after)["entries"] == []
    assert changes(gql, after=after)["cursor"] == after  # an empty page keeps the position
    feed_record(feed["sibling"], parents=False)
    assert entries_of(changes(gql, after=after)) == [("IMPLEMENTATION", feed["sibling"].pk, "U")]


def test_region_filter_keeps_the_subtree_and_the_regions_above(gql, feed, catalog_item, regions):
    page = changes(gql, regionCode=regions["county"].code)
    assert entries_of(page) == [
        ("REGION", regions["city"].pk, "U"),
        ("CATALOG_ITEM", catalog_item.pk, "I"),
        ("IMPLEMENTATION", feed["county"].pk, "I"),
        ("IMPLEMENTATION", feed["county"].pk, "D"),
    ]


def test_entities_filter(gql, feed, regions):
    page = changes(gql, entities=["REGION", "CATALOG_ITEM"])
    assert [entity for entity, _, _ in entries_of(page)] == ["REGION", "CATALOG_ITEM"]


def test_drafts_are_seen_by_clients_of_their_subtree_only(gql, feed, regions, county_token, sibling_token):
    feed_record(feed["county"], draft=True, parents=False)
    draft = Change.objects.latest("sequence")
    assert draft.public is False

    def sees_draft(token):
        return draft.sequence in [int(entry["sequence"]) for entry in changes(gql, token=token)["entries"]]

    assert not sees_draft(None)
    assert sees_draft(county_token)
    assert not sees_draft(sibling_token)
    _, no_drafts_token = issue_client(regions["county"], scopes=(), name="只读前端")
    assert not sees_draft(no_drafts_token)


@pytest.mark.parametrize("cursor", ["garbage!", base64.urlsafe_b64encode(b"Implementation:5").decode(), "Y2hhbmdlOi0x"])
def test_bad_cursor_is_refused_in_chinese_and_english(gql, feed, cursor):
    _, errors = gql.errors(CHANGES, {"after": cursor})
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "游标无效" in errors[0]["message"] and "Invalid cursor" in errors[0]["message"]


@pytest.mark.parametrize("first", [0, 1001])
def test_page_size_is_bounded(gql, feed, first):
    _, errors = gql.errors(CHANGES, {"first": first})
    assert errors[0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"


def test_default_page_is_500_and_max_is_1000(gql, regions):
    implementations = bulk_implementations(regions, 1001, materials=0)
    Change.objects.all().delete()  # the regions' own entries
    feed_record(implementations, operation=ChangeOperation.INSERT, parents=False)
    assert len(changes(gql)["entries"]) == 500
    page = changes(gql, first=1000)
    assert len(page["entries"]) == 1000 and page["hasMore"] is True
    assert len(changes(gql, after=page["cursor"])["entries"]) == 1


def test_query_count_does_not_grow_with_the_entries(gql, regions, county_token):
    changes(gql, token=county_token)  # the token's first use writes last_used_at: keep it out of the count

    def queries(count, offset):
        last = Change.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
        rows = bulk_implementations(regions, count, materials=0, item_offset=offset)
        feed_record(rows, operation=ChangeOperation.INSERT, parents=False)
        cursor = base64.urlsafe_b64encode(f"change:{last}".encode()).decode().rstrip("=")
        with CaptureQueriesContext(connection) as captured:
            page = changes(gql, token=county_token, after=cursor, regionCode=regions["county"].code, first=1000)
        assert len(page["entries"]) == count
        return len(captured)

    assert queries(3, 0) == queries(300, 10)


def test_entity_enum_lists_every_feed_collection(gql):
    data = gql('{ __type(name: "ChangeEntity") { enumValues { name } } }')
    assert {value["name"] for value in data["__type"]["enumValues"]} == {entity.name for entity in ChangeEntity}
