"""A grieving person in Levanger finds the new grief group that is starting there, and signs up
for its information meeting from the result card; "Use my location" picks Levanger on the
device. In a real browser, accessible (axe), at desktop and phone width."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from facilitators.models import InfoMeeting, MeetingSignUp
from groups.models import SelfHelpGroup, Status
from tests.factories import SelfHelpGroupFactory

NEW_GROUP = "Ny sorggruppe i Levanger"


@pytest.fixture
def new_group(demo):
    levanger = SelfHelpGroup.objects.get(slug="sorggruppe-i-levanger")
    group = SelfHelpGroupFactory(
        name=NEW_GROUP, status=Status.PLANNED, municipality=levanger.municipality,
        themes=list(levanger.themes.all()), contact=None, open_places=None,
        summary="En ny gruppe for deg som har mistet noen. Kom på informasjonsmøtet og hør mer.",
    )
    starts = (timezone.localtime() + datetime.timedelta(days=12)).replace(hour=18, minute=0, second=0, microsecond=0)
    meeting = InfoMeeting.objects.create(
        group=group, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90),
        place="Levanger bibliotek", capacity=10,
    )
    return group, meeting


def test_searching_sorg_levanger_finds_the_new_group_and_signs_up_for_its_meeting(
    browser, live_server, new_group, screenshot, axe_check
):
    mail.outbox = []
    group, meeting = new_group
    for width in (1280, 375):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.locator("#home-q").fill("sorg Levanger")
        page.locator("form.search-box button[type=submit]").click()

        # The new group is found with the groups in Levanger, after the running one there.
        expect(page.locator("#results-heading")).to_be_visible()
        cards = page.locator(".group-card")
        names = [name.strip() for name in cards.locator(".group-card__title").all_inner_texts()]
        assert names.index("Sorggruppe i Levanger") < names.index(NEW_GROUP) < names.index("Sorggruppe i Verdal")
        card = cards.filter(has_text=NEW_GROUP)
        expect(card).to_contain_text("Starter snart")
        expect(card.locator(".group-card__soon")).to_contain_text(
            re.compile(r"Informasjonsmøte \d{1,2}\. \w+ kl\. \d{2}\.\d{2}")
        )
        # The page also offers "Meld interesse" for what was searched.
        offer = page.locator(".interest-offer__link")
        expect(offer).to_have_attribute("href", re.compile(r"kommune=5037.*q=sorg"))
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"find-new-group-results-{width}")

        # One click from the card to the sign-up.
        card.get_by_role("link", name="Meld deg på informasjonsmøtet").click()
        expect(page).to_have_url(re.compile(rf"/informasjonsmoter/{meeting.pk}/meld-pa/$"))
        axe_check(page)
        page.locator("#id_name").fill("Kari" if width == 1280 else "Per")
        if width == 1280:
            page.locator("#id_email").fill("kari@example.org")
        else:
            page.locator("#id_phone").fill("912 34 567")
        page.locator("#id_consent").check()
        page.get_by_role("button", name=re.compile("^Meld deg på$")).click()
        expect(page.locator("h1")).to_contain_text("Takk")
        axe_check(page)
        context.close()
    assert MeetingSignUp.objects.filter(meeting=meeting).count() == 2
    assert any("kari@example.org" in message.to for message in mail.outbox)


def test_the_interest_offer_carries_the_typed_theme_and_the_place(page, live_server, new_group, axe_check):
    page.goto(live_server.url + "/finn-gruppe/?q=sorg+Levanger")
    page.locator(".interest-offer__link").click()
    expect(page.get_by_label("Sorg")).to_be_checked()
    expect(page.locator("#id_municipality option:checked")).to_contain_text("Levanger")
    axe_check(page)


def test_use_my_location_picks_the_nearest_municipality_on_the_device(browser, live_server, new_group, screenshot, axe_check):
    # Standing in Levanger sentrum, a little off the municipality's point; Verdal is 10 km away.
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, geolocation={"latitude": 63.75, "longitude": 11.31},
        permissions=["geolocation"],
    )
    page = context.new_page()
    sent = []
    page.on("request", lambda request: sent.append(request.url + " " + (request.post_data or "")))
    page.goto(live_server.url + "/finn-gruppe/?tema=sorg")
    button = page.get_by_role("button", name="Bruk min posisjon")
    expect(button).to_be_visible()
    axe_check(page)
    screenshot(page, "near-me-button-375")
    button.click()
    expect(page).to_have_url(re.compile(r"kommune=5037"))
    expect(page.locator("#id_kommune")).to_have_value("5037")
    # The bands stay: here, then nearby, then online; the theme chosen before stays chosen.
    headings = page.locator(".band-heading").all_inner_texts()
    assert headings[0].startswith("I Levanger") and "I nærheten" in headings
    expect(page.get_by_label(re.compile(r"^Sorg"))).to_be_checked()
    assert page.locator(".group-card").filter(has_text=NEW_GROUP).count() == 1
    # The position went nowhere: no request carried the coordinates.
    assert not [url for url in sent if "63.75" in url or "11.31" in url]
    context.close()


def test_without_geolocation_or_javascript_there_is_no_button(browser, live_server, new_group):
    no_script = browser.new_context(java_script_enabled=False)
    page = no_script.new_page()
    page.goto(live_server.url + "/finn-gruppe/")
    expect(page.locator("[data-near-me]")).to_be_hidden()
    no_script.close()

    no_geolocation = browser.new_context()
    no_geolocation.add_init_script("delete Navigator.prototype.geolocation;")
    page = no_geolocation.new_page()
    page.goto(live_server.url + "/finn-gruppe/")
    page.wait_for_load_state("load")
    expect(page.locator("[data-near-me]")).to_be_hidden()
    no_geolocation.close()


def test_a_refused_position_says_what_to_do_instead(browser, live_server, new_group):
    context = browser.new_context()  # no permission given: the browser refuses
    page = context.new_page()
    page.goto(live_server.url + "/finn-gruppe/")
    page.get_by_role("button", name="Bruk min posisjon").click()
    expect(page.locator(".near-me__status")).to_have_text("Vi fikk ikke tak i posisjonen din. Velg kommunen din fra lista.")
    context.close()
