"""Signing up for an information meeting through the real pages, at desktop and phone width,
accessible (axe: no WCAG 2.1 AA violations)."""

import datetime
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from facilitators.models import InfoMeeting, MeetingSignUp
from groups.models import SelfHelpGroup
from tests.factories import StartUpFactory, UserFactory

GROUP_PATH = "/finn-gruppe/trondelag/levanger/sorggruppe-i-levanger/"


def link_in_last_email(address, marker):
    body = [message for message in mail.outbox if address in message.to][-1].body
    line = next(line for line in body.splitlines() if marker in line)
    return line[line.index(marker):].strip()
SIGN_UP = re.compile("^(Meld deg på|Sign up)$")


def _meeting():
    group = SelfHelpGroup.objects.get(slug="sorggruppe-i-levanger")
    starts = (timezone.localtime() + datetime.timedelta(days=8)).replace(hour=18, minute=0, second=0, microsecond=0)
    return InfoMeeting.objects.create(
        group=group, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90),
        place="Frivilligsentralen i sentrum", capacity=2,
        description="Vi forteller om hvordan gruppa skal fungere, og svarer på spørsmål.",
    )


def test_sign_up_for_an_information_meeting(browser, live_server, demo, screenshot, axe_check):
    mail.outbox = []
    meeting = _meeting()
    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        # From the group's page to the sign-up.
        page.goto(live_server.url + GROUP_PATH)
        section = page.locator("#informasjonsmote")
        expect(section).to_be_visible()
        axe_check(page)
        screenshot(page, f"meeting-on-group-page-{width}")
        section.get_by_role("link", name=re.compile("Meld deg på|Sign up")).click()
        expect(page.locator("h1")).to_contain_text(re.compile("informasjonsmøte|information meeting", re.I))
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 1280:
            # Without consent: errors tied to their fields, and what was written is kept.
            page.locator("#id_name").fill("Kari")
            page.locator("#id_email").fill("kari@example.org")
            page.get_by_role("button", name=SIGN_UP).click()
            expect(page.locator(".error-summary")).to_be_visible()
            expect(page.locator("#id_name")).to_have_value("Kari")
            expect(page.locator("#id_email")).to_have_value("kari@example.org")
            axe_check(page)
            screenshot(page, "meeting-signup-errors")
            page.locator("#id_consent").check()
            page.get_by_role("button", name=SIGN_UP).click()
        else:
            # On a phone, someone without e-mail signs up with a phone number.
            screenshot(page, "phone-meeting-signup")
            page.locator("#id_name").fill("Per")
            page.locator("#id_phone").fill("912 34 567")
            page.locator("#id_consent").check()
            page.get_by_role("button", name=SIGN_UP).click()
        expect(page.locator("h1")).to_contain_text(re.compile("Takk|Thank you"))
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"meeting-signup-done-{width}")
        if width == 1280:
            # Kari confirms from the e-mail, and lands on her own page: what is stored, cancelling.
            page.goto(live_server.url + link_in_last_email("kari@example.org", "/informasjonsmoter/bekreft/"))
            axe_check(page)
            screenshot(page, "meeting-signup-confirm")
            page.get_by_role("button", name=re.compile("Bekreft påmeldingen|Confirm my sign-up")).click()
            expect(page.locator("h1")).to_contain_text(re.compile("Påmeldingen din|Your sign-up"))
            expect(page.locator(".notice[role=status]").first).to_contain_text(re.compile("plass|place"))
            axe_check(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            screenshot(page, f"meeting-signup-manage-{width}")
        context.close()

    signups = {s.name: s for s in MeetingSignUp.objects.filter(meeting=meeting)}
    assert set(signups) == {"Kari", "Per"}
    assert signups["Kari"].status == MeetingSignUp.Status.CONFIRMED
    # Per gave only a phone number: he holds no place until the facilitator has called.
    assert signups["Per"].status == MeetingSignUp.Status.CALL
    ask, confirmation = [message for message in mail.outbox if "kari@example.org" in message.to]
    assert ask.attachments == [] and "Sorggruppe" not in ask.subject + ask.body
    assert confirmation.attachments[0][0].endswith(".ics")


def test_min_side_meeting_page_is_accessible(browser, live_server, demo, screenshot, axe_check):
    from django.contrib.auth.models import Group as Role

    from facilitators import roles

    meeting = _meeting()
    # Transactional tests may have flushed the roles that migrations create.
    role, _created = Role.objects.get_or_create(name=roles.FACILITATOR)
    facilitator = UserFactory(email="fia@example.org")
    facilitator.groups.add(role)
    StartUpFactory(group=meeting.group, facilitators=[facilitator])
    for name, email, status in [("Anne Aas", "anne@example.org", "confirmed"), ("Ben Berg", "", "call"),
                                ("Cato Crane", "cato@example.org", "waiting"), ("Dag Dal", "dag@example.org", "pending")]:
        MeetingSignUp.objects.create(
            meeting=meeting, name=name, email=email, phone="" if email else "912 34 567",
            status=status, consent_text_version="x",
        )
    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(live_server.url + "/min-side/logg-inn/")
        page.locator("#id_username").fill("fia@example.org")
        page.locator("#id_password").fill("et-langt-testpassord-123")
        page.get_by_role("button", name=re.compile("Logg inn|Log in")).click()
        page.goto(f"{live_server.url}/min-side/informasjonsmoter/{meeting.pk}/")
        expect(page.locator("h1")).to_contain_text(re.compile("Informasjonsmøte|Information meeting"))
        expect(page.locator("table.people").first).to_contain_text("Anne Aas")
        expect(page.locator("#call-heading")).to_be_visible()
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"meeting-min-side-{width}")
        page.goto(f"{live_server.url}/min-side/grupper/{meeting.group.pk}/informasjonsmote/ny/")
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        context.close()
