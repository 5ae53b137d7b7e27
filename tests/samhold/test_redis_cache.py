"""The cache server down: pages still serve (from the database), never a 500.

CACHE_URL=redis://… selects Django's Redis backend, wrapped by samhold.redis_cache. A closed
port stands for a Redis server that is down; a private redis-server, stopped and started again,
for one that goes away and comes back.
"""

import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import override_settings

from samhold import redis_cache
from samhold.redis_cache import ResilientRedisCache

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def backend(location: str) -> ResilientRedisCache:
    return ResilientRedisCache(location, {})


def test_a_cache_server_that_is_down_answers_as_an_empty_cache(caplog):
    cache = backend(f"redis://127.0.0.1:{free_port()}/0")
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="samhold.redis_cache"):
        assert cache.get("key") is None
        assert cache.get("key", "fallback") == "fallback"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("key") is False
        cache.set("key", "value")
        assert cache.add("key", "value") is False
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.delete("key") is False
        cache.delete_many(["a", "b"])
        assert cache.incr("version:groups") == 1
        # samhold.cache's versions: a version is still had, and a bump does not fail a save.
        assert cache.get_or_set("version:groups", 1, None) == 1
        cache.clear()
    assert time.monotonic() - started < 2
    # One warning for the outage, not one per call.
    assert len(caplog.records) == 1
    assert "cannot be reached" in caplog.records[0].getMessage()


def test_after_a_failure_the_process_stops_asking_for_a_while(monkeypatch):
    cache = backend(f"redis://127.0.0.1:{free_port()}/0")
    calls = []
    original = ResilientRedisCache.__mro__[1].get

    def counting_get(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ResilientRedisCache.__mro__[1], "get", counting_get)
    for _ in range(20):
        cache.get("key")
    assert len(calls) == 1
    assert not cache.reachable()


def test_pages_serve_while_the_cache_server_is_down(client, site, places, themes):
    from tests.factories import SelfHelpGroupFactory

    group = SelfHelpGroupFactory(municipality=places["levanger"], themes=[themes["sorg"]], name="Sorggruppe i Levanger")
    down = {"default": {"BACKEND": "samhold.redis_cache.ResilientRedisCache", "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}}
    with override_settings(CACHES=down):
        for path in ("/", site.url, f"{site.url}?q=sorg", "/healthz"):
            assert client.get(path).status_code == 200, path
        assert "Sorggruppe i Levanger" in client.get(f"{site.url}?q=sorg").content.decode()
    assert group.pk


def test_cache_url_redis_selects_the_resilient_backend():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "from django.conf import settings; from django.core.cache import cache; "
        "print(settings.CACHES['default']['BACKEND']); print(cache.get('x', 'miss'))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env={**env, "CACHE_URL": f"redis://127.0.0.1:{free_port()}/0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["samhold.redis_cache.ResilientRedisCache", "miss"]


@pytest.fixture
def redis_server(tmp_path):
    """A private Redis server on a free port, which the test may stop and start again."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs redis-server")
    port = free_port()

    class Server:
        process = None

        def start(self):
            self.process = subprocess.Popen(
                [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", str(tmp_path)],
                stdout=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    return
                except OSError:
                    time.sleep(0.05)
            raise RuntimeError("redis-server did not start")

        def stop(self):
            self.process.terminate()
            self.process.wait(timeout=10)

    server = Server()
    server.location = f"redis://127.0.0.1:{port}/0"
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def test_a_cache_server_that_goes_away_and_comes_back(redis_server, monkeypatch):
    monkeypatch.setattr(redis_cache, "PAUSE_SECONDS", 0.2)
    cache = backend(redis_server.location)
    cache.set("version:groups", 1, None)
    cache.set("directory:1:page", "the page as it was")
    assert cache.get("directory:1:page") == "the page as it was"

    redis_server.stop()
    # A change while it is down: its version bump cannot reach Redis.
    assert cache.incr("version:groups") == 1
    assert cache.get("directory:1:page") is None

    redis_server.start()
    time.sleep(0.3)
    # Redis is back, and answers; but the bump was lost, so what was cached before the outage
    # must not pass for current: the cache was emptied first.
    assert cache.get("directory:1:page") is None
    assert cache.get("version:groups") is None
    cache.set("directory:1:page", "fresh")
    assert cache.get("directory:1:page") == "fresh"
    assert cache.reachable()


def test_a_working_cache_server_is_used_as_django_uses_it(redis_server):
    cache = backend(redis_server.location)
    cache.set("a", {"x": 1})
    assert cache.get("a") == {"x": 1}
    cache.set("n", 1)
    assert cache.incr("n") == 2
    with pytest.raises(ValueError):
        cache.incr("missing")
