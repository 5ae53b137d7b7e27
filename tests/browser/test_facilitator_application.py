"""Applying to become a facilitator, in a real browser, accessible at desktop and phone width."""

import re

from django.core import mail
from playwright.sync_api import expect

from directory.models import Municipality
from facilitators.models import FacilitatorApplication


def test_apply_to_become_a_facilitator(browser, live_server, demo, screenshot, axe_check):
    mail.outbox = []
    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(live_server.url + "/min-side/bli-igangsetter/")
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 1280:
            # Sending without consent shows errors tied to their fields, and keeps the text.
            page.locator("#id_name").fill("Kari Nordmann")
            page.locator("#id_email").fill("kari@example.org")
            page.select_option("#id_municipality", value=str(Municipality.objects.get(number="5037").pk))
            page.locator("#id_background").fill("Jeg har vært med i en sorggruppe selv og vil gjerne hjelpe andre i gang.")
            page.get_by_role("button", name=re.compile("Send søknad|Send application")).click()
            expect(page.locator(".error-summary")).to_be_visible()
            expect(page.locator("#id_background")).to_have_value(re.compile("sorggruppe"))
            axe_check(page)
            screenshot(page, "application-errors")
            page.locator("#id_consent").check()
            page.get_by_role("button", name=re.compile("Send søknad|Send application")).click()
            expect(page.locator("h1")).to_contain_text(re.compile("Takk|Thank you"))
            axe_check(page)
        else:
            screenshot(page, "phone-application")
        context.close()
    application = FacilitatorApplication.objects.get()
    assert application.status == "pending"
    assert any("kari@example.org" in message.to for message in mail.outbox)
