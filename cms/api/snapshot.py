"""A region's full mirror as one NDJSON file, built at a position of the change feed.

A mirror's first pull through the paged API is thousands of requests, each executing GraphQL again; the
snapshot does that once per change of the region, in the worker, and the web process only streams a file.
The rows are the answers of the published contract's own operations (graphql/operations/county_sync.graphql:
CountyRegions, CountyDepartments, CountyImplementations, as the public sees them), read in one transaction
that also reads the feed's head, so `changes(after: cursor)` continues exactly where the snapshot stops.

The file, line by line::

    {"snapshot": {"regionCode": "511602", "cursor": "…", "sequence": 1234, "builtAt": "…", "operations": "…"}}
    {"kind": "region", "node": {…}}                 one line per row, in the operations' order
    {"kind": "department", "node": {…}}
    {"kind": "implementation", "node": {…}}
    {"end": {"region": 13, "department": 102, "implementation": 2321}}

A file without its `end` line was cut short.
"""

import time
from pathlib import Path
from urllib.parse import urlsplit

import orjson
from django.conf import settings
from django.core.files import File
from django.core.files.temp import NamedTemporaryFile
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from graphql import execute, parse

from cms.api.auth import PUBLIC
from cms.api.changes.schema import encode_cursor
from cms.api.core.execution import FastExecutionContext
from cms.api.core.memory import collector_paused
from cms.api.schema import schema
from cms.models import MirrorSnapshot
from config_models.models import Region
from config_models.selectors.change import changes_after, feed_head

OPERATIONS_FILE = Path(settings.BASE_DIR) / "graphql" / "operations" / "county_sync.graphql"
# kind of row -> the operation that lists it, and its root field.
QUERIES = [("region", "CountyRegions", "regions"), ("department", "CountyDepartments", "departments"),
           ("implementation", "CountyImplementations", "implementations")]
KEEP = 2  # snapshots kept per region: the newest, and the one a slow download may still be reading


class SnapshotFailed(Exception):
    """An operation answered with errors: nothing is stored."""


def _context() -> HttpRequest:
    """What the resolvers read of a request: the public viewer, and the site's address for absolute links."""
    request = HttpRequest()
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    request.method = "GET"
    port = base.port or (443 if base.scheme == "https" else 80)
    request.META.update(SERVER_NAME=base.hostname, SERVER_PORT=str(port), HTTP_HOST=base.netloc)
    if base.scheme == "https":
        request.META["HTTPS"] = "on"
        request.META["wsgi.url_scheme"] = "https"
    request.api_viewer, request.api_prefetch = PUBLIC, True
    return request


def _rows(document, operation: str, field: str, region_code: str):
    """Every node of one paged operation, page after page."""
    after = None
    while True:
        request = _context()
        request.api_loaders = {}
        result = execute(schema.graphql_schema, document, context_value=request, operation_name=operation,
                         variable_values={"regionCode": region_code, "after": after},
                         execution_context_class=FastExecutionContext)
        if result.errors:
            raise SnapshotFailed(f"{operation}: {result.errors[0].message}")
        connection_data = result.data[field]
        for edge in connection_data["edges"]:
            yield edge["node"]
        if not connection_data["pageInfo"]["hasNextPage"]:
            return
        after = connection_data["pageInfo"]["endCursor"]


def _consistent_reads() -> None:
    """One view of the database for the whole build: PostgreSQL's default isolation would let each page see
    the commits made since the previous one. (SQLite's transaction already reads one view.) Must be the
    transaction's first statement; inside a caller's transaction (tests), the caller's view is used."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def build_snapshot(region: Region) -> MirrorSnapshot:
    """Build and store the region's snapshot, then drop all but the newest `KEEP`."""
    started = time.monotonic()
    document = parse(OPERATIONS_FILE.read_text(encoding="utf-8"))
    counts = dict.fromkeys(kind for kind, _operation, _field in QUERIES)
    outermost = not connection.in_atomic_block
    with NamedTemporaryFile(suffix=".ndjson") as out, collector_paused():
        with transaction.atomic():
            if outermost:
                _consistent_reads()
            sequence = feed_head()
            built_at = timezone.now()
            out.write(orjson.dumps({"snapshot": {
                "regionCode": region.code, "cursor": encode_cursor(sequence), "sequence": sequence,
                "builtAt": built_at.isoformat(), "operations": f"graphql/operations/{OPERATIONS_FILE.name}",
            }}) + b"\n")
            for kind, operation, field in QUERIES:
                counts[kind] = 0
                for node in _rows(document, operation, field, region.code):
                    out.write(orjson.dumps({"kind": kind, "node": node}) + b"\n")
                    counts[kind] += 1
        out.write(orjson.dumps({"end": counts}) + b"\n")
        size = out.tell()
        out.seek(0)
        snapshot = MirrorSnapshot(region=region, sequence=sequence, rows=counts, size=size, built_at=built_at,
                                  seconds=round(time.monotonic() - started, 3))
        snapshot.file.save(f"{region.code}-{sequence}-{built_at:%Y%m%d%H%M%S}.ndjson", File(out), save=True)
    _prune(region)
    return snapshot


def _prune(region: Region) -> None:
    for old in MirrorSnapshot.objects.filter(region=region).order_by("-sequence", "-pk")[KEEP:]:
        old.file.delete(save=False)
        old.delete()


def latest_snapshot(region: Region) -> MirrorSnapshot | None:
    return MirrorSnapshot.objects.filter(region=region).order_by("-sequence", "-pk").first()


def snapshot_due(region: Region, *, now=None) -> bool:
    """No snapshot yet, or the region (or the catalog above it) changed since the newest one and that one is
    older than MIRROR_SNAPSHOT_INTERVAL seconds: rebuilds follow changes, at most once an interval."""
    latest = latest_snapshot(region)
    if latest is None:
        return True
    now = now or timezone.now()
    if (now - latest.built_at).total_seconds() < settings.MIRROR_SNAPSHOT_INTERVAL:
        return False
    return changes_after(after=latest.sequence, region=region).exists()


def refresh_snapshots(regions=None) -> list[MirrorSnapshot]:
    """Rebuild the snapshots that are due; by default those of every county."""
    regions = Region.objects.filter(level="county").order_by("code") if regions is None else regions
    return [build_snapshot(region) for region in regions if snapshot_due(region)]
