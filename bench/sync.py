"""A mirror's later pull after 10 edits, at two sizes of the data: `changedSince` (the implementations
query) and `changes(after:)` both read the change feed, so their cost follows the changes, not the table.

In one run it builds the load data (`generate_load_data`) at a tenth of `--scale city` and at the full
scale (`city`: about 90,000 implementations; `province`: 20 cities, about 1.8 million), records the
import in the change feed as an import writes it, makes 10 edits in the first city (each recorded in the
feed), then times both reads of that city's mirror at each size. It prints the times,
the large/small ratio of each read (target at most 1.3) and the SQL queries of one run.

It deletes and rewrites the load data set (region 520000, codes 52…) of the database the settings point at:

    DATABASE_URL=sqlite:////path/to/bench.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////path/to/bench.sqlite3 .venv/bin/python bench/sync.py [--scale tiny]
"""

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from cms.api.changes.schema import encode_cursor  # noqa: E402
from config_models.models import Change, Implementation, Region  # noqa: E402
from config_models.services.feed import feed_record  # noqa: E402
from demo.load import CITY, SCALES, generate  # noqa: E402

CHANGED_SINCE = """
query Changed($regionCode: String!, $since: DateTime!, $after: String) {
  implementations(regionCode: $regionCode, includeDescendants: true, changedSince: $since, first: 500,
                  after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id name address updatedAt } }
  }
}
"""

CHANGES = """
query Changes($regionCode: String!, $after: String) {
  changes(regionCode: $regionCode, after: $after, first: 1000) {
    cursor hasMore
    entries { sequence entity nodeId code regionPath operation reason batch createdAt }
  }
}
"""

EDITS = 10


@contextmanager
def count_queries():
    counter = {"queries": 0}

    def wrapper(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield counter


def post(client, query, variables):
    response = client.post("/graphql/", json.dumps({"query": query, "variables": variables}),
                           content_type="application/json")
    payload = response.json()
    if response.status_code != 200 or payload.get("errors"):
        raise SystemExit(f"/graphql/ answered {response.status_code}: {payload.get('errors')}")
    return payload["data"]


def timed(function, repeat):
    """Best and median of `repeat` runs after two warm-up runs (a freshly written table is cold), and the
    queries of one run."""
    function()
    function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    with count_queries() as counter:
        function()
    return min(times), statistics.median(times), counter["queries"], result


def tenth(scale):
    """The same city with a tenth of the catalog: a tenth of the implementations."""
    return dataclasses.replace(scale, items=max(1, scale.items // 10), cities=1,
                               profiles={key: value for key, value in scale.profiles.items()})


def measure(label, scale, repeat):
    started = time.monotonic()
    Change.objects.all().delete()  # each size starts from its own import
    # The generator records what it writes in the feed, as an import does (an I entry per row).
    generate(scale, reset=True, log=lambda message: print(f"  {message}", file=sys.stderr, flush=True))
    city = Region.objects.get(code=CITY[0])
    total = Implementation.objects.in_subtree(city.parent).count()
    rows = Implementation.objects.in_subtree(city)
    print(f"{label}: {total:,} implementations, {Change.objects.count():,} feed entries, "
          f"built in {time.monotonic() - started:.0f} s")

    since = timezone.now()
    cursor = encode_cursor(Change.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0)
    time.sleep(0.01)
    for n, implementation in enumerate(rows.order_by("?")[:EDITS]):
        implementation.address = f"编辑后地址{n}"
        implementation.save()
        feed_record(implementation)  # as implementation_save writes it

    # The reads are timed in a fresh process, as a server answers them: this one still holds the objects of
    # the build, whose garbage-collector passes would grow with the data set and be measured with the reads.
    answer = subprocess.run(
        [sys.executable, __file__, "--time", json.dumps({"city": city.code, "since": since.isoformat(),
                                                          "cursor": cursor, "repeat": repeat})],
        check=True, capture_output=True, text=True,
    )
    results = {}
    for name, (best, median, queries, rows) in json.loads(answer.stdout.splitlines()[-1]).items():
        results[name] = (best, queries)
        print(f"  {name:16} {rows:3} rows  best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms  "
              f"{queries} SQL queries")
        assert rows >= EDITS, (name, rows)
    return total, results


def time_reads(city, since, cursor, repeat):
    """Both reads of a mirror's later pull, timed: {name: (best, median, SQL queries, rows)}."""
    client = Client(HTTP_HOST="localhost")

    def changed_since():
        nodes, after = [], None
        while True:
            connection_ = post(client, CHANGED_SINCE, {"regionCode": city, "since": since, "after": after})
            connection_ = connection_["implementations"]
            nodes += connection_["edges"]
            if not connection_["pageInfo"]["hasNextPage"]:
                return nodes
            after = connection_["pageInfo"]["endCursor"]

    def changes():
        entries, after = [], cursor
        while True:
            page = post(client, CHANGES, {"regionCode": city, "after": after})["changes"]
            entries += page["entries"]
            after = page["cursor"]
            if not page["hasMore"]:
                return entries

    results = {}
    for name, function in (("changedSince", changed_since), ("changes(after:)", changes)):
        best, median, queries, result = timed(function, repeat)
        results[name] = (best, median, queries, len(result))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="city")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--time", help=argparse.SUPPRESS)  # the timing process (JSON of its arguments)
    options = parser.parse_args()
    if options.time:
        print(json.dumps(time_reads(**json.loads(options.time))))
        return
    scale = SCALES[options.scale]
    small_total, small = measure("tenth", tenth(scale), options.repeat)
    large_total, large = measure(options.scale, scale, options.repeat)
    print(f"\nimplementations: {small_total:,} → {large_total:,} ({large_total / max(small_total, 1):.1f}×)")
    for name in small:
        ratio = large[name][0] / small[name][0]
        verdict = "ok" if ratio <= 1.3 else "OVER TARGET"
        print(f"  {name:16} time ratio {ratio:.2f}× (target ≤ 1.3×, {verdict}); SQL queries "
              f"{small[name][1]} → {large[name][1]}")


if __name__ == "__main__":
    main()

