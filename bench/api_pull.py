"""Full pull of one county's implementations (with materials, department, region and its parent chain)
through /graphql/, measured against two baselines in the same run:

  floor  the same rows read with one SQL query per table and dumped with json.dumps
  plain  the same schema with plain resolvers: no loader primed, one query per related row (N+1)

and the other ways of serving it:

  snapshot        the county's mirror snapshot (cms/api/snapshot.py) downloaded from /mirror/<code>/…; its
                  build (once per change, in the worker) is timed apart
  graphql-core    /graphql/ with graphql-core's own executor instead of cms/api/core/execution.py
  collector off   /graphql/ with the garbage collector paused for the pull (as requests once did; now only
                  the snapshot builder pauses it: cms/api/core/memory.py)

It prints API/floor and snapshot/floor (a full pull at most 1.5× the floor, whichever way it is served),
plain/API (target at least 20), and what the executor and the collector pause each save.

Runs against whatever database the settings point at, e.g. data from `generate_load_data --scale city`:

    DATABASE_URL=sqlite:////path/to/load.sqlite3 .venv/bin/python bench/api_pull.py [--region CODE]

Without --region it pulls the county with the most implementations.
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django
import orjson

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from graphql import ExecutionContext  # noqa: E402

from bench.floors import floor  # noqa: E402
from cms.api.core.memory import collector_paused  # noqa: E402
from cms.api.snapshot import build_snapshot  # noqa: E402
from cms.api.views import ApiView  # noqa: E402
from config_models.models import Implementation, Region  # noqa: E402

PULL = """
query Pull($regionCode: String!, $first: Int!, $after: String) {
  implementations(regionCode: $regionCode, includeDescendants: true, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id implementationCode name code type localCode status
        acceptConditions procedure
        statutoryLimit { value unit note } committedLimit { value unit note }
        handlingType serviceObjects visitCount visitReason
        windowHandling onlineHandling courier booking onlinePayment onlineDepth onlineUrl
        chargesFee feeStandard feeBasis consultPhone complaintPhone address officeHours serviceArea
        region { code name level ancestors { code name level } }
        department { name creditCode region { code } }
        materials {
          position name form necessity source sourceNote originalCopies photocopyCopies paperSpec
          fillInstructions commonMistakes legalBasis eCertificateExempt
        }
      }
    }
  }
}
"""

@contextmanager
def count_queries():
    counter = {"queries": 0}

    def wrapper(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield counter


def api_pull(client: Client, region: Region, first: int) -> tuple[list, int]:
    nodes, after, pages = [], None, 0
    while True:
        response = client.post(
            "/graphql/",
            json.dumps({"query": PULL, "variables": {"regionCode": region.code, "first": first, "after": after}}),
            content_type="application/json",
        )
        # The front end's decoding is not the server's work: decode with the fastest parser at hand.
        payload = orjson.loads(response.content)
        if response.status_code != 200 or payload.get("errors"):
            raise SystemExit(f"/graphql/ answered {response.status_code}: {payload.get('errors')}")
        connection_ = payload["data"]["implementations"]
        nodes += [edge["node"] for edge in connection_["edges"]]
        pages += 1
        if not connection_["pageInfo"]["hasNextPage"]:
            return nodes, pages
        after = connection_["pageInfo"]["endCursor"]


def snapshot_download(client: Client, region: Region) -> int:
    response = client.get(f"/mirror/{region.code}/snapshot.ndjson")
    if response.status_code != 200:
        raise SystemExit(f"/mirror/ answered {response.status_code}")
    lines = [orjson.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    return sum(1 for line in lines if line.get("kind") == "implementation")


@contextmanager
def swapped(owner, name, value):
    before = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, before)


def timed(function, repeat: int):
    """Best and median wall time of `repeat` runs, the last result, and the queries of one run."""
    times, result = [], None
    for n in range(repeat):
        with count_queries() as counter:
            started = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - started)
        if n == 0:
            queries = counter["queries"]
    return min(times), statistics.median(times), result, queries


def busiest_county() -> Region:
    counts = (
        Implementation.objects.filter(region__level__in=["county", "township", "village"])
        .values("region__path").annotate(n=Count("id"))
    )
    per_county = defaultdict(int)
    for row in counts:
        county_path = "/".join(row["region__path"].split("/")[:3]) + "/"
        per_county[county_path] += row["n"]
    if not per_county:
        raise SystemExit("The database holds no implementations: run `manage.py generate_load_data` first.")
    path = max(per_county, key=per_county.get)
    return Region.objects.get(path=path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--region", help="Region code to pull (default: the county with the most implementations).")
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3, help="Runs of the floor and the API (best is reported).")
    parser.add_argument("--plain-repeat", type=int, default=1, help="Runs of the plain-resolver baseline.")
    args = parser.parse_args()

    settings.DEBUG = False  # no query log: it would slow the many-query variants most
    region = Region.objects.get(code=args.region) if args.region else busiest_county()
    client = Client(HTTP_HOST="localhost")

    floor_best, floor_median, (body, rows, material_count), floor_queries = timed(lambda: floor(region), args.repeat)
    api_best, api_median, (nodes, pages), api_queries = timed(
        lambda: api_pull(client, region, args.page_size), args.repeat
    )
    ApiView.prefetch = False
    try:
        plain_best, plain_median, (plain_nodes, _), plain_queries = timed(
            lambda: api_pull(client, region, args.page_size), args.plain_repeat
        )
    finally:
        ApiView.prefetch = True

    with swapped(ApiView, "execution_context_class", ExecutionContext):
        core_best, _core_median, (core_nodes, _), _ = timed(lambda: api_pull(client, region, args.page_size), 1)
    with collector_paused():
        gc_best, _gc_median, (gc_nodes, _), _ = timed(lambda: api_pull(client, region, args.page_size), 1)
    build_started = time.perf_counter()
    snapshot = build_snapshot(region)
    build_seconds = time.perf_counter() - build_started
    snap_best, snap_median, snap_rows, _ = timed(lambda: snapshot_download(client, region), args.repeat)

    assert core_nodes == nodes and gc_nodes == nodes, "every executor gives the same answer"
    assert snap_rows == rows, f"the snapshot holds {snap_rows} implementations, the floor {rows}"
    assert len(nodes) == rows, f"the API returned {len(nodes)} implementations, the floor {rows}"
    assert sum(len(n["materials"]) for n in nodes) == material_count
    assert plain_nodes == nodes, "plain resolvers and loaders must give the same answer"

    print(f"database: {connection.vendor}; region {region.code} {region.name}: {rows:,} implementations, "
          f"{material_count:,} materials; page size {args.page_size} ({pages} pages)")
    print(f"floor  SQL per table + json.dumps   best {floor_best:8.3f} s  median {floor_median:8.3f} s  "
          f"{floor_queries:>7,} queries  {len(body) / 1e6:.1f} MB")
    print(f"API    /graphql/, loaders            best {api_best:8.3f} s  median {api_median:8.3f} s  "
          f"{api_queries:>7,} queries")
    print(f"plain  /graphql/, plain resolvers    best {plain_best:8.3f} s  median {plain_median:8.3f} s  "
          f"{plain_queries:>7,} queries")
    print(f"graphql-core executor               best {core_best:8.3f} s")
    print(f"collector paused                    best {gc_best:8.3f} s")
    print(f"snapshot download                   best {snap_best:8.3f} s  median {snap_median:8.3f} s  "
          f"{snapshot.size / 1e6:.1f} MB (build {build_seconds:.3f} s, all three collections)")
    print(f"API / floor  = {api_best / floor_best:6.2f}×   (target ≤ 1.5×)")
    print(f"snapshot / floor = {snap_best / floor_best:6.2f}×")
    print(f"plain / API  = {plain_best / api_best:6.2f}×   (target ≥ 20×)")
    print(f"graphql-core executor / API = {core_best / api_best:6.2f}×;  "
          f"API / collector paused = {api_best / gc_best:6.2f}×")


if __name__ == "__main__":
    main()
