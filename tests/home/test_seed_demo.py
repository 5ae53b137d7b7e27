import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from facilitators.models import User
from groups.models import Attendance, SelfHelpGroup, Status
from groups.search import build_document
from home.models import ContentPage, DirectoryPage, HomePage
from home.services import site_pages_ensure
from research.models import Study
from samhold.models import ContactSettings

pytestmark = pytest.mark.django_db

EDITOR = "redaktor@example.org"


@pytest.fixture
def reference(db):
    """The real 2024 geography and the starting themes."""
    call_command("load_geography", stdout=io.StringIO())
    call_command("load_themes", stdout=io.StringIO())


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def printed_password(output: str) -> str | None:
    match = re.search(r"Account created: redaktor@example.org \([^)]*\), password: (\S+)", output)
    return match.group(1) if match else None


def test_seed_demo_creates_300_valid_groups_with_grief_groups_around_levanger(reference):
    seed()

    groups = list(SelfHelpGroup.objects.select_related("municipality__county").prefetch_related("themes"))
    assert len(groups) == 300 + 7  # and the new groups of the demo's start-ups (demo_activity.json)
    for group in groups:
        group.full_clean()
        assert 1 <= len(group.themes.all()) <= 2, group
        assert group.search_document == build_document(group), group
        assert group.contact is not None and group.contact.email.endswith("@example.org")

    levanger = SelfHelpGroup.objects.get(name="Sorggruppe i Levanger")
    assert (levanger.municipality.number, levanger.status, levanger.live) == ("5037", Status.OPEN, True)
    assert "sorg" in {t.slug for t in levanger.themes.all()}
    grief_places = set(
        SelfHelpGroup.objects.filter(themes__slug="sorg", live=True).values_list("municipality__number", flat=True)
    )
    assert {"5037", "5038", "5035", "5006", "5001"} <= grief_places

    online = [g for g in groups if g.attendance == Attendance.ONLINE]
    assert len(online) >= 20 and all(g.municipality is None for g in online)
    assert any(g.attendance == Attendance.HYBRID for g in groups)
    counties = {g.municipality.county.number for g in groups if g.municipality}
    assert len(counties) == 15
    statuses = {g.status for g in groups}
    assert set(Status.values) <= statuses


def test_seed_demo_twice_creates_nothing_the_second_time(reference):
    first = seed("--demo-groups", "40")
    counts = (SelfHelpGroup.objects.count(), User.objects.count(), Page.objects.count())
    documents = dict(SelfHelpGroup.objects.values_list("slug", "search_document"))

    second = seed("--demo-groups", "40")

    assert (SelfHelpGroup.objects.count(), User.objects.count(), Page.objects.count()) == counts
    assert dict(SelfHelpGroup.objects.values_list("slug", "search_document")) == documents
    assert printed_password(first) and not printed_password(second)
    assert f"changepassword {EDITOR}" in second
    assert "nothing created" in second


def test_only_the_demo_accounts_can_log_in_and_with_the_password_printed_once(reference):
    output = seed("--demo-groups", "20")

    password = printed_password(output)
    editor = User.objects.get(email=EDITOR)
    assert editor.check_password(password)
    assert len(password) >= 20
    assert editor.is_staff and not editor.is_superuser
    assert set(editor.groups.values_list("name", flat=True)) == {"Editors", "Moderators"}
    # The demo people in real roles can log in too; the generated contact persons cannot.
    assert sorted(u.email for u in User.objects.all() if u.has_usable_password()) == [
        "administrator@example.org", "forsker@example.org", "igangsetter@example.org", "koordinator@example.org",
        EDITOR,
    ]
    assert User.objects.filter(email__startswith="kontakt.").count() >= 15


