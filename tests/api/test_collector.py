"""The garbage collector under concurrent load: API requests never switch it off (the pause is the snapshot
builder's alone, in the worker), so overlapping requests in a threaded server cannot keep it off; a snapshot
build switches it back on when it ends, also when it fails."""

import gc
import threading

import pytest
from django.db import connections
from django.test import Client

from cms.api import snapshot
from cms.api.snapshot import SnapshotFailed, build_snapshot
from tests.api.conftest import bulk_implementations

PULL = """query($code: String!) { implementations(regionCode: $code, includeDescendants: true, first: 200) {
  edges { node { id name materials { name } } } } }"""


@pytest.mark.django_db(transaction=True)
def test_overlapping_requests_leave_the_collector_on(regions):
    bulk_implementations(regions, 150, materials=4)
    disabled, failures, done = [], [], threading.Event()
    real_disable = gc.disable

    def pull():
        client = Client(headers={"Accept": "application/graphql-response+json"})
        try:
            for _ in range(4):
                response = client.post("/graphql/", {"query": PULL, "variables": {"code": regions["county"].code}},
                                       content_type="application/json")
                if response.status_code != 200 or len(response.json()["data"]["implementations"]["edges"]) != 150:
                    failures.append(response.status_code)
        finally:
            connections.close_all()

    def watch():
        while not done.is_set():
            if not gc.isenabled():
                disabled.append(True)

    def spy():
        disabled.append("gc.disable() called")
        real_disable()

    gc.disable = spy
    watcher = threading.Thread(target=watch)
    workers = [threading.Thread(target=pull) for _ in range(4)]
    try:
        watcher.start()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        done.set()
        watcher.join()
        gc.disable = real_disable
    assert failures == []
    assert disabled == []
    assert gc.isenabled()


def test_a_failed_snapshot_build_switches_the_collector_back_on(regions, monkeypatch):
    def refuse(*args, **kwargs):
        assert not gc.isenabled()  # paused while building
        raise SnapshotFailed("CountyRegions: refused")

    monkeypatch.setattr(snapshot, "_rows", refuse)
    with pytest.raises(SnapshotFailed):
        build_snapshot(regions["county"])
    assert gc.isenabled()
