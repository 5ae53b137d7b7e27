"""The home page shows the next information meetings, near the municipality asked for, with a
sign-up one click away; the main menu leads to all of them. Desktop and phone width, axe."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from facilitators.models import InfoMeeting
from groups.models import SelfHelpGroup, Status
from tests.factories import SelfHelpGroupFactory


def _meetings():
    levanger = SelfHelpGroup.objects.get(slug="sorggruppe-i-levanger")
    new = SelfHelpGroupFactory(
        name="Sorggruppe for etterlatte i Levanger", municipality=levanger.municipality, status=Status.PLANNED,
        themes=list(levanger.themes.all()),
    )
    starts = (timezone.localtime() + datetime.timedelta(days=10)).replace(hour=18, minute=0, second=0, microsecond=0)
    return InfoMeeting.objects.create(
        group=new, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90),
        place="Levanger bibliotek", capacity=12,
    )


def test_the_next_information_meetings_on_the_home_page_and_in_the_menu(browser, live_server, demo, screenshot, axe_check):
    meeting = _meetings()
    for width in (1280, 375):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(live_server.url + "/?kommune=5037")
        section = page.locator("section.info-meetings")
        expect(section.locator("h2")).to_have_text("Informasjonsmøter nær Levanger")
        expect(section).to_contain_text("Sorggruppe for etterlatte i Levanger")
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"home-meetings-{width}")

        section.get_by_role("link", name=re.compile("^Meld deg på")).click()
        expect(page).to_have_url(re.compile(rf"/informasjonsmoter/{meeting.pk}/meld-pa/$"))

        page.goto(live_server.url + "/")
        page.locator("nav.site-nav").get_by_role("link", name="Informasjonsmøter").click()
        expect(page).to_have_url(re.compile(r"/informasjonsmoter/$"))
        expect(page.locator("nav.site-nav a[aria-current=page]")).to_have_text("Informasjonsmøter")
        context.close()

    page = browser.new_page()
    page.goto(live_server.url + "/en/")
    expect(page.locator("section.info-meetings h2")).to_have_text("Upcoming information meetings")
    axe_check(page)