def test_seed_demo_with_groups_adds_bench_groups_in_bulk_with_search_documents(reference):
    seed("--demo-groups", "20")
    before = SelfHelpGroup.objects.count()

    output = seed("--demo-groups", "20", "--groups", "50")
    seed("--demo-groups", "20", "--groups", "50")

    assert "50 created" in output
    assert SelfHelpGroup.objects.count() == before + 100
    bench = list(
        SelfHelpGroup.objects.filter(slug__regex=r"-b[0-9]+$")
        .select_related("municipality__county")
        .prefetch_related("themes")
    )
    assert len(bench) == 100
    assert len({g.slug for g in bench}) == 100
    for group in bench:
        group.full_clean()
        assert group.search_document and group.search_document == build_document(group), group.slug
        assert 1 <= len(group.themes.all()) <= 2


def test_seed_demo_without_geography_or_themes_says_what_to_run(db):
    with pytest.raises(CommandError, match="run load_geography and load_themes first"):
        seed()
    assert not SelfHelpGroup.objects.exists()


def test_site_pages_ensure_serves_the_site_in_bokmal_and_english(client):
    home = site_pages_ensure()
    pages = Page.objects.count()
    assert site_pages_ensure().pk == home.pk
    assert Page.objects.count() == pages

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == home and isinstance(home, HomePage)
    assert not Page.objects.filter(depth=2, content_type__model="page").exists(), "welcome page left behind"
    for url in ["/", "/finn-gruppe/", "/hva-er-en-selvhjelpsgruppe/", "/starte-en-gruppe/", "/personvern/",
                "/en/", "/en/find-a-group/", "/en/what-is-a-self-help-group/", "/en/starting-a-group/", "/en/privacy/"]:
        response = client.get(url)
        assert response.status_code == 200, url

    english = Locale.objects.get(language_code="en")
    for directory in DirectoryPage.objects.all():
        assert directory.about_page.specific.locale == directory.locale
        assert directory.about_page.slug in ("hva-er-en-selvhjelpsgruppe", "what-is-a-self-help-group")
    assert DirectoryPage.objects.filter(locale=english).count() == 1
    in_menu = set(ContentPage.objects.filter(locale=home.locale, show_in_menus=True).values_list("slug", flat=True))
    assert in_menu == {"hva-er-en-selvhjelpsgruppe", "starte-en-gruppe"}
    privacy = client.get("/personvern/").content.decode()
    assert ContactSettings.load().coordinator_email in privacy
    assert "30 dager" in privacy and "2 dager" in privacy


def test_site_pages_ensure_completes_an_existing_tree_without_duplicating_it(site, client):
    site_pages_ensure()

    assert DirectoryPage.objects.filter(locale__language_code="nb").count() == 1
    assert HomePage.objects.filter(locale__language_code="nb").count() == 1
    assert client.get("/hva-er-en-selvhjelpsgruppe/").status_code == 200
    assert client.get("/en/find-a-group/").status_code == 200


def test_seed_demo_makes_a_coordinator_and_a_facilitator_in_their_areas(reference):
    from facilitators.models import User
    from facilitators.scope import scope_for

    output = seed()
    assert "koordinator@example.org" in output and "igangsetter@example.org" in output
    coordinator = scope_for(User.objects.get(email="koordinator@example.org"))
    facilitator = scope_for(User.objects.get(email="igangsetter@example.org"))
    assert coordinator.is_coordinator and not coordinator.is_administrator and coordinator.county_ids
    assert facilitator.is_facilitator and facilitator.municipality_ids


@pytest.mark.django_db
def test_demo_staff_get_an_authenticator_key_and_the_development_code_matches_it(reference, settings):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    output = seed()
    device = TOTPDevice.objects.get(user__email="koordinator@example.org", confirmed=True)
    assert "Two-factor login for koordinator@example.org" in output
    assert not TOTPDevice.objects.filter(user__email="igangsetter@example.org").exists()
    settings.DEBUG = True
    out = io.StringIO()
    call_command("totp_code", "koordinator@example.org", stdout=out)
    assert out.getvalue().strip() == f"{totp(device.bin_key):06d}"
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("totp_code", "koordinator@example.org", stdout=io.StringIO())


