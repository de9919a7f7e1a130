"""The product served as in production: gunicorn with two worker processes, Redis as the shared cache, a
public GraphQL answer cached across the workers and missed again after an edit in another process.

Uses a SQLite file (the serving processes and the editing process share it); PostgreSQL is exercised by
the rest of the suite. redis-server as in tests/test_redis_cache.py.
"""

import json
import secrets
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.test_redis_cache import free_port, redis_url  # noqa: F401 (the fixture)

ROOT = Path(__file__).resolve().parents[1]
COUNTY = '{ implementations(regionCode: "511602") { totalCount edges { node { visitCount } } } }'
SIBLING = '{ implementations(regionCode: "511603") { totalCount } }'

SEED = """
from tests.factories import CatalogItemFactory, DepartmentFactory, ImplementationFactory, make_region
province = make_region("510000", "四川省", "province")
city = make_region("511600", "广安市", "city", province)
for code, name in (("511602", "广安区"), ("511603", "前锋区")):
    county = make_region(code, name, "county", city)
    ImplementationFactory(catalog_item=CatalogItemFactory(region=county, name=name + "事项"), region=county,
                          department=DepartmentFactory(region=county), visit_count=1)
"""
EDIT = """
from config_models.models import Implementation
from config_models.services.implementation import implementation_save
row = Implementation.objects.get(region__code="511602")
row.visit_count = 2
implementation_save(implementation=row)
"""


@pytest.fixture
def served(tmp_path, redis_url):  # noqa: F811
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0", "REDIS_URL": redis_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    def manage(*args, stdin=None):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=stdin, text=True,
                       check=True, capture_output=True, timeout=300)

    manage("migrate", "--noinput", "--verbosity", "0")
    manage("shell", stdin=SEED)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cms.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}/graphql/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": "{ __typename }"}), timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start: {server.stderr.read() if server.poll() is not None else ''}")
                time.sleep(0.2)
        yield url, manage
    finally:
        server.terminate()
        server.wait(timeout=20)


def get(url, query):
    with urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": query}), timeout=10) as response:
        return response.headers.get("X-Tongban-Cache"), response.headers.get("ETag"), json.loads(response.read())


def test_a_public_answer_is_cached_across_workers_and_an_edit_misses_it(served):
    url, manage = served

    # two workers answer in turn: after the first miss, every one finds the answer in Redis
    first = get(url, COUNTY)
    again = [get(url, COUNTY) for _ in range(4)]
    sibling = get(url, SIBLING)
    assert first[0] == "miss" and {status for status, _etag, _body in again} == {"hit"}
    assert {etag for _status, etag, _body in again} == {first[1]}

    manage("shell", stdin=EDIT)  # another process edits, through the service

    after = get(url, COUNTY)
    assert after[0] == "miss" and after[1] != first[1]
    assert after[2]["data"]["implementations"]["edges"][0]["node"]["visitCount"] == 2
    assert get(url, SIBLING)[:2] == ("hit", sibling[1])  # nothing the sibling county reads changed
