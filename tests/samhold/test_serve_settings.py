"""The production settings as `make serve` runs them on one's own machine: plain HTTP is
accepted for a SITE_URL on this machine only, and CACHE_URL may name a Redis server."""

import json

import pytest

from tests.samhold.test_settings import PRODUCTION, run_check, run_python

LOCAL = {**PRODUCTION, "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "false"}


@pytest.mark.parametrize("site_url", ["http://127.0.0.1:8420", "http://localhost:8420", "http://[::1]:8420"])
def test_production_accepts_plain_http_for_this_machine(site_url):
    result = run_check("samhold.settings.production", {**LOCAL, "SITE_URL": site_url})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "site_url", ["http://samhold.example.no", "http://127.0.0.2:8420", "http://localhost.example.no", "ftp://localhost"]
)
def test_production_still_refuses_plain_http_anywhere_else(site_url):
    result = run_check("samhold.settings.production", {**LOCAL, "SITE_URL": site_url})
    assert result.returncode != 0
    assert "SITE_URL must be the site's https:// address" in result.stderr


def test_production_runs_with_a_redis_cache_url():
    result = run_check("samhold.settings.production", {**PRODUCTION, "CACHE_URL": "redis://127.0.0.1:6379/0"})
    assert result.returncode == 0, result.stderr


def _database_settings(env: dict) -> list:
    """The production settings' database connection settings, as a process started with `env` reads them."""
    code = (
        "import json; from django.conf import settings; d = settings.DATABASES['default']; "
        "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d.get('OPTIONS', {}).get('options', '')]))"
    )
    result = run_python(code, env, settings_module="samhold.settings.production")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_keeps_database_connections_open_and_checks_them_before_reuse():
    age, checked, options = _database_settings({**PRODUCTION, "DATABASE_URL": "postgres://u@127.0.0.1:5432/x"})
    assert (age, checked) == (60, True)
    assert "max_parallel_workers_per_gather=0" in options
    age, _, _ = _database_settings({**PRODUCTION, "DATABASE_CONN_MAX_AGE": "0"})
    assert age == 0
