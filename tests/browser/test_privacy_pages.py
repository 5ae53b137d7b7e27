"""The privacy statement, the "see or delete" page and the two-factor pages a facilitator opens,
read as a person would: accessible, in Norwegian and English, on a phone."""

import re

from playwright.sync_api import expect

from home.services import site_pages_ensure


def test_privacy_statement_and_my_links_are_accessible_on_a_phone(browser, live_server, demo, screenshot, axe_check):
    site_pages_ensure()
    for width, path in ((360, "/personvern/"), (1280, "/en/privacy/")):
        page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        page.goto(live_server.url + path)
        expect(page.locator("#data-interest")).to_be_visible()
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"privacy-{width}")
        page.get_by_role("link", name=re.compile("Se eller slett det vi har lagret om deg|See or delete what we hold")).first.click()
        expect(page.locator("h1")).to_contain_text(re.compile("Se eller slett|See or delete"))
        page.locator("#id_email").fill("noen@example.net")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("h1")).to_contain_text(re.compile("e-post|e-mail"))
        axe_check(page)
        screenshot(page, f"my-links-sent-{width}")
