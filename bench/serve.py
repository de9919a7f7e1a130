"""The production stack under load: bin/serve-production (PostgreSQL, Redis, gunicorn, the worker) with the
demo, driven by Apache Bench on loopback for a bounded time per request, against a floor served beside it
(bench/floor_wsgi.py: plain Django JSON views reading the same rows, same settings, same gunicorn).

    bin/with-throwaway-postgres .venv/bin/python bench/serve.py [--seconds 10] [--concurrency 8]

Without DATABASE_URL it starts itself under bin/with-throwaway-postgres. It prints, for each request,
requests per second and the 95th percentile against the floor's, and the ratios:

  cached GraphQL GET     a public query answered from Redis (X-Tongban-Cache: hit)
  published list pages   the county list with the most entries, and a city list of at least 1,500 entries
                         (the demo's lists are smaller, so the bench publishes one through the list
                         services: the city's items by committed time limit), each rendered on every
                         request (a session cookie keeps it out of the page cache), one request per worker
                         so the p95 is the rendering, not the queue; target p95 ≤ 100 ms for 1,500 entries
  county pull            the county's mirror snapshot, and its paged GraphQL pull's first page
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
COUNTY = "511602"
CITY = "511600"
LARGE_LIST = 1500
LARGE_LIST_CODE = f"{CITY}-bench-chengnuo"
CACHED_QUERY = '{ implementations(regionCode: "COUNTY", first: 50) { edges { node { id name } } } }'.replace(
    "COUNTY", COUNTY)
PULL_PAGE = ('query { implementations(regionCode: "COUNTY", includeDescendants: true, first: 200) '
             '{ edges { node { id name code materials { name necessity } } } } }').replace("COUNTY", COUNTY)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode}) before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"no answer from {url} within {seconds:.0f} s")


def ab(url: str, *, seconds: float, concurrency: int, headers=(), post: str | None = None) -> dict:
    """Apache Bench for `seconds`: requests per second, the 95th percentile (ms) and failures."""
    command = ["ab", "-q", "-k", "-t", str(seconds), "-n", "10000000", "-c", str(concurrency), "-l"]
    for header in headers:
        command += ["-H", header]
    if post is not None:
        body = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-serve-{os.getpid()}.json"
        body.write_text(post, encoding="utf-8")
        command += ["-p", str(body), "-T", "application/json"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests per second:\s+([\d.]+)", output).group(1))
    p95 = float(re.search(r"^\s*95%\s+(\d+)", output, flags=re.M).group(1))
    failed = int(re.search(r"Failed requests:\s+(\d+)", output).group(1))
    non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", output)
    return {"rps": rps, "p95": p95, "failed": failed + (int(non_2xx.group(1)) if non_2xx else 0)}


def discover() -> list[dict]:
    """What the requests read, from the database the stack serves: the county's busiest list page, and the
    city list of LARGE_LIST entries (published here the first time)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from config_models.models import PublishedListPage
    from config_models.services.published_list import current_publication

    pages = [(page, current_publication(page)) for page in PublishedListPage.objects.live().filter(
        region__code=COUNTY)]
    busiest = max(((p, b) for p, b in pages if b), key=lambda pair: len(pair[1].entries))
    large = publish_large_list()
    return [_list_target(page, publication) for page, publication in (busiest, (large, current_publication(large)))]


def _list_target(page, publication) -> dict:
    from wagtail.models import Site

    site_id, _root, path = page.get_url_parts()
    site = Site.objects.get(pk=site_id)  # the region's own site: asked for by its Host
    return {"list_path": path, "list_host": f"{site.hostname}:{site.port}", "list_pk": page.pk,
            "entries": len(publication.entries), "list_title": page.title}


