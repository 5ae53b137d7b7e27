"""A facilitator reads where groups are wanted: exact numbers in their own municipality, ranges
by county elsewhere, accessible at desktop and phone width."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import CountyFactory, MunicipalityFactory, facilitator_in

PASSWORD = "et-langt-testpassord-123"  # UserFactory's


def interest(municipality, themes, *, count):
    from facilitators.models import InterestRegistration

    now = timezone.now()
    for n in range(count):
        registration = InterestRegistration.objects.create(
            email=f"person{municipality.number}-{n}@example.net", municipality=municipality,
            consent_text_version="test", confirmed_at=now, expires_at=now + datetime.timedelta(days=300),
        )
        registration.themes.set(themes)


def test_facilitator_sees_exact_numbers_at_home_and_county_ranges_elsewhere(
    browser, live_server, demo, screenshot, axe_check
):
    from directory.models import Municipality, Theme

    levanger, verdal = Municipality.objects.get(number="5037"), Municipality.objects.get(number="5038")
    sorg, angst = Theme.objects.get(slug="sorg"), Theme.objects.get(slug="angst")
    nordland = CountyFactory(number="18", name="Nordland - Nordlánnda", name_plain="Nordland", slug="nordland")
    bodo = MunicipalityFactory(number="1804", county=nordland, name="Bodø", name_plain="Bodø", slug="bodo")
    narvik = MunicipalityFactory(number="1806", county=nordland, name="Narvik", name_plain="Narvik", slug="narvik")
    facilitator_in(levanger, email="fia@example.org", first_name="Fia")
    interest(levanger, [sorg], count=2)
    interest(verdal, [angst], count=2)  # Trøndelag outside Levanger is Verdal alone: never shown
    interest(bodo, [sorg], count=2)
    interest(narvik, [sorg], count=2)  # Nordland: 4 → "3–9"

    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(live_server.url + "/min-side/logg-inn/?next=/min-side/ettersporsel/")
        page.locator("#id_username").fill("fia@example.org")
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name=re.compile("Logg inn|Log in")).click()
        expect(page).to_have_url(re.compile(r"/min-side/ettersporsel/$"))

        own = page.locator("section[aria-labelledby=own-heading] tbody tr")
        expect(own).to_have_count(1)
        expect(own.first).to_contain_text("Levanger")
        expect(own.first.locator("td.num")).to_have_text("2")
        other = page.locator("section[aria-labelledby=other-heading] tbody tr")
        expect(other).to_have_count(1)
        expect(other.first).to_contain_text("Nordland")
        expect(other.first.locator("td.num")).to_have_text("3–9")
        for hidden in ("Verdal", "Bodø", "Narvik", "under 3"):
            expect(page.locator("main")).not_to_contain_text(hidden)
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"interest-demand-{width}")

        # Filtering to Trøndelag shows Levanger exactly and nothing for Verdal.
        page.locator("#id_fylke").select_option(label="Trøndelag - Trööndelage")
        page.get_by_role("button", name=re.compile("^(Vis|Show)$")).click()
        expect(page.locator("section[aria-labelledby=own-heading] tbody tr")).to_have_count(1)
        expect(page.locator("section[aria-labelledby=other-heading] tbody tr")).to_have_count(0)
        expect(page.locator("section[aria-labelledby=other-heading] .empty")).to_be_visible()
        axe_check(page)
        context.close()
