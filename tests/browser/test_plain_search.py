"""A grieving person in Levanger writes what happened, in a real browser: the sentence and a
Sami place name find the grief groups, and an empty result gives the county's office."""

from playwright.sync_api import expect

from directory.models import County, Theme


def test_a_sentence_with_a_sami_place_name_finds_the_grief_groups(page, live_server, demo, screenshot, axe_check):
    Theme.objects.filter(slug="sorg").update(search_terms="mistet, dødsfall, enke")
    page.goto(live_server.url + "/finn-gruppe/?q=jeg+har+mistet+mannen+min+i+Levangke")
    expect(page.locator(".group-card").first).to_contain_text("Sorggruppe i Levanger")
    expect(page.locator(".group-card", has_text="Angstgruppa Verdal")).to_have_count(0)
    # The place became the place filter; what is left in the box has no stray "i".
    assert page.locator("#id_kommune").input_value() == "5037"
    assert page.locator("input[name=q]").input_value() == "jeg har mistet mannen min"
    axe_check(page)
    screenshot(page, "plain-search-sentence")


def test_an_empty_result_gives_the_regional_office_on_a_phone(browser, live_server, demo, screenshot, axe_check):
    County.objects.filter(number="50").update(
        contact_name="Selvhjelp Norge, Trøndelag", contact_email="trondelag@selvhjelp.no", contact_phone="73 00 00 00"
    )
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/finn-gruppe/?kommune=5037&q=xylofon")
    empty = page.locator(".empty")
    expect(empty).to_contain_text("trondelag@selvhjelp.no")
    expect(empty).not_to_contain_text("Disse gruppene ligger nærmest")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    axe_check(page)
    screenshot(page, "plain-search-empty-regional")
    context.close()
