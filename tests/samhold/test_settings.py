"""Settings: production refuses to start without its variables; development needs none."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What the tests decide about, and what the browser tests set in this process (which must
# not reach a deployment check); anything else is inherited from the machine running them.
OWN = {
    "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG", "SITE_URL", "SAMHOLD_TRUSTED_PROXY_COUNT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}

PRODUCTION = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "samhold.example.no",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/samhold",
    "SITE_URL": "https://samhold.example.no",
    "SAMHOLD_TRUSTED_PROXY_COUNT": "1",
}


def run_django(argv: list[str], settings_module: str, env: dict, *, strip=OWN) -> subprocess.CompletedProcess:
    """Python with `argv` in a process of its own under `settings_module`, with `env` and without
    the variables in `strip` (which the test decides about) from this process's environment."""
    clean = {k: v for k, v in os.environ.items() if k not in strip and k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, *argv],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_check(settings_module: str, env: dict, *args: str) -> subprocess.CompletedProcess:
    return run_django(["manage.py", "check", *args], settings_module, env)


def run_python(code: str, env: dict, *, settings_module="samhold.settings.dev", strip=OWN) -> subprocess.CompletedProcess:
    """`code` run after django.setup() (see run_django)."""
    return run_django(["-c", "import django; django.setup(); " + code], settings_module, env, strip=strip)


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SAMHOLD_TRUSTED_PROXY_COUNT", "SITE_URL"]
)
def test_production_refuses_to_start_without_its_variables(missing):
    env = dict(PRODUCTION)
    env.pop(missing)
    result = run_check("samhold.settings.production", env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_production_refuses_an_empty_proxy_count_as_not_said():
    result = run_check("samhold.settings.production", {**PRODUCTION, "SAMHOLD_TRUSTED_PROXY_COUNT": ""})
    assert result.returncode != 0
    assert "SAMHOLD_TRUSTED_PROXY_COUNT must be set" in result.stderr


@pytest.mark.parametrize("count", ["-1", "1.5", "one", "0x1"])
def test_production_refuses_a_proxy_count_that_is_not_a_whole_number_of_0_or_more(count):
    result = run_check("samhold.settings.production", {**PRODUCTION, "SAMHOLD_TRUSTED_PROXY_COUNT": count})
    assert result.returncode != 0
    assert "SAMHOLD_TRUSTED_PROXY_COUNT must be a whole number" in result.stderr


def test_production_accepts_a_proxy_count_of_0_when_it_is_said():
    result = run_check("samhold.settings.production", {**PRODUCTION, "SAMHOLD_TRUSTED_PROXY_COUNT": "0"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "site_url",
    [
        "http://samhold.example.no",
        "samhold.example.no",
        "https://",
        "https://samhold.example.no/finn-gruppe/",
        "https://samhold.example.no?x=1",
        "https://user@samhold.example.no",
        " https://samhold.example.no",
    ],
)
def test_production_refuses_a_site_url_that_is_not_an_https_address(site_url):
    result = run_check("samhold.settings.production", {**PRODUCTION, "SITE_URL": site_url})
    assert result.returncode != 0
    assert "SITE_URL must be the site's https:// address" in result.stderr


def test_production_starts_with_every_variable_set():
    result = run_check("samhold.settings.production", {**PRODUCTION, "SITE_URL": "https://samhold.example.no/"})
    assert result.returncode == 0, result.stderr


def test_development_runs_with_no_environment_at_all():
    result = run_check("samhold.settings.dev", {})
    assert result.returncode == 0, result.stderr


def test_development_refuses_a_proxy_count_that_is_not_a_whole_number():
    result = run_check("samhold.settings.dev", {"SAMHOLD_TRUSTED_PROXY_COUNT": "-1"})
    assert result.returncode != 0
    assert "SAMHOLD_TRUSTED_PROXY_COUNT must be a whole number" in result.stderr


def test_production_passes_djangos_deployment_checks_without_a_warning(tmp_path):
    import secrets

    env = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "samhold.example.no",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'samhold.sqlite3'}",
        "SITE_URL": "https://samhold.example.no",
        "SAMHOLD_TRUSTED_PROXY_COUNT": "1",
    }
    result = run_check("samhold.settings.production", env, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_without_a_cache_server_shares_one_cache_between_its_processes(tmp_path):
    """gunicorn's workers and the task worker are processes of their own: a version bumped in one
    (a page published, a group saved) must be the version every other one reads."""
    env = {**PRODUCTION, "SAMHOLD_CACHE_DIR": str(tmp_path / "cache")}
    strip = OWN | {"CACHE_URL"}
    write = run_python(
        "from samhold.cache import cache_version_bump, cache_version; cache_version_bump('pages'); "
        "cache_version_bump('pages'); print(cache_version('pages'))",
        env, settings_module="samhold.settings.production", strip=strip,
    )
    assert write.returncode == 0, write.stderr
    read = run_python(
        "from django.core.cache import caches; from samhold.cache import cache_version; "
        "print(type(caches['default']).__name__, cache_version('pages'))",
        env, settings_module="samhold.settings.production", strip=strip,
    )
    assert read.returncode == 0, read.stderr
    assert read.stdout.split() == ["MachineFileCache", write.stdout.strip()]
