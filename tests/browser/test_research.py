"""Issue 9 §7's whole path in a real browser, accessible (axe: no WCAG 2.1 A/AA violations) at
1280 px and, where a person is most likely on a phone, at 360 px:

a researcher applies and a national administrator approves; the researcher chooses a password,
logs in with two-factor login, registers a study and sends it; the administrator approves it;
a person finds it from a group page, volunteers and confirms from the e-mail; the researcher
sees them; the person withdraws from the link in the e-mail; the researcher sees only that one
person withdrew.

The Bokmål translations may be incomplete, so buttons and labels are found by patterns that
accept both languages, or by the form fields' names."""

import datetime
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from research.models import ResearcherApplication, Study, Volunteer
from tests.browser.conftest import authenticator_code
from tests.factories import administrator

GROUP_PATH = "/finn-gruppe/trondelag/levanger/sorggruppe-i-levanger/"
NEW_PASSWORD = "forskerens-eget-lange-passord-71"
TITLE = "Selvhjelpsgrupper og mestring etter et dødsfall"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
QUESTION = "Har du vært med i en selvhjelpsgruppe de siste to årene?"
VOLUNTEER_NAME = "Solveig Haugen"
VOLUNTEER_EMAIL = "solveig.haugen@example.net"
VOLUNTEER_BUTTON = "Volunteer|frivillig|Meld|Bli med|Delta"


def path_of(name, **kwargs):
    """A path as the site writes it in Bokmål (its default language), whatever is translated."""
    with translation.override("nb"):
        return reverse(name, kwargs=kwargs)


def link_in_last_email(address, live_server, marker=""):
    """The first link in the newest e-mail to `address` (containing `marker`), on the live server."""
    messages = [message for message in mail.outbox if address in message.to]
    assert messages, f"no e-mail to {address}"
    urls = re.findall(r"https?://[^\s<>\"]+", messages[-1].body)
    url = next(url for url in urls if marker in url)
    return re.sub(r"^https?://[^/]+", live_server.url, url)


def button(page, pattern):
    return page.get_by_role("button", name=re.compile(pattern, re.IGNORECASE))


def at_width(page, width, height=900):
    page.set_viewport_size({"width": width, "height": height})


def fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def settle(page):
    """Wait until the admin's icons are in (as in test_admin_overview): the browser fetches them
    alongside other requests, and on the in-memory SQLite test database a concurrent session
    write can fail ("table is locked"); Wagtail then shows an error in place of the icons, and a
    click during it could meet the same lock. Reload once or twice."""
    for _attempt in range(3):
        page.wait_for_load_state("networkidle")
        if page.locator("symbol#icon-warning").count():
            return
        page.reload()
    raise AssertionError("the admin's icons did not load")


def admin_menu_item(page, menu, item):
    """Open a group in the admin's sidebar and follow one of its items, as a person would."""
    settle(page)
    page.get_by_role("button", name=re.compile(menu, re.IGNORECASE)).first.click()
    page.get_by_role("link", name=re.compile(item, re.IGNORECASE)).first.click()
    settle(page)


