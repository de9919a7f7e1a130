"""Mirror snapshots: a county's full mirror as one NDJSON file at a feed position; a mirror that loads it and
then follows `changes(after: cursor)` equals a fresh full pull; rebuilt only after a change; served with its
cursor, ETag and a Chinese 404 before the first build."""

import datetime as dt

import orjson
import pytest
from django.core.management import call_command
from django.urls import reverse

from cms.api.changes.schema import encode_cursor
from cms.api.snapshot import KEEP, build_snapshot, refresh_snapshots
from cms.models import MirrorSnapshot
from config_models.models import ChangeOperation, Implementation
from config_models.selectors.change import feed_head
from config_models.services.catalog import catalog_item_save
from tests.api.conftest import bulk_implementations
from tests.api.test_mirror import FeedMirror, recorded

TABLES = {"implementation": "implementations", "region": "regions", "department": "departments"}


@pytest.fixture
def county(regions, guide, catalog_item, settings):
    settings.API_SYNC_MARGIN = dt.timedelta(0)
    recorded(bulk_implementations(regions, 12, region=regions["township"]), operation=ChangeOperation.INSERT)
    recorded(guide, operation=ChangeOperation.INSERT)
    return regions


def download(client, code):
    response = client.get(reverse("mirror_snapshot", args=[code]))
    assert response.status_code == 200, response.content
    lines = [orjson.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    return response, lines


class SnapshotMirror(FeedMirror):
    """A county mirror whose first pull is the snapshot file, then the change feed from its cursor."""

    def load(self, client):
        response, lines = download(client, self.region_code)
        header, *rows, end = lines
        for line in rows:
            self.tables[TABLES[line["kind"]]][line["node"]["id"]] = line["node"]
        self.cursor = header["snapshot"]["cursor"]
        return response, header, rows, end


def test_a_mirror_loading_the_snapshot_then_following_the_feed_equals_a_fresh_full_pull(gql, client, county, guide):
    # given: the snapshot, and a mirror loaded from it
    build_snapshot(county["county"])
    mirror = SnapshotMirror(gql, county["county"])
    mirror.load(client)
    fresh = FeedMirror(gql, county["county"])
    fresh.pull()
    assert mirror.tables == fresh.tables
    assert len(mirror.tables["implementations"]) == 13

    # when: the catalog renames the guide's item and an implementation leaves, after the snapshot
    item = guide.catalog_item
    item.name = "建设工程施工许可证核发（快照后更名）"
    catalog_item_save(item=item)
    removed = Implementation.objects.filter(region=county["township"]).order_by("pk").first()
    recorded(removed, operation=ChangeOperation.DELETE)
    removed.delete()
    mirror.follow()

    # then
    fresh = FeedMirror(gql, county["county"])
    fresh.pull()
    assert mirror.tables == fresh.tables
    assert len(mirror.tables["implementations"]) == 12
    assert "建设工程施工许可证核发（快照后更名）" in {row["name"] for row in mirror.tables["implementations"].values()}


def test_the_file_opens_with_its_cursor_and_ends_with_its_counts(client, county):
    snapshot = build_snapshot(county["county"])

    response, header, rows, end = SnapshotMirror(None, county["county"]).load(client)

    assert header["snapshot"]["regionCode"] == "511602"
    assert header["snapshot"]["sequence"] == snapshot.sequence == feed_head()
    assert header["snapshot"]["cursor"] == response["X-Tongban-Cursor"] == encode_cursor(snapshot.sequence)
    counted = {kind: sum(1 for row in rows if row["kind"] == kind) for kind in TABLES}
    assert end == {"end": counted} and counted["implementation"] == 13 and snapshot.rows == counted
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert int(response["Content-Length"]) == snapshot.size
    assert response["Cache-Control"] == "public, max-age=60"
    again = client.get(reverse("mirror_snapshot", args=["511602"]), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_without_a_snapshot_the_answer_is_a_chinese_404(client, county):
    response = client.get(reverse("mirror_snapshot", args=["511602"]))

    assert response.status_code == 404
    assert "还没有镜像快照" in response.json()["errors"][0]["message"]
    assert client.post(reverse("mirror_snapshot", args=["511602"])).status_code == 405


def test_drafts_stay_out_of_the_snapshot(client, county, guide):
    guide.address = "草稿中的新地址"
    guide.save_revision()  # a draft: the public (and so the snapshot) still sees the live row

    build_snapshot(county["county"])
    _response, _header, rows, _end = SnapshotMirror(None, county["county"]).load(client)

    addresses = {row["node"].get("address") for row in rows if row["kind"] == "implementation"}
    assert "草稿中的新地址" not in addresses


def test_snapshots_are_rebuilt_after_a_change_at_most_once_an_interval(county, guide, settings):
    settings.MIRROR_SNAPSHOT_INTERVAL = 0
    first = {snapshot.region.code for snapshot in refresh_snapshots()}
    assert first == {"511602", "511603"}  # every county: none had one
    assert refresh_snapshots() == []  # nothing changed

    item = guide.catalog_item
    item.name = "建设工程施工许可证核发（再更名）"
    catalog_item_save(item=item)  # the province's catalog: both counties show it
    guide.address = "广安区政务服务中心二楼"
    guide.save()
    recorded(guide)
    settings.MIRROR_SNAPSHOT_INTERVAL = 3600
    assert refresh_snapshots() == []  # changed, but the newest is younger than the interval
    settings.MIRROR_SNAPSHOT_INTERVAL = 0
    assert {snapshot.region.code for snapshot in refresh_snapshots()} == {"511602", "511603"}


def test_only_the_newest_snapshots_are_kept_with_their_files(county):
    built = [build_snapshot(county["county"]) for _ in range(KEEP + 1)]

    kept = list(MirrorSnapshot.objects.filter(region=county["county"]).order_by("pk"))

    assert kept == built[1:]
    assert not built[0].file.storage.exists(built[0].file.name)
    assert all(snapshot.file.storage.exists(snapshot.file.name) for snapshot in kept)


def test_the_command_builds_named_regions_and_refuses_unknown_codes(county, capsys):
    from django.core.management.base import CommandError

    call_command("build_mirror_snapshots", "--region", "511602", "--force")
    assert "广安区：变更流位置" in capsys.readouterr().out
    with pytest.raises(CommandError, match="区划代码不存在：999999"):
        call_command("build_mirror_snapshots", "--region", "999999")


@pytest.mark.django_db(transaction=True)
def test_a_build_in_its_own_transaction_reads_one_view_of_the_database(county):
    # On PostgreSQL the build sets REPEATABLE READ as its transaction's first statement (the other tests run
    # inside the test's transaction, where the caller's view is used).
    snapshot = build_snapshot(county["county"])

    assert snapshot.rows["implementation"] == 13 and snapshot.sequence == feed_head()
