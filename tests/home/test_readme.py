"""The README is for a newcomer with this repository only: every file it names is in it, and it
names what `make run` gives them (the demo accounts, PORT, SITE_URL)."""

import re
from pathlib import Path

from home.demo import DEMO_ACCOUNTS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Made by running the project, never committed.
GENERATED = ("var/", "media/", "staticfiles/", ".venv/")
# Absolute paths on a machine, as opposed to the site's own URL paths (/min-side/, /admin/).
MACHINE_ROOTS = ("/work", "/home", "/tmp", "/usr", "/etc", "/root", "/var", "/opt", "/srv", "~")
# The production server's layout that deploy/ sets up and the Production section describes.
SERVER_LAYOUT = ("/srv/samhold", "/etc/samhold/", "/run/samhold/", "/etc/systemd/system/")


def code_spans() -> list[str]:
    return [token.strip("(),;") for span in re.findall(r"`([^`\n]+)`", README) for token in span.split()]


def test_every_file_the_readme_names_is_in_the_repository():
    top_level = {path.name for path in ROOT.iterdir()}
    named = [
        token.split("::")[0]
        for token in code_spans()
        if "/" in token and "://" not in token and not token.startswith("/") and token.split("/")[0] in top_level
    ]
    assert len(named) > 20, named  # the check reads the README as meant
    missing = [path for path in named if not path.startswith(GENERATED) and not (ROOT / path).exists()]
    assert missing == []


def test_the_readme_points_nowhere_outside_the_repository():
    outside = [
        token
        for token in code_spans()
        if ".." in token.split("/") or (token.startswith(MACHINE_ROOTS) and not token.startswith(SERVER_LAYOUT))
    ]
    assert outside == []
    links = re.findall(r"\]\(([^)]+)\)", README)
    assert [link for link in links if not link.startswith(("http://", "https://", "#")) and not (ROOT / link).exists()] == []


def test_the_readme_names_the_demo_accounts_the_port_and_the_site_url():
    for account in DEMO_ACCOUNTS:
        assert f"`{account.email}`" in README, account.email
    assert "`PORT`" in README and "`SITE_URL`" in README and "make run PORT=8010" in README
    assert "demo_accounts" in README
