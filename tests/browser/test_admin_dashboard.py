"""A coordinator's admin dashboard tells of applications waiting for them, in Norwegian, with the
way to them; at desktop and phone width."""

import re

from playwright.sync_api import expect

from directory.models import County, Municipality
from facilitators.consent import APPLICATION_CONSENT_VERSION
from facilitators.models import FacilitatorApplication
from tests.factories import coordinator_for


def test_the_dashboard_counts_waiting_applications_and_leads_to_them(browser, live_server, demo, screenshot, staff_log_in):
    coordinator = coordinator_for(County.objects.get(number="50"), email="kari.koordinator@example.org", first_name="Kari")
    FacilitatorApplication.objects.create(
        name="Hanne Lie", email="hanne@example.org", municipality=Municipality.objects.get(number="5037"),
        background="Samtalegrupper i mange år.", consent_text_version=APPLICATION_CONSENT_VERSION,
    )
    for width, name in ((1280, "admin-dashboard-applications"), (375, "admin-dashboard-applications-phone")):
        page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        staff_log_in(page, live_server, coordinator.email)
        page.goto(live_server.url + "/admin/")
        panel = page.locator("#facilitator-applications-section")
        expect(panel).to_contain_text("Én søknad om å bli igangsetter venter på en avgjørelse.")
        expect(page.get_by_role("link", name=re.compile("Editor Guide|editor guide"))).to_have_count(0)
        screenshot(page, name)
    panel.get_by_role("link", name="Se søknadene").click()
    expect(page.get_by_role("link", name=re.compile("Hanne Lie"))).to_be_visible()
