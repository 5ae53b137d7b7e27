"""Applying to become a facilitator: the public form, the coordinator's decision in the
admin, the applicant's first password, deletion 30 days after the decision, and deletion of
an application no one decided within 90 days."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group as Role
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from facilitators import roles
from facilitators.consent import APPLICATION_CONSENT_VERSION
from facilitators.models import FacilitatorApplication, User
from tests.factories import UserFactory, coordinator_for

URL = "/min-side/bli-igangsetter/"
RECEIVED_URL = "/min-side/bli-igangsetter/mottatt/"
ADMIN_URL = "/admin/facilitator_application/"
NEW_PASSWORD = "min-egen-lange-frase-42"


def user_with(role_name, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Role.objects.get(name=role_name))
    return user


@pytest.fixture
def valid(places):
    return {
        "name": "Sigrid Haugen",
        "email": "Sigrid.Haugen@example.net",
        "phone": "912 34 567",
        "municipality": str(places["levanger"].pk),
        "organisation": "Levanger frivilligsentral",
        "background": "Jeg har ledet sorggrupper i menigheten i fem år.",
        "consent": "on",
    }


@pytest.fixture
def coordinator(places):
    """The coordinator for Trøndelag, where Levanger is."""
    user = user_with(roles.REGIONAL_COORDINATOR, email="koordinator@example.org")
    user.coordinator_counties.set([places["levanger"].county])
    return user


def apply(valid, post):
    response = post(URL, valid)
    assert response.status_code == 302
    return FacilitatorApplication.objects.get()


def link_path(body):
    match = re.search(r"https?://[^/\s]+(/min-side/velg-passord/\S+/)", body)
    assert match, body
    return match.group(1)


@pytest.mark.django_db
def test_form_states_purpose_who_sees_it_and_how_long_it_is_kept(client, places):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "30" in page
    assert "90" in page
    assert 'name="consent"' in page
    assert 'name="website"' in page
    assert places["levanger"].name in page


@pytest.mark.django_db
def test_form_is_also_served_in_english(client, places):
    assert client.get("/en" + URL).status_code == 200


@pytest.mark.django_db
def test_applying_with_consent_stores_a_pending_application_and_confirms_by_email(client, valid, post, places):
    response = post(URL, valid)
    assert response.status_code == 302
    assert response["Location"] == RECEIVED_URL
    application = FacilitatorApplication.objects.get()
    assert application.status == FacilitatorApplication.Status.PENDING
    assert application.email == "sigrid.haugen@example.net"
    assert application.municipality == places["levanger"]
    assert application.consent_text_version == APPLICATION_CONSENT_VERSION
    # No address of the applicant's network is stored with the application (limits count keyed hashes).
    assert "10.0.0.7" not in str(FacilitatorApplication.objects.values().get())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sigrid.haugen@example.net"]
    assert client.get(RECEIVED_URL).status_code == 200
    assert not User.objects.filter(email="sigrid.haugen@example.net").exists()


@pytest.mark.django_db
def test_without_consent_nothing_is_stored_and_what_was_written_is_kept(valid, post):
    data = {key: value for key, value in valid.items() if key != "consent"}
    response = post(URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "ledet sorggrupper i menigheten" in page
    assert "Levanger frivilligsentral" in page
    assert not FacilitatorApplication.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_ended_municipality_cannot_be_chosen(valid, post, places):
    places["verdal"].ended_on = datetime.date(2020, 1, 1)
    places["verdal"].save()
    response = post(URL, {**valid, "municipality": str(places["verdal"].pk)})
    assert response.status_code == 400
    assert not FacilitatorApplication.objects.exists()


@pytest.mark.django_db
def test_honeypot_pretends_success_and_keeps_nothing(valid, post):
    response = post(URL, {**valid, "website": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == RECEIVED_URL
    assert not FacilitatorApplication.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_fourth_application_from_one_address_within_an_hour_is_429_and_keeps_the_text(valid, post):
    for n in range(3):
        assert post(URL, {**valid, "email": f"person{n}@example.net"}).status_code == 302
    response = post(URL, {**valid, "email": "fjerde@example.net"})
    assert response.status_code == 429
    assert "ledet sorggrupper i menigheten" in response.content.decode()
    assert "fjerde@example.net" in response.content.decode()
    assert FacilitatorApplication.objects.count() == 3
    # Another address is not affected.
    assert post(URL, {**valid, "email": "fjerde@example.net"}, ip="10.0.0.8").status_code == 302


@pytest.mark.django_db
def test_coordinator_sees_the_list_and_the_application(client, coordinator, valid, post):
    application = apply(valid, post)
    client.force_login(coordinator)
    listing = client.get(ADMIN_URL)
    assert listing.status_code == 200
    assert "Sigrid Haugen" in listing.content.decode()
    assert client.get(ADMIN_URL, {"status": "pending"}).status_code == 200
    assert client.get(ADMIN_URL, {"municipality__county": application.municipality.county_id}).status_code == 200
    inspect = client.get(f"{ADMIN_URL}inspect/{application.pk}/")
    assert inspect.status_code == 200
    assert "ledet sorggrupper" in inspect.content.decode()
    assert f"approve/{application.pk}/" in inspect.content.decode()


@pytest.mark.django_db
def test_applications_cannot_be_edited_or_added_in_the_admin(client, coordinator, valid, post):
    application = apply(valid, post)
    client.force_login(coordinator)
    assert client.get(f"{ADMIN_URL}edit/{application.pk}/").status_code == 404
    assert client.get(f"{ADMIN_URL}new/").status_code == 404


@pytest.mark.django_db
def test_approval_creates_a_facilitator_who_sets_a_password_by_the_link_and_logs_in(
    client, coordinator, valid, post, django_capture_on_commit_callbacks
):
    application = apply(valid, post)
    mail.outbox.clear()
    client.force_login(coordinator)
    response = post(f"{ADMIN_URL}approve/{application.pk}/", {"note": "Kjenner henne fra kurset."})
    assert response.status_code == 302

    application.refresh_from_db()
    assert application.status == FacilitatorApplication.Status.APPROVED
    assert application.decided_by == coordinator
    assert application.decided_at is not None
    assert application.decision_note == "Kjenner henne fra kurset."
    user = User.objects.get(email="sigrid.haugen@example.net")
    assert user.groups.filter(name=roles.FACILITATOR).exists()
    assert not user.has_usable_password()
    assert (user.first_name, user.last_name, user.phone) == ("Sigrid", "Haugen", "912 34 567")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sigrid.haugen@example.net"]
    path = link_path(mail.outbox[0].body)

    client.logout()
    # Django's reset-confirm view moves the token into the session and redirects.
    response = client.get(path)
    assert response.status_code == 302
    form_url = response["Location"]
    assert client.get(form_url).context["validlink"] is True
    too_short = client.post(form_url, {"new_password1": "kort-11-teg", "new_password2": "kort-11-teg"})
    assert too_short.status_code == 200
    assert too_short.context["form"].errors
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.has_usable_password()

    login = client.post("/min-side/logg-inn/", {"username": "sigrid.haugen@example.net", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == "/min-side/"
    # The link is spent.
    client.logout()
    assert client.get(path).context["validlink"] is False


@pytest.mark.django_db
def test_approval_reuses_an_existing_account_with_the_same_address(client, coordinator, valid, post):
    existing = user_with(roles.GROUP_CONTACT, email="sigrid.haugen@example.net")
    application = apply(valid, post)
    client.force_login(coordinator)
    post(f"{ADMIN_URL}approve/{application.pk}/", {})
    assert User.objects.filter(email__iexact="sigrid.haugen@example.net").count() == 1
    assert set(existing.groups.values_list("name", flat=True)) == {roles.GROUP_CONTACT, roles.FACILITATOR}


@pytest.mark.django_db
def test_decline_emails_the_applicant_and_creates_no_account(client, coordinator, valid, post):
    application = apply(valid, post)
    mail.outbox.clear()
    admin = user_with(roles.NATIONAL_ADMINISTRATOR)
    client.force_login(admin)
    response = post(f"{ADMIN_URL}decline/{application.pk}/", {"note": "Ingen behov i Levanger nå."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == FacilitatorApplication.Status.DECLINED
    assert application.decided_by == admin
    assert application.decision_note == "Ingen behov i Levanger nå."
    assert not User.objects.filter(email="sigrid.haugen@example.net").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sigrid.haugen@example.net"]
    # The staff note is not sent.
    assert "Ingen behov" not in mail.outbox[0].body


@pytest.mark.django_db
def test_a_decided_application_cannot_be_decided_again(client, coordinator, valid, post):
    application = apply(valid, post)
    client.force_login(coordinator)
    post(f"{ADMIN_URL}decline/{application.pk}/", {})
    mail.outbox.clear()
    post(f"{ADMIN_URL}approve/{application.pk}/", {})
    application.refresh_from_db()
    assert application.status == FacilitatorApplication.Status.DECLINED
    assert not User.objects.filter(email="sigrid.haugen@example.net").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_decisions_are_post_only(client, coordinator, valid, post):
    application = apply(valid, post)
    client.force_login(coordinator)
    assert client.get(f"{ADMIN_URL}approve/{application.pk}/").status_code == 405
    application.refresh_from_db()
    assert application.status == FacilitatorApplication.Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("role_name", roles.FRONT_END_ROLES)
def test_facilitators_and_group_contacts_cannot_reach_the_application_admin(client, valid, post, role_name):
    application = apply(valid, post)
    client.force_login(user_with(role_name))
    for url in (ADMIN_URL, f"{ADMIN_URL}inspect/{application.pk}/"):
        assert client.get(url).status_code == 302
    for action in ("approve", "decline"):
        assert post(f"{ADMIN_URL}{action}/{application.pk}/", {}).status_code == 302
    application.refresh_from_db()
    assert application.status == FacilitatorApplication.Status.PENDING
    assert not User.objects.filter(email="sigrid.haugen@example.net").exists()


@pytest.mark.django_db
def test_staff_without_the_application_permission_cannot_decide(client, valid, post):
    application = apply(valid, post)
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    # Wagtail answers a refused admin view with a redirect to the dashboard.
    assert client.get(ADMIN_URL).status_code == 302
    assert post(f"{ADMIN_URL}approve/{application.pk}/", {}).status_code == 302
    application.refresh_from_db()
    assert application.status == FacilitatorApplication.Status.PENDING


@pytest.mark.django_db
def test_housekeeping_deletes_decided_applications_30_days_after_the_decision(client, coordinator, valid, post):
    for n, ip in enumerate(("10.0.1.1", "10.0.1.2", "10.0.1.3")):
        post(URL, {**valid, "email": f"soker{n}@example.net"}, ip=ip)
    approved, declined, pending = FacilitatorApplication.objects.order_by("email")
    client.force_login(coordinator)
    post(f"{ADMIN_URL}approve/{approved.pk}/", {})
    post(f"{ADMIN_URL}decline/{declined.pk}/", {})

    with time_machine.travel(timezone.now() + datetime.timedelta(days=29)):
        call_command("housekeeping", verbosity=0)
    assert FacilitatorApplication.objects.count() == 3

    with time_machine.travel(timezone.now() + datetime.timedelta(days=30, minutes=1)):
        call_command("housekeeping", verbosity=0)
    assert list(FacilitatorApplication.objects.all()) == [pending]
    assert User.objects.filter(email="soker0@example.net").exists()



@pytest.mark.django_db
def test_housekeeping_deletes_an_application_no_one_decided_in_90_days_and_tells_the_applicant(
    client, coordinator, valid, post, caplog, django_capture_on_commit_callbacks
):
    start = timezone.now()
    post(URL, {**valid, "email": "venter@example.net"}, ip="10.0.2.1")
    post("/en" + URL, {**valid, "email": "waiting@example.net"}, ip="10.0.2.2")
    post(URL, {**valid, "email": "besluttet@example.net"}, ip="10.0.2.3")
    assert "90" in mail.outbox[0].body  # the receipt says so
    mail.outbox.clear()
    with time_machine.travel(start + datetime.timedelta(days=80)):
        client.force_login(coordinator)
        decided = FacilitatorApplication.objects.get(email="besluttet@example.net")
        post(f"{ADMIN_URL}decline/{decided.pk}/", {})
    mail.outbox.clear()

    with time_machine.travel(start + datetime.timedelta(days=89)):
        call_command("housekeeping", verbosity=0)
    assert FacilitatorApplication.objects.count() == 3
    assert mail.outbox == []

    with time_machine.travel(start + datetime.timedelta(days=90, minutes=1)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("housekeeping", verbosity=0)
    # Only the undecided ones; the declined one waits its 30 days after the decision.
    assert list(FacilitatorApplication.objects.values_list("email", flat=True)) == ["besluttet@example.net"]
    told = {message.to[0]: message for message in mail.outbox}
    assert sorted(told) == ["venter@example.net", "waiting@example.net"]
    english = told["waiting@example.net"]
    assert english.subject == "Your application to become a facilitator has been deleted"
    assert "not been decided within 90 days" in english.body
    assert "http://testserver/en/min-side/bli-igangsetter/" in english.body
    assert "http://testserver/min-side/bli-igangsetter/" in told["venter@example.net"].body
    # The administrators learn that a county's applications wait too long, without a name.
    warnings = [record.getMessage() for record in caplog.records if "not decided within 90 days" in record.getMessage()]
    assert len(warnings) == 2
    assert not any("Sigrid" in warning or "@" in warning for warning in warnings)

def test_a_coordinator_sees_only_applications_from_their_counties(client, coordinator, valid, post, places):
    apply(valid, post)
    client.force_login(coordinator_for(places["bodo"].county, email="nordland@example.org"))
    response = client.get(ADMIN_URL)
    assert "Sigrid Haugen" not in response.content.decode()
    application = FacilitatorApplication.objects.get()
    assert client.get(f"{ADMIN_URL}inspect/{application.pk}/").status_code == 404
    client.force_login(coordinator)
    assert "Sigrid Haugen" in client.get(ADMIN_URL).content.decode()


@pytest.mark.django_db
def test_the_same_application_sent_again_is_answered_the_same_and_saves_and_sends_nothing(valid, post):
    # A double click, or the browser sending the form once more.
    first = post(URL, valid, ip="10.0.0.7")
    mail.outbox = []
    again = post(URL, valid, ip="10.0.0.8")
    assert first.status_code == again.status_code == 302
    assert again["Location"] == RECEIVED_URL
    assert FacilitatorApplication.objects.count() == 1
    assert mail.outbox == []
    # Something changed is a new application.
    assert post(URL, {**valid, "background": valid["background"] + " Og mer."}).status_code == 302
    assert FacilitatorApplication.objects.count() == 2
