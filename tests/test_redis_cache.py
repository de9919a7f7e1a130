"""REDIS_URL works: Django's RedisCache, as production configures it, stores through a real redis-server.

The server is Debian's `redis-server` (bin/install-redis), started on a free loopback port in a temporary
directory with persistence off. Without the binary the test is skipped, except in CI, where it must run.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache.backends.redis import RedisCache


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server not found: install it with `sudo apt-get install redis-server` (bin/install-redis)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must test the Redis cache.")
        pytest.skip(message)
    port = free_port()
    server = subprocess.Popen(
        [binary, "--save", "", "--appendonly", "no", "--port", str(port), "--bind", "127.0.0.1"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start on port {port} (exit status {server.poll()})")
                time.sleep(0.05)
        yield url
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)


def test_redis_cache_stores_through_the_server(redis_url):
    # given: the cache exactly as cms/settings/production.py builds it from REDIS_URL
    cache = RedisCache(redis_url, {"KEY_PREFIX": "tongban"})
    direct = redis.Redis.from_url(redis_url)
    # when
    cache.set("region:511600", {"name": "广安市"}, timeout=60)
    # then: the value is read back, and it is in the server under Django's key
    assert cache.get("region:511600") == {"name": "广安市"}
    key = cache.make_key("region:511600")
    assert direct.exists(key) == 1
    assert 0 < direct.ttl(key) <= 60
    # when / then: deleting removes it from the server
    assert cache.delete("region:511600") is True
    assert direct.exists(key) == 0
    assert cache.get("region:511600") is None
    direct.close()


def test_redis_cache_entries_expire(redis_url):
    cache = RedisCache(redis_url, {})
    direct = redis.Redis.from_url(redis_url)
    cache.set("short", "值", timeout=1)
    assert cache.get("short") == "值"
    deadline = time.monotonic() + 5
    while direct.exists(cache.make_key("short")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert cache.get("short") is None
    assert direct.exists(cache.make_key("short")) == 0
    direct.close()
