"""The pinned contract: graphql/schema.graphql matches the code, and the operations front ends run validate
against it and work end to end (a county mirror converges on the source through changedSince and tombstones)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from graphql import OperationDefinitionNode, build_schema, parse, validate

from cms.management.commands.export_graphql_schema import current_sdl
from config_models.models import ImplementationStatus
from config_models.services.catalog import catalog_item_cancel
from config_models.services.feed import feed_record
from tests.api.conftest import bulk_implementations
from tests.factories import CatalogItemFactory, ImplementationFactory, MaterialFactory

CONTRACT = Path(__file__).resolve().parents[2] / "graphql"
OPERATIONS = sorted((CONTRACT / "operations").glob("*.graphql"))


def operation(name: str) -> str:
    return (CONTRACT / "operations" / name).read_text(encoding="utf-8")


def test_committed_schema_matches_the_code():
    call_command("export_graphql_schema", "--check")


def test_drift_check_fails_on_a_stale_contract(tmp_path):
    stale = tmp_path / "schema.graphql"
    stale.write_text(current_sdl().replace("implementationCode", "implCode"), encoding="utf-8")
    with pytest.raises(CommandError, match="drifted"):
        call_command("export_graphql_schema", "--check", "--path", str(stale))


def test_operations_folder_holds_the_front_end_documents():
    assert [path.name for path in OPERATIONS] == [
        "county_sync.graphql", "hall_guide.graphql", "public_bundle_notice.graphql", "public_evaluation_stats.graphql",
        "public_indicators.graphql", "public_item_guide.graphql", "public_lists.graphql", "public_policies.graphql",
        "submit_evaluations.graphql", "township_sync.graphql",
    ]


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda path: path.name)
def test_operation_validates_against_the_committed_schema(path):
    schema = build_schema((CONTRACT / "schema.graphql").read_text(encoding="utf-8"))
    document = parse(path.read_text(encoding="utf-8"))
    assert validate(schema, document) == []
    assert all(d.name for d in document.definitions if isinstance(d, OperationDefinitionNode))


# End to end -------------------------------------------------------------------------------------------


class CountyMirror:
    """What a county front end keeps: rows by id, refreshed with county_sync.graphql (graphql/README.md)."""

    def __init__(self, gql, region_code, token=None):
        self.gql, self.region_code, self.token = gql, region_code, token
        self.document = operation("county_sync.graphql")
        self.tables = {"implementations": {}, "regions": {}, "departments": {}}
        self.synced_at = None

    def pages(self, name, field, variables):
        after, first_synced_at = None, None
        while True:
            data = self.gql(self.document, {**variables, "after": after}, operation_name=name, token=self.token)
            connection = data[field]
            first_synced_at = first_synced_at or connection["syncedAt"]
            yield from (edge["node"] for edge in connection["edges"])
            if not connection["pageInfo"]["hasNextPage"]:
                break
            after = connection["pageInfo"]["endCursor"]
        self.pulled_at.append(first_synced_at)

    def pull(self):
        self.pulled_at = []
        since = self.synced_at
        if since is not None:
            for tombstone in self.pages(
                "CountyTombstones", "tombstones", {"regionCode": self.region_code, "since": since}
            ):
                for table in self.tables.values():
                    table.pop(tombstone["nodeId"], None)
        for name, field in (
            ("CountyImplementations", "implementations"), ("CountyRegions", "regions"),
            ("CountyDepartments", "departments"),
        ):
            for row in self.pages(name, field, {"regionCode": self.region_code, "changedSince": since}):
                self.tables[field][row["id"]] = row
        self.synced_at = min(self.pulled_at)


@pytest.fixture
def county(regions, guide, catalog_item, settings):
    settings.API_SYNC_MARGIN = dt.timedelta(0)  # no overlap: changedSince alone must catch every change
    for n, row in enumerate(bulk_implementations(regions, 250, region=regions["township"])):
        if n % 50 == 0:
            MaterialFactory(implementation=row, name="补充材料", sort_order=7)
    return regions


def test_county_mirror_converges_on_the_source(gql, county, guide, catalog_item, county_department):
    # given: a first full pull
    mirror = CountyMirror(gql, "511602")
    mirror.pull()
    assert len(mirror.tables["implementations"]) == 251

    # when: the source changes in every way a mirror must notice
    material = guide.materials.first()
    material.name = "建筑工程施工许可申请表（2025版）"
    material.save()
    # feed_record: the entries the services write for these raw saves (changedSince reads the feed).
    feed_record(material)
    renamed = CatalogItemFactory(region=county["province"], name="旧名称")
    feed_record(ImplementationFactory(catalog_item=renamed, region=county["township"], department=county_department),
                operation="I")
    mirror.pull()
    renamed.name = "新名称"
    renamed.save()
    feed_record(renamed)
    county_department.name = "广安区数据局"
    county_department.save()
    feed_record(county_department)
    township = county["township"]
    township.name = "北辰街道（更名）"
    township.save()
    feed_record(township)
    first_bulk = next(row for row in mirror.tables["implementations"].values() if row["name"] == "批量事项0")
    from graphql_relay import from_global_id

    from config_models.models import Implementation

    deleted = Implementation.objects.get(pk=from_global_id(first_bulk["id"]).id)
    feed_record(deleted, operation="D", reason="deleted")
    deleted.delete()
    other = CatalogItemFactory(region=county["province"], name="将取消事项")
    ending = ImplementationFactory(catalog_item=other, region=county["county"], department=county_department)
    feed_record(ending, operation="I")
    mirror.pull()
    feed_record(ending, operation="D", reason="ended")
    catalog_item_cancel(item=other, cancel_date=dt.date(2025, 6, 1))
    feed_record(ImplementationFactory(catalog_item=CatalogItemFactory(region=county["province"], name="新增事项"),
                                      region=county["county"], department=county_department), operation="I")
    mirror.pull()

    # then: the mirror equals a fresh full pull
    fresh = CountyMirror(gql, "511602")
    fresh.pull()
    assert mirror.tables == fresh.tables
    names = {row["name"] for row in mirror.tables["implementations"].values()}
    assert {"新名称", "新增事项"} <= names
    assert {"旧名称", "批量事项0", "将取消事项"}.isdisjoint(names)
    ending.refresh_from_db()
    assert ending.status == ImplementationStatus.ENDED


def test_county_mirror_with_a_token_includes_drafts(gql, county, guide, county_token):
    # given
    guide.address = "草稿地址"
    guide.save_revision()

    # when
    mirror = CountyMirror(gql, "511602", token=county_token)
    mirror.pull()

    # then
    drafts = [row for row in mirror.tables["implementations"].values() if row["isDraft"]]
    assert [row["address"] for row in drafts] == ["草稿地址"]


def test_township_sync_runs_end_to_end(gql, county, guide):
    document = operation("township_sync.graphql")
    villages = gql(document, {"regionCode": "511602001000"}, operation_name="TownshipVillages")
    assert villages["region"]["ancestors"][-1] == {"code": "511602", "name": "广安区"}
    rows = gql(document, {"regionCode": "511602001000", "after": None}, operation_name="TownshipImplementations")
    assert len(rows["implementations"]["edges"]) == 200
    assert rows["implementations"]["pageInfo"]["hasNextPage"] is True
    tombstones = gql(document, {"regionCode": "511602001000", "since": "2000-01-01T00:00:00Z"},
                     operation_name="TownshipTombstones")
    assert tombstones["tombstones"]["edges"] == []


def test_public_item_guide_runs_end_to_end_over_cacheable_get(gql, county, guide):
    # given
    document = operation("public_item_guide.graphql")

    # when
    found = gql.response(document, {"regionCode": "511600", "search": "施工许可"}, method="get",
                         operation_name="PublicItemSearch")
    hit = found.json()["data"]["implementations"]["edges"][0]["node"]
    page = gql.response(document, {"code": hit["implementationCode"], "regionCode": hit["region"]["code"]},
                        method="get", operation_name="PublicItemGuide")

    # then
    assert found["Cache-Control"].startswith("public")
    assert page["Cache-Control"].startswith("public")
    implementation = page.json()["data"]["implementation"]
    assert implementation["name"] == "建设工程施工许可证核发"
    assert [m["name"] for m in implementation["materials"]] == [
        "建筑工程施工许可申请表", "建设工程规划许可证", "施工合同",
    ]
    assert implementation["region"]["ancestors"][-1]["name"] == "广安市"
