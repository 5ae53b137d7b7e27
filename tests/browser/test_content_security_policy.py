"""The Content-Security-Policy enforced in a real browser: the public site and the Wagtail admin
(editing a group, its preview, the page editor, a chooser) work without one violation.

This is how the admin's policy in samhold/middleware.py was found; when Wagtail changes, this
test tells what the policy must allow.
"""

import re

import pytest
from playwright.sync_api import expect

from groups.models import SelfHelpGroup
from home.models import ContentPage, HomePage
from samhold.middleware import ADMIN_CSP, PUBLIC_CSP
from tests.factories import UserFactory


@pytest.fixture
def violations():
    """Console messages about the policy, from every page and frame the browser shows."""
    found = []

    def _watch(page):
        def _console(message):
            if "Content Security Policy" in message.text:
                found.append(f"{page.url}: {message.text}")

        page.on("console", _console)
        return page

    _watch.found = found
    return _watch


def test_the_public_site_works_under_its_policy(browser, live_server, demo, violations):
    page = violations(browser.new_context(viewport={"width": 1280, "height": 900}).new_page())
    response = page.goto(live_server.url + "/")
    assert response.headers["content-security-policy"] == PUBLIC_CSP
    page.get_by_role("link", name=re.compile("Finn selvhjelpsgruppe")).first.click()
    page.select_option("#id_kommune", "5037")
    page.get_by_role("button", name=re.compile("Vis grupper")).click()
    page.get_by_role("link", name="Sorggruppe i Levanger").click()
    expect(page.locator("h1")).to_have_text("Sorggruppe i Levanger")
    page.locator("#id_name").fill("Ola")
    page.locator("#id_email").fill("ola@example.net")
    page.locator("#id_message").fill("Hei! Jeg mistet mamma i sommer og lurer på om dere har plass.")
    page.locator("#id_consent").check()
    page.locator("form[method=post] button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Takk")
    for path in ["/en/", "/min-side/logg-inn/", "/meld-interesse/", "/informasjonsmoter/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    assert violations.found == []


def test_the_admin_works_under_its_policy(browser, live_server, demo, violations, staff_log_in):
    # A superuser: this is about what the browser allows, not about who may do what, and the
    # test database has no page permissions for the roles.
    editor = UserFactory(email="redaktor@example.org", first_name="Rut", is_superuser=True, is_staff=True)
    group = SelfHelpGroup.objects.get(slug="sorggruppe-i-levanger")
    home = HomePage.objects.get(locale__language_code="nb")
    content = home.add_child(
        instance=ContentPage(
            title="Om selvhjelp",
            slug="om-selvhjelp",
            body=[
                ("heading", "Hva en gruppe er"),
                ("paragraph", "<p>Vi møtes <b>jevnlig</b>.</p><ol><li>Lytt</li><li>Del</li></ol>"),
                ("callout", {"heading": "Trenger du hjelp nå?", "text": "<p>Ring 113.</p>"}),
            ],
        )
    )
    page = violations(browser.new_context(viewport={"width": 1280, "height": 900}).new_page())
    staff_log_in(page, live_server, editor.email)  # the two-factor pages are checked on the way

    # A group: its form (time and date pickers, rich text) and its preview beside it.
    response = page.goto(live_server.url + f"/admin/snippets/groups/selfhelpgroup/edit/{group.pk}/")
    assert response.headers["content-security-policy"] == ADMIN_CSP
    page.wait_for_load_state("networkidle")
    page.locator("[data-side-panel-toggle='preview']").first.click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text("Sorggruppe i Levanger")

    # The page editor with a StreamField, its preview, and a page chooser.
    page.goto(live_server.url + f"/admin/pages/{content.pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.locator("[data-side-panel-toggle='preview']").first.click()
    expect(page.frame_locator("#w-preview-iframe").locator("h1")).to_have_text("Om selvhjelp")
    page.goto(live_server.url + "/admin/redirects/add/")
    page.get_by_role("button", name=re.compile("Velg en side|Choose a page")).first.click()
    expect(page.get_by_role("dialog")).to_contain_text("Finn en selvhjelpsgruppe")

    # Samhold's own admin screen, and a public page with Wagtail's user bar.
    page.goto(live_server.url + "/admin/oppstarter/")
    page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/")
    expect(page.locator("wagtail-userbar")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert violations.found == []
