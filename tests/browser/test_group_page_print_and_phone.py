"""The group page as people use it away from a desk: printed on one A4 sheet to put on the
fridge, opened on a phone with a way to the contact form at the top, and a contact form that
takes a phone number and puts the focus on what went wrong."""

import datetime
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from facilitators.models import InfoMeeting
from groups.models import SelfHelpGroup

GROUP = "/finn-gruppe/trondelag/levanger/sorggruppe-i-levanger/"
MUNICIPALITY = "/finn-gruppe/trondelag/levanger/"
LONG = "<p>" + " ".join(["Vi deler erfaringer om sorg, savn og hverdagen etterpå, i vårt eget tempo."] * 40) + "</p>"


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF, counted from its page objects (not the /Pages tree nodes)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def realistic(group_name="Sorggruppe i Levanger"):
    """The demo group as a real one looks: a long description, open places, an information meeting."""
    group = SelfHelpGroup.objects.get(name=group_name)
    group.description = LONG
    group.open_places = 3
    group.show_address = True
    group.address = "Kirkegata 12, 7600 Levanger"
    group.save()
    starts = timezone.now() + datetime.timedelta(days=10)
    InfoMeeting.objects.create(
        group=group, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90), place="Levanger bibliotek",
        description="Vi forteller om gruppa og svarer på spørsmål.",
    )
    return group


def test_a_group_page_prints_on_one_a4_page_with_what_a_person_needs(page, live_server, demo, screenshot, axe_check):
    realistic()
    page.goto(live_server.url + GROUP)
    axe_check(page)
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf_pages(pdf) == 1

    page.emulate_media(media="print")
    screenshot(page, "print-group-page")
    for hidden in [".site-header", ".site-footer", ".contact form", ".jump-to-contact", ".calendar-links"]:
        expect(page.locator(hidden).first).to_be_hidden()
    for shown in ["h1", ".group-status", ".group-facts", ".print-only"]:
        expect(page.locator(shown).first).to_be_visible()
    facts = page.locator(".group-facts")
    expect(facts).to_contain_text(re.compile("Tirsdager kl. 18.00"))
    expect(facts).to_contain_text("Kirkegata 12")
    expect(page.locator(".contact .print-only")).to_contain_text(GROUP)
    expect(facts).to_contain_text("Levanger bibliotek")  # the information meeting, in the facts
    expect(page.locator(".group-main .prose")).to_be_hidden()  # the long description stays on screen
    expect(page.locator(".print-source")).to_contain_text("Samhold")
    expect(page.locator(".print-source")).to_contain_text(GROUP)


def test_a_planned_group_prints_its_meeting_and_short_description_on_one_page(
    browser, page, live_server, demo, screenshot, axe_check
):
    group = realistic()
    group.status = "planned"
    group.description = "<p>Vi starter en ny sorggruppe for deg som har mistet noen. Kom på informasjonsmøtet og hør mer.</p>"
    group.save()
    page.goto(live_server.url + GROUP)
    expect(page.locator(".meeting-lead")).to_contain_text("meld deg på")
    expect(page.locator(".group-status")).to_contain_text("Starter snart")
    expect(page.locator(".interest-link")).to_have_count(0)
    axe_check(page)
    assert pdf_pages(page.pdf(format="A4", print_background=False)) == 1
    page.emulate_media(media="print")
    screenshot(page, "print-planned-group-page")
    expect(page.locator(".group-main .prose")).to_be_visible()
    expect(page.locator(".group-facts")).to_contain_text("Levanger bibliotek")
    expect(page.locator(".print-source")).to_be_visible()

    phone = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    small = phone.new_page()
    small.goto(live_server.url + GROUP)
    axe_check(small)
    screenshot(small, "phone-planned-group-with-meeting")
    phone.close()


def test_a_municipality_list_prints_as_a_compact_schedule(page, live_server, demo, screenshot, axe_check):
    page.goto(live_server.url + MUNICIPALITY + "?vis=alle")
    expect(page.get_by_role("link", name="Følg gruppene i Levanger i kalenderen din")).to_have_attribute(
        "href", re.compile("^webcal://")
    )
    axe_check(page)
    screenshot(page, "municipality-with-calendar")
    page.emulate_media(media="print")
    expect(page.locator(".filters")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".group-card__schedule").first).to_be_visible()
    screenshot(page, "print-municipality")
    assert pdf_pages(page.pdf(format="A4")) == 1


def test_on_a_phone_the_contact_form_is_one_tap_from_the_top(browser, live_server, demo, screenshot, axe_check):
    realistic()
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + GROUP)
    jump = page.get_by_role("link", name="Ta kontakt", exact=True)
    expect(jump).to_be_visible()
    box = jump.bounding_box()
    assert box["y"] < 740, "the link is on the first screen"
    axe_check(page)
    screenshot(page, "phone-group-top")
    jump.click()
    expect(page).to_have_url(re.compile("#kontakt$"))
    expect(page.locator("#contact-heading")).to_be_in_viewport()
    context.close()

    desktop = browser.new_page(viewport={"width": 1280, "height": 900})
    desktop.goto(live_server.url + GROUP)
    expect(desktop.get_by_role("link", name="Ta kontakt", exact=True)).to_be_hidden()
    desktop.close()


def test_a_failed_send_puts_the_focus_on_the_errors_and_a_phone_number_is_enough(
    page, live_server, demo, screenshot, axe_check
):
    mail.outbox = []
    page.goto(live_server.url + GROUP)
    page.locator("#id_name").fill("Ola")
    page.locator("#id_message").fill("Hei! Jeg mistet mamma i sommer og lurer på om dere har plass.")
    page.locator("#id_consent").check()
    page.locator("form[method=post] button[type=submit]").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Oppgi en e-postadresse eller et telefonnummer")
    axe_check(page)
    screenshot(page, "contact-needs-email-or-phone")

    page.locator("#id_phone").fill("912 34 567")
    page.locator("#id_consent").check()
    page.locator("form[method=post] button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text(re.compile("Takk|Thank you"))
    assert len(mail.outbox) == 1
    assert "+47 912 34 567" in mail.outbox[0].body
    assert mail.outbox[0].reply_to == []


def test_the_consent_error_is_short(page, live_server, demo, axe_check):
    page.goto(live_server.url + GROUP)
    page.locator("#id_name").fill("Ola")
    page.locator("#id_email").fill("ola@example.net")
    page.locator("#id_message").fill("Hei! Jeg lurer på om dere har plass.")
    page.locator("form[method=post] button[type=submit]").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Du må samtykke for å sende.")
    expect(summary).not_to_contain_text("Jeg godtar")
    axe_check(page)
