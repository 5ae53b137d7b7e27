"""`make serve`: the production settings for every process it starts, the database migrated and
the static files collected before gunicorn starts, HOST and PORT respected, and Ctrl+C (or
gunicorn failing to start) stops everything it started. gunicorn's own settings
(deploy/gunicorn.conf.py): workers from the cores, the address from HOST and PORT."""

import contextlib
import os
import runpy
import shutil
import signal
import time
from pathlib import Path

import pytest

from tests.samhold.test_makefile import living_in_group, start_make

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")

FAKE_MANAGE = """#!/bin/sh
echo "manage $1 [$DJANGO_SETTINGS_MODULE]"
case "$1" in
  db_worker) exec sleep 30 ;;
esac
"""

# gunicorn's stand-in: says where it would listen, then serves until stopped, or fails at once
# (port taken) when FAIL is set.
FAKE_GUNICORN = """#!/bin/sh
echo "gunicorn $* [$DJANGO_SETTINGS_MODULE] HOST=[$HOST] PORT=[$PORT]"
[ -n "$FAIL" ] && { echo "Connection in use"; exit 1; }
echo "Listening"
exec sleep 30
"""


@contextlib.contextmanager
def make_serve(tmp_path, *args, environ: dict | None = None):
    """The Makefile's `serve` recipe in a copy of the project root, with manage.py and gunicorn
    replaced by stand-ins (the venv is taken as installed); whatever is left is killed after."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for name, text in (("fake-manage", FAKE_MANAGE), ("fake-gunicorn", FAKE_GUNICORN)):
        (tmp_path / name).write_text(text)
        (tmp_path / name).chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if k not in {"HOST", "PORT", "MAKEFLAGS", "DJANGO_SETTINGS_MODULE"}}
    argv = ["-o", ".venv/.requirements-installed", "serve", f"MANAGE={tmp_path / 'fake-manage'}",
            f"GUNICORN={tmp_path / 'fake-gunicorn'}", *args]
    process = start_make(tmp_path, argv, {**clean, **(environ or {})})
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def read_until(process, *markers: str) -> str:
    """The output up to the point every marker has begun a line (the worker and gunicorn start
    side by side, so either may speak first)."""
    lines, waiting = [], set(markers)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        assert line, "".join(lines)
        lines.append(line)
        waiting = {marker for marker in waiting if not line.startswith(marker)}
        if not waiting:
            return "".join(lines)
    raise AssertionError("".join(lines))


def test_make_serve_prepares_the_database_and_static_files_then_serves_until_ctrl_c(tmp_path):
    with make_serve(tmp_path, "PORT=8420", "HOST=0.0.0.0") as process:
        output = read_until(process, "Listening", "manage db_worker")
        steps = [line.split()[1] for line in output.splitlines() if line.startswith("manage ")]
        assert steps[:4] == ["migrate", "load_geography", "load_themes", "collectstatic"]
        assert "db_worker" in steps
        for line in output.splitlines():
            if line.startswith(("manage ", "gunicorn ")):
                assert "[samhold.settings.production]" in line, line
        assert "gunicorn --config deploy/gunicorn.conf.py [samhold.settings.production] HOST=[0.0.0.0] PORT=[8420]" in output
        assert process.poll() is None

        os.killpg(process.pid, signal.SIGINT)  # Ctrl+C
        process.communicate(timeout=10)
        time.sleep(0.2)
        assert living_in_group(process.pid) == []


def test_make_serve_stops_the_worker_too_when_gunicorn_cannot_start(tmp_path):
    with make_serve(tmp_path, "PORT=8420", environ={"FAIL": "1"}) as process:
        output = read_until(process, "Connection in use")
        assert process.wait(timeout=60) != 0
        # Whatever it had started is gone soon after (a loaded machine may take a moment).
        deadline = time.monotonic() + 10
        while living_in_group(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert living_in_group(process.pid) == []
        assert "gunicorn" in output


def test_make_serve_stops_everything_when_make_alone_is_sent_term(tmp_path):
    """As a supervisor or `kill PID` would stop it: make passes TERM on to the recipe's shell only,
    which must then stop gunicorn as well as the worker and housekeeping."""
    with make_serve(tmp_path, "PORT=8420") as process:
        read_until(process, "Listening", "manage db_worker")
        os.kill(process.pid, signal.SIGTERM)
        assert process.wait(timeout=30) != 0
        deadline = time.monotonic() + 10
        while living_in_group(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert living_in_group(process.pid) == []


def gunicorn_settings(monkeypatch, **environ) -> dict:
    for name in ("HOST", "PORT", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))


def test_gunicorn_listens_on_host_and_port_with_workers_from_the_cores(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2})
    config = gunicorn_settings(monkeypatch, HOST="127.0.0.1", PORT="8420")
    assert config["bind"] == ["127.0.0.1:8420"]
    assert config["workers"] == 7
    assert config["wsgi_app"] == "samhold.wsgi:application"
    assert config["accesslog"] is None  # paths can hold private-link tokens
    assert config["control_socket_disable"] is True  # two instances on one machine


def test_gunicorn_defaults_and_overrides(monkeypatch):
    assert gunicorn_settings(monkeypatch)["bind"] == ["127.0.0.1:8000"]
    assert gunicorn_settings(monkeypatch, HOST="::1", PORT="8421")["bind"] == ["[::1]:8421"]
    assert gunicorn_settings(monkeypatch, WEB_CONCURRENCY="2")["workers"] == 2
