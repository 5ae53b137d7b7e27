"""Browser tests: Playwright drives Debian's Chromium against Django's live server."""

import datetime
import os
import re
import shutil
from base64 import b32decode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from playwright.sync_api import expect

from groups.models import Attendance, Frequency
from tests.conftest import restore_data_migrations
from tests.factories import CountyFactory, MunicipalityFactory, SelfHelpGroupFactory, ThemeFactory, UserFactory
from tests.factories.pages import build_site, translate_site

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = os.path.join(os.path.dirname(__file__), "..", "..", "var", "screenshots")

# Playwright's sync API runs an event loop in this thread; the ORM calls in fixtures are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        # CI installs Chromium; a missing browser is a failure, never a skip.
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: apt-get install -y chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def screenshot():
    """Save a full-page PNG under var/screenshots/ for a person to look at."""
    os.makedirs(SCREENSHOTS, exist_ok=True)

    def _take(page, name):
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)

    return _take


@pytest.fixture
def axe_check():
    axe = Axe()

    def _check(page):
        results = axe.run(
            page,
            options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}},
        )
        assert results.violations_count == 0, results.generate_report()

    return _check


@pytest.fixture
def demo(transactional_db):
    """A small, realistic directory: Levanger and its neighbours, sorg and angst groups."""
    restore_data_migrations()

    directory = build_site()
    translate_site(directory)
    trondelag = CountyFactory(number="50", name="Trøndelag - Trööndelage", name_plain="Trøndelag", slug="trondelag")
    levanger = MunicipalityFactory(
        number="5037", county=trondelag, name="Levanger - Levangke", name_plain="Levanger", slug="levanger",
        latitude=63.746, longitude=11.299,
    )
    verdal = MunicipalityFactory(
        number="5038", county=trondelag, name="Verdal", name_plain="Verdal", slug="verdal",
        latitude=63.793, longitude=11.482,
    )
    sorg = ThemeFactory(name="Sorg", name_en="Grief", slug="sorg")
    angst = ThemeFactory(name="Angst", name_en="Anxiety", slug="angst")
    SelfHelpGroupFactory(
        name="Sorggruppe i Levanger", slug="sorggruppe-i-levanger", municipality=levanger, themes=[sorg],
        summary="For deg som har mistet en av dine nærmeste og vil snakke med andre som vet hvordan det er.",
        weekday=1, start_time=datetime.time(18), end_time=datetime.time(19, 30), frequency=Frequency.BIWEEKLY,
        first_meeting=datetime.date(2026, 11, 3), place="Frivilligsentralen i sentrum",
        contact=UserFactory(email="kontakt.levanger@example.org", first_name="Kari"),
    )
    SelfHelpGroupFactory(name="Sorggruppe i Verdal", municipality=verdal, themes=[sorg])
    SelfHelpGroupFactory(name="Angstgruppa Verdal", municipality=verdal, themes=[angst])
    SelfHelpGroupFactory(name="Sorg på nett", municipality=None, attendance=Attendance.ONLINE, themes=[sorg])
    return directory


PASSWORD = "et-langt-testpassord-123"  # UserFactory's


def authenticator_code(key_text: str, *, ahead: int = 0) -> str:
    """What an authenticator app shows for the key printed on the setup page (`ahead` steps
    of 30 seconds from now: each code works once, and the next one is accepted already, so a
    second login in the same half minute need not wait)."""
    key = key_text.replace(" ", "")
    return f"{totp(b32decode(key + '=' * (-len(key) % 8)), drift=ahead):06d}"


@pytest.fixture
def staff_log_in():
    """Log a staff member in to the admin as a person would: the password, then setting up an
    authenticator app from the key on the page (the first time) or a code from it."""
    keys = {}

    def _log_in(page, live_server, email, password=PASSWORD):
        page.goto(live_server.url + "/admin/login/")
        page.locator("#id_username").fill(email)
        page.locator("#id_password").fill(password)
        page.locator("form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/min-side/totrinn/"))
        if "/sett-opp/" in page.url:
            keys[email] = page.locator(".secret-key").inner_text()
            page.locator("#id_code").fill(authenticator_code(keys[email]))
            page.locator("main form.account-form button[type=submit]").click()
            page.get_by_role("link", name=re.compile("continue|fortsett", re.IGNORECASE)).click()
        else:
            page.locator("#id_code").fill(authenticator_code(keys[email], ahead=1))
            page.locator("main form.account-form button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/admin/$"))

    return _log_in
