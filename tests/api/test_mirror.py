"""A county mirror that follows `changes(after:)` after one full pull equals a fresh full pull.

The writes go through the services where they exist; where a service does not yet write the change feed
the helper `recorded` calls feed_record as the service will (idempotent once it does: the mirror only
applies entries, it does not count them).
"""

import datetime as dt

import pytest
from graphql_relay import from_global_id

from config_models.models import Change, ChangeOperation, Implementation, LeaveReason
from config_models.services.catalog import catalog_item_save
from config_models.services.feed import feed_record
from tests.api.conftest import bulk_implementations
from tests.api.test_contract import CountyMirror, operation
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, MaterialFactory

TABLES = {"IMPLEMENTATION": "implementations", "REGION": "regions", "DEPARTMENT": "departments"}


class FeedMirror(CountyMirror):
    """A county mirror: one full pull, then the change feed."""

    def __init__(self, gql, region, token=None):
        super().__init__(gql, region.code, token)
        self.path = region.path
        self.cursor = None

    def full_pull(self):
        self.cursor = self.feed_page(None)["cursor"] if self.cursor is None else self.cursor
        while True:  # the position before the pull: entries written during it are applied again (upserts)
            page = self.feed_page(self.cursor)
            if not page["hasMore"]:
                self.cursor = page["cursor"]
                break
            self.cursor = page["cursor"]
        self.pull()

    def feed_page(self, after):
        return self.gql(self.document, {"regionCode": self.region_code, "after": after},
                        operation_name="CountyChanges", token=self.token)["changes"]

    def in_scope(self, entry) -> bool:
        if not entry["regionPath"].startswith(self.path):
            return False
        return entry["entity"] != "REGION" or entry["regionPath"] != self.path  # regions below the county

    def follow(self):
        while True:
            page = self.feed_page(self.cursor)
            for entry in page["entries"]:
                table = self.tables[TABLES[entry["entity"]]]
                if entry["operation"] == "D" or not self.in_scope(entry):
                    table.pop(entry["nodeId"], None)
                    continue
                row = self.gql(self.document, {"id": entry["nodeId"]}, operation_name="CountyRow",
                               token=self.token)["node"]
                if row is None:
                    table.pop(entry["nodeId"], None)
                else:
                    table[entry["nodeId"]] = row
            self.cursor = page["cursor"]
            if not page["hasMore"]:
                return


def recorded(rows, **options):
    """feed_record as the services write it (the writer helpers make the services call it themselves)."""
    feed_record(rows, **options)
    return rows


@pytest.fixture
def county(regions, guide, catalog_item, settings):
    settings.API_SYNC_MARGIN = dt.timedelta(0)
    rows = bulk_implementations(regions, 30, region=regions["township"])
    recorded(rows, operation=ChangeOperation.INSERT)
    recorded(guide, operation=ChangeOperation.INSERT)
    return regions


def test_operations_pin_the_feed_documents():
    text = operation("county_sync.graphql")
    assert "query CountyChanges" in text and "query CountyRow" in text


def test_county_mirror_following_the_feed_equals_a_fresh_full_pull(gql, county, guide, county_department):
    # given: one full pull
    mirror = FeedMirror(gql, county["county"])
    mirror.full_pull()
    assert len(mirror.tables["implementations"]) == 31

    # when: edits, renames, deletes, a move and an import
    material = guide.materials.first()
    material.name = "建筑工程施工许可申请表（2025版）"
    material.save()
    recorded(material)  # a material change is an entry of its implementation

    item = guide.catalog_item
    item.name = "建设工程施工许可证核发（新）"
    catalog_item_save(item=item)
    recorded(item)  # the rename reaches every implementation showing it

    county_department.name = "广安区数据局"
    county_department.save()
    recorded(county_department)

    township = county["township"]
    township.name = "北辰街道（更名）"
    township.save()
    recorded(township)  # and every row placed below it

    removed = Implementation.objects.filter(region=township).order_by("pk").first()
    recorded(removed, operation=ChangeOperation.DELETE, reason=LeaveReason.DELETED)
    removed.delete()

    moved = Implementation.objects.filter(region=township).order_by("pk").last()
    # A move is a D where the row was and an I where it goes: a mirror of the old place drops it.
    recorded(moved, operation=ChangeOperation.DELETE, reason=LeaveReason.DELETED, parents=False)
    moved.region = county["sibling"]
    moved.department = DepartmentFactory(region=county["sibling"])
    moved.save()
    recorded(moved, operation=ChangeOperation.INSERT, parents=False)

    imported = [
        ImplementationFactory(catalog_item=CatalogItemFactory(region=county["province"], name=f"导入事项{n}"),
                              region=county["county"], department=county_department)
        for n in range(3)
    ]
    MaterialFactory(implementation=imported[0], name="导入材料")
    recorded(imported, operation=ChangeOperation.INSERT, batch="导入-2025-1")

    mirror.follow()

    # then
    fresh = FeedMirror(gql, county["county"])
    fresh.pull()
    assert mirror.tables == fresh.tables
    assert len(mirror.tables["implementations"]) == 31 - 2 + 3
    names = {row["name"] for row in mirror.tables["implementations"].values()}
    assert "建设工程施工许可证核发（新）" in names
    assert from_global_id(next(iter(mirror.tables["implementations"])))[0] == "Implementation"
    assert Change.objects.filter(batch="导入-2025-1").count() >= 3
