"""The calm page a visitor gets while the database is down, as a browser shows it: the very
response the site gives (status, headers, body) is handed to Chromium, which checks it with axe
and takes a picture, on a desktop and on a phone."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.samhold.test_health import database_down

ADDRESS = "http://samhold.test/finn-gruppe/"


@pytest.mark.parametrize("width", [1280, 375])
def test_the_database_down_page_reads_calmly_in_both_languages(browser, site, tmp_path, screenshot, axe_check, width):
    with database_down(tmp_path):
        response = Client(raise_request_exception=False).get("/finn-gruppe/")
    assert response.status_code == 503

    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    page.route(
        ADDRESS,
        lambda route: route.fulfill(
            status=response.status_code,
            headers={key: value for key, value in response.items()},
            body=response.content,
        ),
    )
    page.goto(ADDRESS)
    expect(page.locator("h1")).to_have_text("Samhold er straks tilbake")
    expect(page.locator("[lang=en] h2")).to_have_text("Samhold will be back shortly")
    axe_check(page)
    screenshot(page, f"database-down-{width}")
    context.close()
