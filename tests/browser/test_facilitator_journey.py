"""Issue 3's whole path in a real browser: a person applies to become a facilitator, the
coordinator approves, the facilitator chooses a password, registers a group and sends it, the
coordinator approves the group, and it is found in the directory."""

import datetime
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from directory.models import County, Municipality
from facilitators.models import StartUp
from groups.models import SelfHelpGroup
from tests.factories import coordinator_for

PASSWORD = "et-langt-testpassord-123"  # UserFactory's
NEW_PASSWORD = "mitt-eget-lange-passord-42"


def link_in_last_email(to, live_server):
    message = [message for message in mail.outbox if to in message.to][-1]
    url = re.search(r"https?://\S+", message.body).group(0)
    return re.sub(r"^https?://[^/]+", live_server.url, url)


def test_from_application_to_a_group_in_the_directory(
    browser, live_server, demo, screenshot, axe_check, staff_log_in
):
    mail.outbox = []
    coordinator = coordinator_for(County.objects.get(number="50"), email="kari.koordinator@example.org")
    levanger = Municipality.objects.get(number="5037")

    # 1. A person applies.
    applicant = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    applicant.goto(live_server.url + "/min-side/bli-igangsetter/")
    applicant.locator("#id_name").fill("Hanne Lie")
    applicant.locator("#id_email").fill("hanne@example.org")
    applicant.select_option("#id_municipality", value=str(levanger.pk))
    applicant.locator("#id_background").fill("Jeg har ledet samtalegrupper på frivilligsentralen i mange år.")
    applicant.locator("#id_consent").check()
    applicant.get_by_role("button", name=re.compile("Send søknad|Send application")).click()
    expect(applicant.locator("h1")).to_contain_text(re.compile("Takk|Thank you"))

    # 2. The coordinator approves the application in the admin.
    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    staff_log_in(admin, live_server, coordinator.email)
    admin.goto(live_server.url + "/admin/facilitator_application/")
    admin.get_by_role("link", name=re.compile("Hanne Lie")).first.click()
    admin.get_by_role("button", name=re.compile("Godkjenn|Approve")).first.click()
    expect(admin.locator(".messages")).to_contain_text(re.compile("godkjent|approved", re.IGNORECASE))

    # 3. The new facilitator chooses a password from the e-mail, and logs in.
    applicant.goto(link_in_last_email("hanne@example.org", live_server))
    applicant.locator("#id_new_password1").fill(NEW_PASSWORD)
    applicant.locator("#id_new_password2").fill(NEW_PASSWORD)
    applicant.get_by_role("button", name=re.compile("Lagre|Save")).click()
    applicant.goto(live_server.url + "/min-side/logg-inn/")
    applicant.locator("#id_username").fill("hanne@example.org")
    applicant.locator("#id_password").fill(NEW_PASSWORD)
    applicant.get_by_role("button", name=re.compile("Logg inn|Log in")).click()
    expect(applicant.locator("h1")).to_have_text("Min side")
    # A first login is welcomed with three things to do, and where the facilitator works.
    expect(applicant.locator(".welcome li")).to_have_count(3)
    expect(applicant.locator(".areas")).to_contain_text("Levanger")
    axe_check(applicant)
    screenshot(applicant, "min-side-welcome")
    applicant.reload()
    expect(applicant.locator(".welcome")).to_have_count(0)

    # 4. … registers a group and sends it to the coordinator.
    applicant.get_by_role("link", name=re.compile("Start en ny gruppe|Start a new group")).click()
    axe_check(applicant)
    applicant.locator("#id_name").fill("Samtalegruppe for pårørende i Levanger")
    applicant.locator("#id_summary").fill("For deg som står nær noen som har det vanskelig.")
    applicant.locator("#id_description_text").fill("Vi møtes annenhver uke og snakker sammen i trygge rammer.")
    applicant.get_by_label("Sorg").check()
    applicant.select_option("#id_municipality", value=str(levanger.pk))
    applicant.locator("#id_place").fill("Frivilligsentralen")
    applicant.select_option("#id_weekday", value="2")
    applicant.locator("#id_start_time").fill("18:00")
    applicant.locator("#id_end_time").fill("19:30")
    screenshot(applicant, "min-side-new-group")
    applicant.get_by_role("button", name=re.compile("Lagre som utkast|Save as draft")).click()
    expect(applicant.locator("h1")).to_have_text("Samtalegruppe for pårørende i Levanger")
    axe_check(applicant)
    # Before sending, the facilitator looks at the page as people will see it.
    applicant.get_by_role("link", name=re.compile("Forhåndsvis|Preview")).first.click()
    expect(applicant.locator(".preview-notice")).to_be_visible()
    expect(applicant.locator("h1")).to_have_text("Samtalegruppe for pårørende i Levanger")
    axe_check(applicant)
    screenshot(applicant, "min-side-group-preview")
    applicant.get_by_role("link", name=re.compile("Tilbake til gruppa|Back to the group")).click()
    applicant.get_by_role("button", name=re.compile("Send til koordinatoren|Send to the coordinator")).click()
    expect(applicant.get_by_role("status")).to_contain_text(re.compile("koordinator|coordinator"))
    screenshot(applicant, "min-side-group-submitted")
    axe_check(applicant)
    applicant.goto(live_server.url + "/min-side/")
    expect(applicant.locator(".group-card").first).to_contain_text("Venter på godkjenning")
    group = SelfHelpGroup.objects.get(name="Samtalegruppe for pårørende i Levanger")
    assert not group.live

    # 5. The coordinator approves the group from the admin's edit view.
    admin.goto(live_server.url + f"/admin/snippets/groups/selfhelpgroup/edit/{group.pk}/")
    # Approving is the editor's main button while the group waits for the coordinator.
    screenshot(admin, "admin-group-waiting-for-decision")
    admin.locator("footer").get_by_role("button", name=re.compile("^Godkjenn og publiser$|^Approve and publish$")).click()
    expect(admin.locator(".messages")).to_contain_text(re.compile("er godkjent og publisert|is approved and published"))
    group.refresh_from_db()
    assert group.live
    assert any("hanne@example.org" in message.to for message in mail.outbox)

    # 6. Anyone finds it in the directory.
    visitor = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    # A planned group is not yet taking members: it shows among "all groups".
    visitor.goto(live_server.url + "/finn-gruppe/?q=pårørende&vis=alle")
    expect(visitor.get_by_role("link", name=re.compile("Samtalegruppe for pårørende i Levanger"))).to_be_visible()
    screenshot(visitor, "directory-finds-new-group")

    # 7. The facilitator schedules an information meeting: the start-up follows, Min side lists
    # it, and the meeting can be changed.
    applicant.goto(live_server.url + f"/min-side/grupper/{group.pk}/informasjonsmote/ny/")
    day = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    applicant.locator("#id_date").fill(day)
    applicant.locator("#id_start_time").fill("18:00")
    applicant.locator("#id_end_time").fill("19:30")
    applicant.locator("#id_place").fill("Frivilligsentralen")
    applicant.get_by_role("button", name=re.compile("Sett opp møtet|Schedule the meeting")).click()
    expect(applicant.locator("h1")).to_contain_text(re.compile("Informasjonsmøte|Information meeting"))
    assert StartUp.objects.get(group=group).stage == "meeting_scheduled"
    applicant.get_by_role("link", name=re.compile("Endre tid|Change time")).click()
    applicant.locator("#id_capacity").fill("20")
    axe_check(applicant)
    applicant.set_viewport_size({"width": 375, "height": 800})
    screenshot(applicant, "min-side-meeting-edit-375")
    applicant.get_by_role("button", name=re.compile("Lagre endringene|Save the changes")).click()
    expect(applicant.get_by_role("status").first).to_contain_text(re.compile("endret|changed"))
    applicant.goto(live_server.url + "/min-side/")
    expect(applicant.locator("#meetings-heading + ul .group-card")).to_have_count(1)
    axe_check(applicant)
    screenshot(applicant, "min-side-with-meeting-375")
