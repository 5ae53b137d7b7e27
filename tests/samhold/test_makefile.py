"""`make run`: links in e-mail lead to the server it starts, unless SITE_URL is set."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


def site_url_given_to_runserver(tmp_path, *args, env_file: str | None = None, environ: dict | None = None) -> str:
    """Run the Makefile's `run` recipe in a copy of the project root with manage.py replaced by
    a script that prints the SITE_URL it was started with (setup is skipped)."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    if env_file is not None:
        (tmp_path / ".env").write_text(env_file)
    fake = tmp_path / "fake-manage"
    fake.write_text('#!/bin/sh\necho "$1 SITE_URL=[$SITE_URL]"\n')
    fake.chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT", "MAKEFLAGS"}}
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", "setup", "run", f"MANAGE={fake}", *args],
        cwd=tmp_path,
        env={**clean, **(environ or {})},
        capture_output=True,
        text=True,
        timeout=60,
        # The recipe ends with `kill 0` for its whole process group: not this one.
        start_new_session=True,
    )
    match = re.search(r"^runserver SITE_URL=\[(.*)\]$", result.stdout, re.MULTILINE)
    assert match, result.stdout + result.stderr
    return match.group(1)


def test_make_run_on_another_port_mails_links_to_that_port(tmp_path):
    assert site_url_given_to_runserver(tmp_path, "PORT=8010") == "http://127.0.0.1:8010"


def test_make_run_with_another_host_mails_links_to_that_host(tmp_path):
    assert site_url_given_to_runserver(tmp_path, "HOST=localhost", "PORT=8020") == "http://localhost:8020"


def test_make_run_keeps_a_site_url_from_the_environment(tmp_path):
    assert site_url_given_to_runserver(tmp_path, "PORT=8010", environ={"SITE_URL": "https://dev.example"}) == "https://dev.example"


def test_make_run_keeps_a_site_url_from_the_command_line(tmp_path):
    assert site_url_given_to_runserver(tmp_path, "PORT=8010", "SITE_URL=https://cli.example") == "https://cli.example"


def test_make_run_leaves_a_site_url_in_dot_env_to_django(tmp_path):
    # Not exported, so the settings read it from .env themselves.
    assert site_url_given_to_runserver(tmp_path, "PORT=8010", env_file="SITE_URL=https://dotenv.example\n") == ""