def publish_large_list():
    """承诺时限 ≤ N 个工作日 over the city's subtree, N the smallest limit that reaches LARGE_LIST entries; its
    suspended implementations are left out by hand, as an editor would (a batch refuses them)."""
    import datetime as dt

    from config_models.models import (
        ImplementationStatus,
        ListOverride,
        ListType,
        OverrideAction,
        PublishedListPage,
        RegionPage,
    )
    from config_models.selectors.implementation import in_force
    from config_models.services.published_list import publication_publish

    page = PublishedListPage.objects.filter(code=LARGE_LIST_CODE).first()
    if page is not None:
        return page
    city_page = RegionPage.objects.get(region__code=CITY)
    rows = in_force(city_page.region)
    limits = sorted(rows.filter(committed_limit__isnull=False).values_list("committed_limit", flat=True))
    limit = limits[min(LARGE_LIST, len(limits)) - 1]
    page = PublishedListPage(
        title=f"{city_page.region.name}承诺时限{limit}个工作日以内事项清单（压测）", slug="bench-chengnuo",
        code=LARGE_LIST_CODE, list_type=ListType.objects.filter(subject="implementation").order_by("pk").first(),
        rule=[("condition", {"field": "committed_days", "operator": "lte", "value": str(limit)})],
    )
    page.overrides = [
        ListOverride(implementation=implementation, action=OverrideAction.EXCLUDE, reason="暂停实施")
        for implementation in rows.filter(status=ImplementationStatus.SUSPENDED, committed_limit__lte=limit)
    ]
    city_page.add_child(instance=page)
    page.save_revision().publish()
    today = dt.date.today()
    publication_publish(page=page, document_number="广安府办〔2026〕99号", published_on=today, effective_on=today,
                        change_note="压测：全市承诺时限较短的事项。")
    return PublishedListPage.objects.get(pk=page.pk)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10, help="Seconds of load per request (default 10).")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server (default 2).")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.execv(str(ROOT / "bin" / "with-throwaway-postgres"), [
            "with-throwaway-postgres", PY, __file__, "--seconds", str(args.seconds),
            "--concurrency", str(args.concurrency), "--workers", str(args.workers)])
    subprocess.run([str(ROOT / "bin" / "install-load-tool")], check=True)
    if not shutil.which("ab"):
        raise SystemExit("Apache Bench (ab) is missing: bin/install-load-tool")

    port, floor_port = free_port(), free_port()
    base, floor = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{floor_port}"
    # The county sites are <code>.localhost (the demo's): the list page is asked for on its county's site.
    env = {**os.environ, "WEB_CONCURRENCY": str(args.workers), "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,.localhost"}
    product = subprocess.Popen([str(ROOT / "bin" / "serve-production"), "--demo", "--port", str(port),
                                "--workers", str(args.workers)], cwd=ROOT, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    floor_server = None
    try:
        print("bench/serve: starting the production stack with the demo (migrate, load, collectstatic) ...",
              flush=True)
        wait_for(f"{base}/graphql/?{urlencode({'query': '{ __typename }'})}", 900, product)
        subprocess.run([PY, "manage.py", "build_mirror_snapshots", "--region", COUNTY, "--force"], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
        lists = discover()
        floor_env = {**env, "DJANGO_SETTINGS_MODULE": "cms.settings.production",
                     "DJANGO_SECRET_KEY": "bench-floor-" + "x" * 50,
                     "DJANGO_SECURE_SSL_REDIRECT": "0", "PYTHONPATH": str(ROOT)}
        floor_server = subprocess.Popen(
            [PY, "-m", "gunicorn", "bench.floor_wsgi", "--workers", str(args.workers), "--bind",
             f"127.0.0.1:{floor_port}"], cwd=ROOT, env=floor_env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_for(f"{floor}/floor/implementations/{COUNTY}/", 120, floor_server)

        cached_url = f"{base}/graphql/?{urlencode({'query': CACHED_QUERY})}"
        with urllib.request.urlopen(cached_url) as response:  # fill the cache; the second answer is a hit
            response.read()
        with urllib.request.urlopen(cached_url) as response:
            if response.headers.get("X-Tongban-Cache") != "hit":
                raise SystemExit("the public GraphQL answer is not served from the cache")
        runs = [("cached GraphQL GET", dict(url=cached_url), dict(url=f"{floor}/floor/implementations/{COUNTY}/"))]
        for target in lists:
            uncached = ["Cookie: sessionid=bench-uncached", f"Host: {target['list_host']}"]
            runs.append((f"list page, {target['entries']:,} entries",
                         dict(url=f"{base}{target['list_path']}", headers=uncached, concurrency=args.workers),
                         dict(url=f"{floor}/floor/list/{target['list_pk']}/", concurrency=args.workers)))
        runs += [
            ("county pull: snapshot", dict(url=f"{base}/mirror/{COUNTY}/snapshot.ndjson", concurrency=2),
             dict(url=f"{floor}/floor/pull/{COUNTY}/", concurrency=2)),
            ("county pull: GraphQL page of 200", dict(url=f"{base}/graphql/", post=json.dumps({"query": PULL_PAGE}),
                                                     concurrency=2, headers=["Accept: application/json"]), None),
        ]
        results = []
        for name, measured, baseline in runs:
            options = {"seconds": args.seconds, "concurrency": args.concurrency}
            result = ab(**{**options, **measured})
            floor_result = ab(**{**options, **baseline}) if baseline else None
            if result["failed"] or (floor_result and floor_result["failed"]):
                raise SystemExit(f"{name}: {result['failed']} requests failed (floor: "
                                 f"{floor_result['failed'] if floor_result else 0}); the figures would be wrong")
            results.append((name, result, floor_result))
            print(f"  measured {name}", flush=True)
    finally:
        for process in (product, floor_server):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=60)

    print(f"\nPostgreSQL + Redis + gunicorn ({args.workers} workers each), {args.seconds:.0f} s per request, "
          f"{args.concurrency} concurrent (the list pages and pulls: one per worker, {args.workers}); "
          f"the lists: {', '.join(target['list_title'] for target in lists)}")
    print(f"{'request':36} {'req/s':>9} {'p95 ms':>7} {'floor req/s':>12} {'floor p95':>10} {'p95 / floor':>12}"
          f" {'failed':>7}")
    for name, result, floor_result in results:
        floor_cells = (f"{floor_result['rps']:12.1f} {floor_result['p95']:10.0f} "
                       f"{result['p95'] / max(floor_result['p95'], 1):11.2f}×") if floor_result else f"{'':36}"
        print(f"{name:36} {result['rps']:9.1f} {result['p95']:7.0f} {floor_cells} {result['failed']:7d}")
    snapshot = next(r for n, r, _f in results if n.endswith("snapshot"))
    pull_floor = next(f for n, _r, f in results if n.endswith("snapshot"))
    print(f"\ncounty pull: snapshot / floor = {pull_floor['rps'] / snapshot['rps']:.2f}× the time per pull "
          "(target ≤ 1.5×)")
    for name, result, _floor in results:
        if name.startswith("list page"):
            print(f"{name}: p95 = {result['p95']:.0f} ms (target ≤ 100 ms for {LARGE_LIST:,} entries)")


if __name__ == "__main__":
    main()
