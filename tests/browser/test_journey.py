"""A person finds a group about sorg near Levanger and contacts it, in a real browser."""

import re

from django.core import mail
from playwright.sync_api import expect


def test_search_open_group_and_send_a_message(page, live_server, demo, screenshot, axe_check):
    mail.outbox = []
    page.goto(live_server.url + "/")
    axe_check(page)
    screenshot(page, "home")

    page.get_by_role("link", name=re.compile("Finn selvhjelpsgruppe|Find a self-help group")).first.click()
    page.select_option("#id_kommune", "5037")
    page.get_by_label(re.compile(r"^Sorg")).check()
    page.get_by_role("button", name=re.compile("Vis grupper|Show groups")).click()
    expect(page.locator(".group-card").first).to_contain_text("Sorggruppe i Levanger")
    axe_check(page)
    screenshot(page, "directory-results")

    page.get_by_role("link", name="Sorggruppe i Levanger").click()
    expect(page.locator("h1")).to_have_text("Sorggruppe i Levanger")
    axe_check(page)
    screenshot(page, "group-page")

    # Send without consent first: the errors are tied to their fields and nothing is lost.
    page.locator("#id_name").fill("Ola")
    page.locator("#id_email").fill("ola@example.net")
    page.locator("#id_message").fill("Hei! Jeg mistet mamma i sommer og lurer på om dere har plass.")
    page.locator("form[method=post] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_message")).to_have_value("Hei! Jeg mistet mamma i sommer og lurer på om dere har plass.")
    axe_check(page)
    screenshot(page, "contact-errors")

    page.locator("#id_consent").check()
    page.locator("form[method=post] button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text(re.compile("Takk|Thank you"))
    screenshot(page, "contact-thanks")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kontakt.levanger@example.org"]
    assert mail.outbox[0].reply_to == ["ola@example.net"]
    assert "mistet mamma" in mail.outbox[0].body


def test_empty_result_is_accessible_and_offers_a_next_step(page, live_server, demo, screenshot, axe_check):
    page.goto(live_server.url + "/finn-gruppe/?kommune=5037&tema=angst&oppmote=in_person&dag=6")
    expect(page.locator(".empty")).to_be_visible()
    axe_check(page)
    screenshot(page, "empty-result")


def test_no_request_leaves_the_site_and_no_cookies_but_csrf(page, live_server, demo):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ["/", "/finn-gruppe/", "/finn-gruppe/trondelag/levanger/", "/finn-gruppe/trondelag/levanger/sorggruppe-i-levanger/", "/en/find-a-group/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    assert requests
    outside = [url for url in requests if not url.startswith(live_server.url)]
    assert outside == []
    cookies = {cookie["name"] for cookie in page.context.cookies()}
    assert cookies <= {"csrftoken"}


def test_phone_sized_viewport_has_no_horizontal_scroll(browser, live_server, demo, screenshot, axe_check):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    for name, path in [("phone-directory", "/finn-gruppe/?kommune=5037"), ("phone-group", "/finn-gruppe/trondelag/levanger/sorggruppe-i-levanger/")]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
        axe_check(page)
        screenshot(page, name)
    context.close()


def test_english_version_and_language_switch(page, live_server, demo, axe_check):
    page.goto(live_server.url + "/finn-gruppe/trondelag/levanger/")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert "/en/find-a-group/trondelag/levanger/" in page.url
    axe_check(page)
