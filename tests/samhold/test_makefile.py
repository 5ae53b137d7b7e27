"""`make run`: the server and the task worker learn the address it serves on (the development
settings build e-mail links from it unless SITE_URL is set), the demo accounts are printed after
the server's start-up lines, and Ctrl+C stops everything it started."""

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")

# A manage.py stand-in: prints what each command was started with; the server "starts" (prints
# its start-up line) and then serves until it is stopped, like runserver.
FAKE_MANAGE = """#!/bin/sh
echo "$1 HOST=[$HOST] PORT=[$PORT] SITE_URL=[$SITE_URL]"
case "$1" in
  runserver) echo "Starting development server"; exec sleep 30 ;;
  demo_accounts) sleep 0.3; echo "DEMO ACCOUNTS $3" ;;
  db_worker) exec sleep 30 ;;
esac
"""


def start_make(tmp_path, argv: list[str], environ: dict) -> subprocess.Popen:
    """`make ARGV` in tmp_path, in a session of its own, as a terminal would start it."""
    return subprocess.Popen(
        ["make", "--no-print-directory", *argv],
        cwd=tmp_path,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # The recipe stops its own jobs by their PIDs, but start it as a terminal would. A shell
        # cannot trap a signal it was started with ignored, so give it Ctrl+C as a terminal does.
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def make_run(tmp_path, *args, environ: dict | None = None) -> subprocess.Popen:
    """Start the Makefile's `run` recipe in a copy of the project root with manage.py replaced
    by the stand-in (setup is skipped)."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    fake = tmp_path / "fake-manage"
    fake.write_text(FAKE_MANAGE)
    fake.chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT", "MAKEFLAGS"}}
    return start_make(tmp_path, ["-o", "setup", "run", f"MANAGE={fake}", *args], {**clean, **(environ or {})})


def run_until_accounts_printed(tmp_path, *args, environ: dict | None = None) -> str:
    process = make_run(tmp_path, *args, environ=environ)
    lines = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("DEMO ACCOUNTS"):
                break
        os.killpg(process.pid, signal.SIGINT)  # Ctrl+C
        rest, _ = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return "".join(lines) + rest


def started_with(output: str, command: str) -> dict:
    match = re.search(rf"^{command} HOST=\[(.*)\] PORT=\[(.*)\] SITE_URL=\[(.*)\]$", output, re.MULTILINE)
    assert match, output
    return dict(zip(("HOST", "PORT", "SITE_URL"), match.groups(), strict=True))


def living_in_group(pgid: int) -> list[str]:
    """Processes of the group that still run (a finished one may linger unreaped as a zombie)."""
    living = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        state, _ppid, group = text[text.rindex(")") + 2 :].split()[:3]
        if int(group) == pgid and state != "Z":
            living.append(text)
    return living


def test_make_run_tells_the_server_and_the_worker_its_port(tmp_path):
    output = run_until_accounts_printed(tmp_path, "PORT=8010")
    for command in ("runserver", "db_worker", "demo_accounts"):
        assert started_with(output, command) == {"HOST": "127.0.0.1", "PORT": "8010", "SITE_URL": ""}, command


def test_make_run_with_another_host_tells_them_that_host(tmp_path):
    output = run_until_accounts_printed(tmp_path, "HOST=localhost", "PORT=8020")
    assert started_with(output, "db_worker") == {"HOST": "localhost", "PORT": "8020", "SITE_URL": ""}
    assert "DEMO ACCOUNTS localhost:8020" in output


@pytest.mark.parametrize(
    ("args", "environ", "expected"),
    [
        ((), {"SITE_URL": "https://dev.example"}, "https://dev.example"),
        (("SITE_URL=https://cli.example",), {}, "https://cli.example"),
    ],
)
def test_make_run_passes_a_site_url_that_is_set_on_unchanged(tmp_path, args, environ, expected):
    output = run_until_accounts_printed(tmp_path, "PORT=8010", *args, environ=environ)
    assert started_with(output, "db_worker")["SITE_URL"] == expected


def test_make_run_prints_the_demo_accounts_after_the_server_started_and_ctrl_c_stops_everything(tmp_path):
    process = make_run(tmp_path, "PORT=8030")
    try:
        lines = []
        while not lines or not lines[-1].startswith("DEMO ACCOUNTS"):
            line = process.stdout.readline()
            assert line, "".join(lines)
            lines.append(line)
        output = "".join(lines)
        assert output.index("Starting development server") < output.index("DEMO ACCOUNTS 127.0.0.1:8030")
        assert process.poll() is None, "make run ended while its server still serves"

        os.killpg(process.pid, signal.SIGINT)
        process.communicate(timeout=10)
        time.sleep(0.2)
        assert living_in_group(process.pid) == []
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