def test_seed_demo_adds_a_researcher_with_one_recruiting_and_one_draft_study_once(reference):
    output = seed("--demo-groups", "5")
    assert re.search(r"Account created: forsker@example.org \(Forsker\), password: \S+", output)
    researcher = User.objects.get(email="forsker@example.org")
    assert not researcher.is_staff and researcher.groups.filter(name="Forsker").exists()
    recruiting = Study.objects.get(slug="selvhjelp-og-mestring-trondelag")
    assert recruiting.researcher == researcher and recruiting.is_recruiting
    assert recruiting.live_version.consent_text and recruiting.live_version.screening_questions
    assert {c.number for c in recruiting.counties.all()} == {"50"}
    assert {t.slug for t in recruiting.themes.all()} == {"sorg", "angst", "depresjon"}
    draft = Study.objects.get(slug="igangsetteres-erfaringer")
    assert draft.status == Study.Status.DRAFT and draft.live_version is None

    again = seed("--demo-groups", "5")
    assert "Demo studies: already in place." in again
    assert Study.objects.count() == 2


def test_demo_accounts_lists_every_role_with_a_password_that_logs_in(reference, settings):
    from facilitators.scope import scope_for

    seed("--demo-groups", "5")
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    block = out.getvalue()

    rows = dict(re.findall(r"^  (\S+@example\.org) +(\S+)", block, re.MULTILINE))
    assert set(rows) == {
        EDITOR, "koordinator@example.org", "administrator@example.org", "igangsetter@example.org", "forsker@example.org",
    }
    for email, password in rows.items():
        assert User.objects.get(email=email).check_password(password), email
    administrator = scope_for(User.objects.get(email="administrator@example.org"))
    assert administrator.is_administrator and not User.objects.get(email="administrator@example.org").is_superuser
    assert "totp_code" in block and "http://testserver/" in block
    first, *_, last = block.splitlines()
    assert first == last and set(first) == {"="} and len(first) >= max(len(line) for line in block.splitlines())


def test_demo_accounts_says_when_a_password_was_changed_and_never_shows_the_new_one(reference, settings):
    seed("--demo-groups", "5")
    coordinator = User.objects.get(email="koordinator@example.org")
    coordinator.set_password("my own secret password")
    coordinator.save()
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    assert "(not the demo password; to set one: manage.py changepassword koordinator@example.org)" in out.getvalue()
    assert "my own secret password" not in out.getvalue()


def test_demo_accounts_refuses_to_run_outside_development(reference):
    seed("--demo-groups", "5")
    with pytest.raises(CommandError, match="Only in development"):
        call_command("demo_accounts", stdout=io.StringIO())


def test_demo_accounts_waits_for_the_server_and_gives_up_with_a_message(reference, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="No server answered on 127.0.0.1:9"):
        call_command("demo_accounts", "--wait-for", "127.0.0.1:9", "--timeout", "0.5", stdout=io.StringIO())


