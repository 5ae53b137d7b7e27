"""Two-factor login in a real browser: a coordinator's password alone does not open the admin;
they set up an authenticator app from the key on the page, save their recovery codes, and
from then on give a code after the password."""

import re
import time

from playwright.sync_api import expect

from directory.models import County
from tests.browser.conftest import PASSWORD, authenticator_code
from tests.factories import coordinator_for


def test_password_alone_does_not_open_the_admin_and_the_code_does(
    browser, live_server, demo, screenshot, axe_check
):
    coordinator = coordinator_for(County.objects.get(number="50"), email="kari.koordinator@example.org")
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()

    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(coordinator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/min-side/totrinn/sett-opp/"))
    # Straight to the admin, or to a page inside it: back to setting up the app.
    for path in ("/admin/", "/admin/oppstarter/", "/admin/users/"):
        page.goto(live_server.url + path)
        expect(page).to_have_url(re.compile(r"/min-side/totrinn/sett-opp/"))
    expect(page.locator(".qr-code svg")).to_be_visible()
    screenshot(page, "two-factor-setup")
    axe_check(page)

    key = page.locator(".secret-key").inner_text()
    page.locator("#id_code").fill("000000")
    page.locator("main form.account-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    page.goto(live_server.url + "/admin/")
    expect(page).to_have_url(re.compile(r"/min-side/totrinn/sett-opp/"))

    time.sleep(2)  # after a wrong code the app is not asked again for a moment
    page.locator("#id_code").fill(authenticator_code(key))
    page.locator("main form.account-form button[type=submit]").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    screenshot(page, "two-factor-recovery-codes")
    axe_check(page)
    page.get_by_role("link", name=re.compile("fortsett|continue", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # Log out; the next login asks for the code after the password.
    page.goto(live_server.url + "/min-side/")
    page.get_by_role("button", name=re.compile("Logg ut|Log out")).last.click()
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(coordinator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/min-side/totrinn/kode/"))
    page.goto(live_server.url + "/admin/oppstarter/")
    expect(page).to_have_url(re.compile(r"/min-side/totrinn/kode/"))
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    phone_page = phone.new_page()
    phone_page.goto(page.url)  # a fresh browser: the login page, not the code page
    expect(phone_page).to_have_url(re.compile(r"/min-side/logg-inn/"))
    page.set_viewport_size({"width": 360, "height": 740})
    screenshot(page, "two-factor-code-phone")
    axe_check(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#id_code").fill(authenticator_code(key, ahead=1))  # the setup's code works only once
    page.locator("main form.account-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/oppstarter/$"))
