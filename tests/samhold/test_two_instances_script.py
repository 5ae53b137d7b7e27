"""scripts/two_instances.py, the two-instance proof CI runs (`make two-instances`): the parts that
can be checked without starting servers. The proof itself runs in .ci/run against PostgreSQL and
Redis."""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "two_instances.py"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("two_instances", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PAGE = """
<form method="get" action="/finn-gruppe/"><input name="q" value=""></form>
<form method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <input name="name" value="Sorggruppe &amp; venner">
  <textarea name="description_text">
Første avsnitt.

Andre avsnitt.</textarea>
  <select name="status"><option value="planned">Planlagt</option><option value="open" selected>Åpen</option></select>
  <select name="weekday"><option value="">Velg</option><option value="1">Mandag</option></select>
  <select name="themes" multiple><option value="1" selected>Sorg</option><option value="2">Angst</option><option value="3" selected>Tap</option></select>
  <input type="checkbox" name="show_address" checked>
  <input type="checkbox" name="wheelchair">
  <input type="radio" name="vis" value="alle">
  <input type="radio" name="vis" value="ledige" checked>
  <input type="submit" name="save" value="Lagre">
  <input name="off" value="x" disabled>
</form>
"""


def test_a_form_is_read_as_a_browser_would_send_it(script):
    form = script.form_with(script.Response(200, [], PAGE), "description_text")
    assert script.submit_values(form, status="closed") == [
        ("csrfmiddlewaretoken", "tok"),
        ("name", "Sorggruppe & venner"),
        # The line break right after <textarea> is not part of the value.
        ("description_text", "Første avsnitt.\n\nAndre avsnitt."),
        ("weekday", ""),
        ("themes", "1"),
        ("themes", "3"),
        ("show_address", "on"),
        ("vis", "ledige"),
        ("status", "closed"),
    ]


def test_cookies_are_kept_per_host_and_forgotten_when_deleted(script):
    browser = script.Browser()
    browser._keep(script.Response(302, [("Set-Cookie", "sessionid=abc; HttpOnly; Secure; Path=/"), ("Set-Cookie", "csrftoken=t; Path=/")], ""))
    assert browser.cookies == {"sessionid": "abc", "csrftoken": "t"}
    browser._keep(script.Response(302, [("Set-Cookie", 'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/')], ""))
    assert browser.cookies == {"csrftoken": "t"}


@pytest.mark.parametrize(
    ("database_url", "cache_url", "complaint"),
    [
        ("", "redis://127.0.0.1:6379/15", "TWO_INSTANCES_DATABASE_URL"),
        ("sqlite:///x.sqlite3", "redis://127.0.0.1:6379/15", "TWO_INSTANCES_DATABASE_URL"),
        ("postgres://postgres@127.0.0.1:5432/scratch", "", "TWO_INSTANCES_CACHE_URL"),
        ("postgres://postgres@127.0.0.1:5432/scratch", "redis://127.0.0.1:6379", "TWO_INSTANCES_CACHE_URL"),
    ],
)
def test_the_proof_runs_only_on_databases_named_for_it(database_url, cache_url, complaint):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWO_INSTANCES_")}
    env.update({"TWO_INSTANCES_DATABASE_URL": database_url, "TWO_INSTANCES_CACHE_URL": cache_url})
    result = subprocess.run([sys.executable, str(SCRIPT)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert complaint in result.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
def test_make_two_instances_asks_for_both_databases(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWO_INSTANCES_") and k != "MAKEFLAGS"}
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.requirements-installed", "two-instances"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "Usage: make two-instances TWO_INSTANCES_DATABASE_URL=" in result.stderr