def test_researcher_recruits_a_volunteer_who_confirms_and_withdraws(
    browser, live_server, demo, tmp_path, screenshot, axe_check, staff_log_in
):
    mail.outbox = []
    admin_user = administrator(email="nina.nasjonal@example.org", first_name="Nina", last_name="Nasjonal")
    today = timezone.localdate()
    letter = tmp_path / "informasjonsskriv.pdf"
    letter.write_bytes(PDF)

    # 1. A researcher applies for an account.
    researcher = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    researcher.goto(live_server.url + "/min-side/forsker/soknad/")
    expect(researcher.locator("h1")).to_be_visible()
    axe_check(researcher)
    fits(researcher, 1280)
    screenshot(researcher, "research-apply")
    researcher.locator("input[name=name]").fill("Ingrid Forsberg")
    researcher.locator("input[name=institution]").fill("NTNU")
    researcher.locator("input[name=email]").fill("ingrid.forsberg@ntnu.example")
    researcher.locator("input[name=position]").fill("Førsteamanuensis")
    researcher.locator("input[name=consent]").check()
    button(researcher, "Send søknad|Send application|Send").click()
    expect(researcher).to_have_url(re.compile(r"/min-side/forsker/soknad/mottatt/$"))
    axe_check(researcher)
    application = ResearcherApplication.objects.get()
    assert application.status == ResearcherApplication.Status.PENDING

    # … and a national administrator approves it under "Research" in the admin.
    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    staff_log_in(admin, live_server, admin_user.email)
    admin_menu_item(admin, "^(Forskning|Research)$", "Forskersøknader|Søknader|Researcher applications")
    expect(admin).to_have_url(re.compile(r"/admin/forskersoknader/"))
    admin.get_by_role("link", name=re.compile("Ingrid Forsberg")).first.click()
    expect(admin).to_have_url(re.compile(rf"/admin/forskersoknader/inspect/{application.pk}/"))
    settle(admin)
    axe_check(admin)
    screenshot(admin, "research-admin-application")
    button(admin, "^(Godkjenn|Approve)$").click()
    expect(admin.locator(".messages")).to_contain_text("Ingrid Forsberg")
    application.refresh_from_db()
    assert application.status == ResearcherApplication.Status.APPROVED

    # The researcher chooses a password from the e-mailed link …
    researcher.goto(link_in_last_email("ingrid.forsberg@ntnu.example", live_server))
    researcher.locator("#id_new_password1").fill(NEW_PASSWORD)
    researcher.locator("#id_new_password2").fill(NEW_PASSWORD)
    button(researcher, "Lagre|Save").click()
    researcher.wait_for_load_state()
    # … logs in, and must set up two-factor login before Min side opens.
    researcher.goto(live_server.url + "/min-side/logg-inn/")
    researcher.locator("#id_username").fill("ingrid.forsberg@ntnu.example")
    researcher.locator("#id_password").fill(NEW_PASSWORD)
    button(researcher, "^(Logg inn|Log in)$").click()
    expect(researcher).to_have_url(re.compile(r"/min-side/totrinn/sett-opp/"))
    researcher.goto(live_server.url + "/min-side/forskning/")
    expect(researcher).to_have_url(re.compile(r"/min-side/totrinn/sett-opp/"))
    key = researcher.locator(".secret-key").inner_text()
    researcher.locator("#id_code").fill(authenticator_code(key))
    researcher.locator("main form.account-form button[type=submit]").click()
    expect(researcher.locator(".recovery-codes li")).to_have_count(10)
    researcher.get_by_role("link", name=re.compile("fortsett|continue", re.IGNORECASE)).click()
    expect(researcher).to_have_url(re.compile(r"/min-side/forskning/$"))
    axe_check(researcher)
    screenshot(researcher, "research-your-studies-empty")

    # 2. The researcher registers a study on Min side …
    researcher.locator("main a[href$='/min-side/forskning/ny/']").first.click()
    expect(researcher).to_have_url(re.compile(r"/min-side/forskning/ny/$"))
    axe_check(researcher)
    researcher.locator("input[name=title]").fill(TITLE)
    researcher.locator("textarea[name=summary]").fill(
        "Vi vil finne ut hvordan det å møte andre i en selvhjelpsgruppe kan hjelpe etter at noen nær deg er død."
    )
    researcher.locator("textarea[name=summary_en]").fill(
        "We want to learn how meeting others in a self-help group can help after someone close to you has died."
    )
    researcher.locator("textarea[name=what_it_means]").fill(
        "Et intervju på omtrent en time, der det passer for deg, og en kort dagbok i to uker."
    )
    researcher.locator("input[name=methods][value=interview]").check()
    researcher.locator("input[name=methods][value=diary]").check()
    researcher.locator("input[name=institution]").fill("NTNU, Institutt for sosialt arbeid")
    researcher.locator("input[name=project_leader]").fill("Ingrid Forsberg")
    researcher.locator("input[name=contact_email]").fill("ingrid.forsberg@ntnu.example")
    researcher.locator("input[name=data_controller]").fill("NTNU")
    researcher.get_by_label(re.compile("^(Sorg|Grief)$")).check()
    researcher.locator("input[name=area][value=counties]").check()
    researcher.get_by_label(re.compile("Trøndelag")).check()
    researcher.locator("input[name=participants_sought]").fill("12")
    researcher.locator("input[name=groups_sought]").fill("0")
    researcher.locator("input[name=recruit_from]").fill(today.isoformat())
    researcher.locator("input[name=recruit_until]").fill((today + datetime.timedelta(days=60)).isoformat())
    researcher.locator("input[name=sikt_reference]").fill("123456")
    researcher.locator("textarea[name=inclusion_criteria]").fill(
        "Du har mistet en av dine nærmeste de siste fem årene, og er med i eller har vært med i en selvhjelpsgruppe."
    )
    researcher.locator("textarea[name=consent_text]").fill(
        "Jeg har lest informasjonsskrivet og sier ja til at forskerne kontakter meg om et intervju. "
        "Jeg vet at det er frivillig, og at jeg kan trekke meg når som helst uten å si hvorfor."
    )
    researcher.locator("input[name=information_letter]").set_input_files(str(letter))
    researcher.locator("input[name=question_1]").fill(QUESTION)
    screenshot(researcher, "research-study-form")
    button(researcher, "Lagre som utkast|Save as a draft").click()
    expect(researcher).to_have_url(re.compile(r"/min-side/forskning/\d+/$"))
    expect(researcher.locator("h1")).to_have_text(TITLE)
    study = Study.objects.get(title=TITLE)
    assert study.status == Study.Status.DRAFT
    assert study.versions.get().information_letter
    axe_check(researcher)
    # … and sends it for approval.
    button(researcher, "godkjenn|approval").click()
    expect(researcher.locator(".messages, [role=status]").first).to_be_visible()
    study.refresh_from_db()
    assert study.status == Study.Status.SUBMITTED
    axe_check(researcher)
    screenshot(researcher, "research-study-submitted")

    # 3. The administrator reads the study in the admin and approves it.
    admin_menu_item(admin, "^(Forskning|Research)$", "^(Studier|Studies)$")
    expect(admin).to_have_url(re.compile(r"/admin/studier/"))
    admin.get_by_role("link", name=TITLE).first.click()
    expect(admin).to_have_url(re.compile(rf"/admin/studier/inspect/{study.pk}/"))
    expect(admin.locator("main")).to_contain_text("123456")
    settle(admin)
    axe_check(admin)
    screenshot(admin, "research-admin-study")
    button(admin, "^(Godkjenn|Approve)$").click()
    expect(admin.locator(".messages")).to_be_visible()
    study.refresh_from_db()
    assert study.status == Study.Status.RECRUITING
    assert study.live_version_id is not None

    # 4. A person opens the page of a grief group in Levanger, sees the one calm notice …
    person = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    person.goto(live_server.url + GROUP_PATH)
    notice = person.locator(".research-notice")
    expect(notice).to_have_count(1)
    axe_check(person)
    screenshot(person, "research-notice-on-group-page")
    # … follows it to the study's page …
    notice.get_by_role("link").click()
    expect(person).to_have_url(re.compile(rf"/{re.escape(study.slug)}/$"))
    expect(person.locator("h1")).to_have_text(TITLE)
    expect(person.get_by_role("link", name=re.compile("informasjonsskriv|information letter", re.I))).to_be_visible()
    axe_check(person)
    fits(person, 1280)
    screenshot(person, "research-study-page-1280")
    # … on a phone, too: the page and the form on it.
    at_width(person, 360, 800)
    axe_check(person)
    fits(person, 360)
    screenshot(person, "research-study-page-360")
    form = person.locator("#meld-deg form")
    form.locator("input[name=name]").fill(VOLUNTEER_NAME)
    form.locator("input[name=email]").fill(VOLUNTEER_EMAIL)
    form.locator("input[name=screening_0][value=Ja]").check()
    # Without the consent: errors tied to their fields, and nothing typed is lost.
    button(form, VOLUNTEER_BUTTON).click()
    expect(person.locator(".error-summary")).to_be_visible()
    expect(form.locator("input[name=name]")).to_have_value(VOLUNTEER_NAME)
    expect(form.locator("input[name=screening_0][value=Ja]")).to_be_checked()
    axe_check(person)
    fits(person, 360)
    screenshot(person, "research-volunteer-errors-360")
    form.locator("input[name=consent]").check()
    button(form, VOLUNTEER_BUTTON).click()
    # (The form's #meld-deg stays on the address: a redirect without a fragment keeps the old one.)
    expect(person).to_have_url(re.compile(re.escape(path_of("research:volunteer_sent")) + "(#.*)?$"))
    axe_check(person)
    fits(person, 360)
    screenshot(person, "research-volunteer-sent-360")
    volunteer = Volunteer.objects.get(study=study)
    assert volunteer.confirmed_at is None

    # … and confirms from the e-mail: the link shows what was sent, and a button confirms it.
    at_width(person, 1280)
    confirm_prefix = path_of("research:volunteer_confirm", token="x")[:-2]
    person.goto(link_in_last_email(VOLUNTEER_EMAIL, live_server, confirm_prefix))
    expect(person.locator("main")).to_contain_text(TITLE)
    volunteer.refresh_from_db()
    assert volunteer.confirmed_at is None  # opening the link changes nothing
    axe_check(person)
    screenshot(person, "research-volunteer-confirm")
    button(person, "^(Bekreft|Confirm)").click()
    expect(person).to_have_url(re.compile(re.escape(path_of("research:volunteer_manage", token="x")[:-2])))
    expect(person.locator("main")).to_contain_text(QUESTION)
    volunteer.refresh_from_db()
    assert volunteer.confirmed_at is not None
    axe_check(person)
    screenshot(person, "research-volunteer-own-page")

    # 5. The researcher sees the volunteer, with the answer, on the study's volunteers page.
    researcher.goto(live_server.url + f"/min-side/forskning/{study.pk}/")
    researcher.locator(f"main a[href$='/min-side/forskning/{study.pk}/frivillige/']").first.click()
    expect(researcher).to_have_url(re.compile(rf"/min-side/forskning/{study.pk}/frivillige/$"))
    people = researcher.locator(".interest-person")
    expect(people).to_have_count(1)
    expect(people).to_contain_text(VOLUNTEER_NAME)
    expect(people).to_contain_text(VOLUNTEER_EMAIL)
    expect(people).to_contain_text(QUESTION)
    axe_check(researcher)
    fits(researcher, 1280)
    screenshot(researcher, "research-volunteers")

    # 6. The person withdraws from the link in the confirmation e-mail, without giving a reason.
    manage_prefix = path_of("research:volunteer_manage", token="x")[:-2]
    person.goto(link_in_last_email(VOLUNTEER_EMAIL, live_server, manage_prefix))
    expect(person.locator("main")).to_contain_text(VOLUNTEER_NAME)
    person.get_by_label(re.compile("Ja, slett|Yes, delete")).check()  # deleting asks once to confirm
    button(person, "Trekk|Withdraw").click()
    expect(person).to_have_url(re.compile(re.escape(path_of("research:volunteer_withdrawn")) + "$"))
    axe_check(person)
    screenshot(person, "research-volunteer-withdrawn")
    assert not Volunteer.objects.filter(email=VOLUNTEER_EMAIL).exists()

    # 7. The researcher reloads: one withdrawn, and nothing about who.
    researcher.reload()
    withdrawn = researcher.locator("tr", has=researcher.locator("th", has_text=re.compile("trukk|trekk|trekt|trakk|withdr", re.I)))
    expect(withdrawn.locator("td")).to_have_text("1")
    expect(researcher.locator(".interest-person")).to_have_count(0)
    expect(researcher.locator("main")).not_to_contain_text(VOLUNTEER_NAME)
    expect(researcher.locator("main")).not_to_contain_text(VOLUNTEER_EMAIL)
    axe_check(researcher)
    screenshot(researcher, "research-volunteers-withdrawn")
