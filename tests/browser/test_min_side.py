"""A group contact logs in to Min side on a phone-sized screen, in a real browser."""

import re

from playwright.sync_api import expect

PASSWORD = "et-langt-testpassord-123"  # UserFactory's


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_group_contact_logs_in_through_the_form_and_sees_their_group(
    page, live_server, demo, screenshot, axe_check
):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server.url + "/min-side/")
    expect(page).to_have_url(re.compile(r"/min-side/logg-inn/\?next=/min-side/$"))
    axe_check(page)
    assert fits_the_screen(page)
    screenshot(page, "min-side-login")

    # A wrong password first: the error summary and the field state pass axe too.
    page.locator("#id_username").fill("kontakt.levanger@example.org")
    page.locator("#id_password").fill("feil-passord-123456")
    page.get_by_role("button", name=re.compile("Logg inn|Log in")).click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_password")).to_have_value("")
    axe_check(page)
    screenshot(page, "min-side-login-error")

    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Logg inn|Log in")).click()
    expect(page).to_have_url(re.compile(r"/min-side/$"))
    expect(page.locator("h1")).to_have_text("Min side")
    expect(page.locator(".group-card")).to_have_count(1)
    expect(page.locator(".group-card")).to_contain_text("Sorggruppe i Levanger")
    axe_check(page)
    assert fits_the_screen(page)
    screenshot(page, "min-side")

    page.get_by_role("button", name=re.compile("Logg ut|Log out")).click()
    expect(page).to_have_url(re.compile(r"/min-side/logg-inn/$"))
    page.goto(live_server.url + "/min-side/")
    expect(page).to_have_url(re.compile(r"/min-side/logg-inn/"))