def test_the_demo_has_life_in_it_for_the_coordinator_the_facilitator_and_the_public(reference, client):
    from facilitators.models import AuditEntry, FacilitatorApplication, InterestRegistration, StartUp
    from facilitators.models.startups import Stage
    from facilitators.selectors.accounts import application_list_for_admin
    from facilitators.selectors.admin import startup_list_for_admin
    from facilitators.selectors.interest import interest_demand
    from facilitators.selectors.meetings import meeting_is_open, meetings_upcoming

    output = seed("--demo-groups", "10")
    assert "Demo activity: 8 start-ups" in output
    coordinator = User.objects.get(email="koordinator@example.org")
    facilitator = User.objects.get(email="igangsetter@example.org")

    # Start-ups at every stage, each with its history, exactly one of them stale.
    startups = list(startup_list_for_admin(user=coordinator))
    assert {s.stage for s in startups} == set(Stage.values)
    assert [s.group.name for s in startups if s.is_stale] == ["Sorggruppe i Verdal"]
    for startup in startups:
        startup.full_clean()
        assert [c.to_stage for c in startup.changes.all()][-1] == startup.stage
    assert StartUp.objects.filter(facilitators=facilitator).count() >= 4

    # Upcoming information meetings with sign-ups: one full with a waiting list, one still open.
    meetings = list(meetings_upcoming())
    full = [m for m in meetings if m.confirmed_count == m.capacity and m.waiting_count]
    open_ = [m for m in meetings if 0 < m.confirmed_count < m.capacity and meeting_is_open(m)]
    assert full and open_
    levanger = open_[0]
    assert (levanger.group.name, levanger.group.municipality.number) == ("Sorggruppe for etterlatte i Levanger", "5037")
    assert levanger.group.first_meeting > timezone.localdate(levanger.starts_at)
    assert "sorg" in {t.slug for t in levanger.group.themes.all()}

    # Confirmed interest registrations the demand page counts; two applications to decide.
    registrations = InterestRegistration.objects.all()
    assert registrations.count() >= 30
    assert all(r.is_confirmed and r.expires_at > timezone.now() for r in registrations)
    demand = interest_demand(user=coordinator)
    assert sum(row.count for row in demand.own) >= 25
    pending = application_list_for_admin(user=coordinator).filter(status=FacilitatorApplication.Status.PENDING)
    assert pending.count() == 2
    assert AuditEntry.objects.count() >= 20

    # And the pages show it.
    client.force_login(coordinator)
    overview = client.get("/admin/oppstarter/").content.decode()
    assert "Pårørendegruppe psykisk helse – Verdal" in overview and "Sorggruppe i Verdal" in overview
    assert "Trondheim" in client.get("/min-side/ettersporsel/").content.decode()
    client.force_login(User.objects.get(email="administrator@example.org"))
    record = client.get("/admin/logg/")
    assert record.status_code == 200 and "Sorggruppe for etterlatte i Levanger" in record.content.decode()
    client.logout()
    public = client.get("/informasjonsmoter/").content.decode()
    assert "Sorggruppe for etterlatte i Levanger" in public and "Pårørendegruppe psykisk helse – Verdal" in public

    # Idempotent: a second run adds nothing.
    counts = (StartUp.objects.count(), InterestRegistration.objects.count(), AuditEntry.objects.count())
    assert "Demo activity: already in place." in seed("--demo-groups", "10")
    assert (StartUp.objects.count(), InterestRegistration.objects.count(), AuditEntry.objects.count()) == counts


def test_the_demos_interested_people_hear_only_about_what_is_new(reference, django_capture_on_commit_callbacks):
    from facilitators.models import StartUp
    from facilitators.services.interest import interest_notify_due

    seed("--demo-groups", "10")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        interest_notify_due()
    # The groups starting up are news; the groups that already ran were told long ago.
    started = set(StartUp.objects.values_list("group__name", flat=True))
    assert mail.outbox
    told_about = {m.body for m in mail.outbox}
    assert all(any(name in body for name in started) for body in told_about)


def test_a_later_seed_holds_new_meetings_once_the_demos_have_passed(reference):
    import datetime

    from facilitators.models import InfoMeeting
    from home.demo_activity import demo_activity_ensure

    seed("--demo-groups", "10")
    before = InfoMeeting.objects.count()
    later = timezone.now() + datetime.timedelta(days=30)  # both demo meetings are over by then

    counts = demo_activity_ensure(now=later)

    assert counts["new information meetings"] == 2 and counts["start-ups"] == 0
    assert InfoMeeting.objects.count() == before + 2
    assert InfoMeeting.objects.filter(starts_at__gt=later).count() == 2
    assert demo_activity_ensure(now=later)["new information meetings"] == 0
