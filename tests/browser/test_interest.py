"""Registering interest in a group in a real browser, accessible at desktop and phone width."""

import re

from django.core import mail
from playwright.sync_api import expect

from directory.models import Municipality
from facilitators.models import InterestRegistration

BUTTON = re.compile("Meld min interesse|Register my interest")


def link_in_last_email(address, marker):
    body = [message for message in mail.outbox if address in message.to][-1].body
    line = next(line for line in body.splitlines() if marker in line)
    return line[line.index(marker):].strip()


def test_register_interest_confirm_and_manage(browser, live_server, demo, screenshot, axe_check):
    mail.outbox = []
    levanger = Municipality.objects.get(number="5037")
    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(live_server.url + "/meld-interesse/?tema=sorg&kommune=levanger")
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        expect(page.get_by_label(re.compile("^(Sorg|Grief)$"))).to_be_checked()
        expect(page.locator("#id_municipality")).to_have_value(str(levanger.pk))
        email = f"solveig{width}@example.net"
        if width == 1280:
            # Without consent: errors tied to their fields, and nothing typed is lost.
            page.locator("#id_email").fill(email)
            page.locator("#id_message").fill("Helst på kveldstid, gjerne annenhver uke.")
            page.get_by_label(re.compile("20 km")).check()
            page.get_by_role("button", name=BUTTON).click()
            expect(page.locator(".error-summary")).to_be_visible()
            expect(page.locator("#id_message")).to_have_value(re.compile("kveldstid"))
            expect(page.get_by_label(re.compile("20 km"))).to_be_checked()
            axe_check(page)
            screenshot(page, "interest-errors")
        else:
            page.locator("#id_email").fill(email)
            screenshot(page, "phone-interest")
        page.locator("#id_consent").check()
        page.get_by_role("button", name=BUTTON).click()
        expect(page.locator("h1")).to_contain_text(re.compile("e-post|e-mail"))
        axe_check(page)

        registration = InterestRegistration.objects.get(email=email)
        page.goto(live_server.url + link_in_last_email(email, "/meld-interesse/bekreft/"))
        expect(page.locator(".interest-facts")).to_contain_text(re.compile("Sorg|Grief"))
        axe_check(page)
        screenshot(page, f"interest-confirm-{width}")
        page.get_by_role("button", name=re.compile("Bekreft|Confirm")).click()
        # Confirmed: the person's own page, opened by a link of its own.
        expect(page).to_have_url(re.compile("/meld-interesse/din/"))
        expect(page.locator(".notice[role=status]")).to_contain_text(re.compile("bekreftet|confirmed"))
        registration.refresh_from_db()
        assert registration.confirmed_at is not None
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"interest-manage-{width}")
        context.close()
    assert InterestRegistration.objects.count() == 2
    assert len(mail.outbox) == 4  # for each: the link to confirm, then the confirmation
