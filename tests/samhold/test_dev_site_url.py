"""In development, links in e-mail lead to the address the site is served on: SITE_URL when it is
set, else the HOST and PORT `make run` gives the server and the task worker."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from samhold.settings.dev import development_site_url

ROOT = Path(__file__).resolve().parents[2]


def link_in_an_email(environ: dict) -> str:
    """The absolute link an e-mail would carry, from a process started like the task worker
    (the development settings, this environment; any SITE_URL in .env is overridden by it)."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT", "DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from samhold.http import absolute_url; print(absolute_url('/meld-interesse/'))",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "samhold.settings.dev", "SITE_URL": "", **environ},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_without_site_url_email_links_lead_to_the_port_the_site_is_served_on():
    assert link_in_an_email({"PORT": "8010"}) == "http://127.0.0.1:8010/meld-interesse/"


def test_without_anything_set_email_links_lead_to_the_default_address():
    assert link_in_an_email({}) == "http://127.0.0.1:8000/meld-interesse/"


def test_a_site_url_that_is_set_wins_over_the_port():
    assert link_in_an_email({"PORT": "8010", "SITE_URL": "https://dev.example"}) == "https://dev.example/meld-interesse/"


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("", "", "http://127.0.0.1:8000"),
        ("localhost", "8020", "http://localhost:8020"),
        ("0.0.0.0", "8000", "http://localhost:8000"),
        ("::1", "8000", "http://[::1]:8000"),
        ("::", "8001", "http://localhost:8001"),
    ],
)
def test_the_address_is_one_a_browser_on_this_machine_opens(host, port, expected):
    assert development_site_url(site_url="", host=host, port=port) == expected


def test_a_site_url_is_kept_as_it_is_given():
    assert development_site_url(site_url=" https://dev.example ", host="localhost", port="8020") == "https://dev.example"
