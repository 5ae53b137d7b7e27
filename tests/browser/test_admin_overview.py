"""The coordinator's start-up overview in a real browser at desktop width: the counts, the
charts and the list, accessible."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from directory.models import County, Municipality, Theme
from facilitators.models import InterestRegistration, StartUp
from tests.factories import StartUpFactory, coordinator_for, facilitator_in


def settle(page):
    """Wait until the admin's icons are in. The browser fetches them alongside other requests;
    on the in-memory SQLite test database a concurrent session write can fail ("table is
    locked"), and Wagtail then shows the error page in place of the icons. Reload once or twice."""
    for _attempt in range(3):
        page.wait_for_load_state("networkidle")
        if page.locator("symbol#icon-warning").count():
            return
        page.reload()
    raise AssertionError("the admin's icons did not load")


def test_coordinator_overview_with_chart(browser, live_server, demo, screenshot, axe_check, staff_log_in):
    trondelag = County.objects.get(number="50")
    levanger = Municipality.objects.get(number="5037")
    verdal = Municipality.objects.get(number="5038")
    sorg = Theme.objects.get(slug="sorg")
    coordinator = coordinator_for(trondelag, email="kari.koordinator@example.org", first_name="Kari")
    fia = facilitator_in(levanger, email="fia@example.org", first_name="Fia", last_name="Berg")
    for municipality, stage in [(levanger, "planning"), (levanger, "recruiting"), (verdal, "first_meetings"),
                                (verdal, "self_running"), (levanger, "meeting_scheduled")]:
        StartUpFactory(group__municipality=municipality, group__themes=[sorg], stage=stage, facilitators=[fia])
    StartUp.objects.filter(stage="recruiting").update(stage_changed_at=timezone.now() - datetime.timedelta(weeks=9))
    now = timezone.now()
    for _ in range(3):
        registration = InterestRegistration.objects.create(
            email="x@example.org", municipality=levanger, consent_text_version="t", confirmed_at=now,
            expires_at=now + datetime.timedelta(days=300),
        )
        registration.themes.set([sorg])

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    staff_log_in(page, live_server, coordinator.email)

    page.goto(live_server.url + "/admin/oppstarter/")
    settle(page)
    chart = page.get_by_role("img", name=re.compile("Trøndelag"))
    expect(chart).to_be_visible()
    expect(page.locator("#samhold-county-counts")).to_contain_text("Trøndelag")
    expect(page.locator(".samhold-admin-flag--stale")).to_have_count(1)
    expect(page.get_by_role("img", name=re.compile("Sorg"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, "admin-overview")
    # The admin scrolls inside its main area: a second picture shows the list with the warning.
    page.locator(".samhold-admin-flag--stale").scroll_into_view_if_needed()
    screenshot(page, "admin-overview-list")
    axe_check(page)  # the whole admin page, Wagtail's chrome included
