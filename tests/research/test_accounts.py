"""Applying for a researcher account: the public form, the national administrator's decision in
the admin (never a coordinator's), the first password and the two-factor login that follows,
and the link from Min side to the researcher's studies."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override

from facilitators import roles
from facilitators.models import AuditEntry, User
from facilitators.models.records import Action
from research.forms.accounts import (
    RESEARCHER_APPLICATION_CONSENT_VERSION,
    RESEARCHER_APPLICATION_PURPOSE,
    RESEARCHER_APPLICATION_RETENTION,
    RESEARCHER_APPLICATION_WHO_SEES,
)
from research.models import ResearcherApplication
from tests.factories import facilitator_in
from tests.factories.research import researcher

URL = "/min-side/forsker/soknad/"
RECEIVED_URL = "/min-side/forsker/soknad/mottatt/"
ADMIN_URL = "/admin/forskersoknader/"
NEW_PASSWORD = "min-egen-lange-frase-42"

VALID = {
    "name": "Rita Forsker",
    "institution": "NTNU",
    "email": "Rita.Forsker@ntnu.example",
    "position": "Postdoktor",
    "consent": "on",
}


def apply(post, data=None, ip="10.0.0.7"):
    response = post(URL, data or VALID, ip=ip)
    assert response.status_code == 302
    return ResearcherApplication.objects.latest("pk")


@pytest.mark.django_db
def test_form_states_purpose_who_sees_it_and_how_long_it_is_kept(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    with override("nb"):
        purpose = str(RESEARCHER_APPLICATION_PURPOSE)
        who_sees = str(RESEARCHER_APPLICATION_WHO_SEES)
        # Kept 30 days after the decision, deleted if undecided within 90 days.
        retention = str(RESEARCHER_APPLICATION_RETENTION) % {"decided_days": 30, "pending_days": 90}
    assert escape(purpose) in page
    assert escape(who_sees) in page
    assert escape(retention) in page
    assert 'name="consent"' in page
    assert 'name="website"' in page
    assert client.get("/en" + URL).status_code == 200


@pytest.mark.django_db
def test_applying_stores_a_pending_application_and_the_receipt_repeats_nothing_typed(client, post):
    response = post(URL, VALID)
    assert response["Location"] == RECEIVED_URL
    application = ResearcherApplication.objects.get()
    assert application.status == ResearcherApplication.Status.PENDING
    assert application.email == "rita.forsker@ntnu.example"
    assert (application.institution, application.position) == ("NTNU", "Postdoktor")
    assert application.consent_text_version == RESEARCHER_APPLICATION_CONSENT_VERSION
    assert application.language == "nb"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rita.forsker@ntnu.example"]
    assert "Rita" not in mail.outbox[0].body and "NTNU" not in mail.outbox[0].body
    assert client.get(RECEIVED_URL).status_code == 200
    assert not User.objects.filter(email="rita.forsker@ntnu.example").exists()


@pytest.mark.django_db
def test_without_consent_nothing_is_stored_and_what_was_written_is_kept(post):
    response = post(URL, {**VALID, "consent": ""})
    assert response.status_code == 400
    assert "Postdoktor" in response.content.decode()
    assert not ResearcherApplication.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_honeypot_pretends_success_and_keeps_nothing(post):
    response = post(URL, {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == RECEIVED_URL
    assert not ResearcherApplication.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_fourth_application_from_one_network_within_an_hour_is_429(post):
    for n in range(3):
        assert post(URL, {**VALID, "email": f"forsker{n}@ntnu.example"}).status_code == 302
    response = post(URL, {**VALID, "email": "fjerde@ntnu.example"})
    assert response.status_code == 429
    assert "fjerde@ntnu.example" in response.content.decode()
    assert ResearcherApplication.objects.count() == 3
    assert post(URL, {**VALID, "email": "fjerde@ntnu.example"}, ip="10.0.0.8").status_code == 302


@pytest.mark.django_db
def test_administrator_sees_the_menu_the_list_and_the_application(client, people, post):
    application = apply(post)
    client.force_login(people["administrator"])
    assert ADMIN_URL in client.get("/admin/").text
    listing = client.get(ADMIN_URL)
    assert listing.status_code == 200
    assert "Rita Forsker" in listing.text
    assert "Rita Forsker" in client.get(ADMIN_URL, {"q": "ntnu"}).text
    assert "Rita Forsker" not in client.get(ADMIN_URL, {"status": "approved"}).text
    inspect = client.get(f"{ADMIN_URL}inspect/{application.pk}/")
    assert inspect.status_code == 200
    assert "Postdoktor" in inspect.text
    assert f"approve/{application.pk}/" in inspect.text
    assert client.get(f"{ADMIN_URL}edit/{application.pk}/").status_code == 404
    assert client.get(f"{ADMIN_URL}new/").status_code == 404


@pytest.mark.django_db
def test_a_coordinator_neither_sees_nor_decides_researcher_applications(client, people, post):
    application = apply(post)
    client.force_login(people["coordinator"])
    home = client.get("/admin/").text
    assert ADMIN_URL not in home
    assert "/admin/studier/" not in home
    # Wagtail sends someone without permission back to the dashboard; an application is a 404.
    assert client.get(ADMIN_URL).status_code == 302
    assert client.get(f"{ADMIN_URL}inspect/{application.pk}/").status_code == 404
    assert post(f"{ADMIN_URL}approve/{application.pk}/").status_code == 404
    assert post(f"{ADMIN_URL}decline/{application.pk}/").status_code == 404
    application.refresh_from_db()
    assert application.status == ResearcherApplication.Status.PENDING
    assert not User.objects.filter(email=application.email).exists()


@pytest.mark.django_db
def test_a_facilitator_and_a_researcher_do_not_reach_the_admin(client, people, post):
    application = apply(post)
    for person in (people["facilitator"], researcher(email="r@example.org")):
        client.force_login(person)
        response = client.get(f"{ADMIN_URL}inspect/{application.pk}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert post(f"{ADMIN_URL}approve/{application.pk}/").status_code == 302
    application.refresh_from_db()
    assert application.status == ResearcherApplication.Status.PENDING


def _link_path(body):
    match = re.search(r"https?://[^/\s]+(/(?:en/)?min-side/velg-passord/\S+/)", body)
    assert match, body
    return match.group(1)


@pytest.mark.django_db
def test_approval_makes_a_researcher_who_chooses_a_password_and_must_set_up_two_factor_login(
    client, people, post
):
    application = apply(post)
    mail.outbox.clear()
    client.force_login(people["administrator"])
    response = post(f"{ADMIN_URL}approve/{application.pk}/")
    assert response.status_code == 302

    application.refresh_from_db()
    assert application.status == ResearcherApplication.Status.APPROVED
    assert application.decided_by == people["administrator"]
    user = User.objects.get(email="rita.forsker@ntnu.example")
    assert list(user.groups.values_list("name", flat=True)) == [roles.RESEARCHER]
    assert (user.first_name, user.last_name) == ("Rita", "Forsker")
    assert not user.has_usable_password()
    assert not user.is_staff
    entry = AuditEntry.objects.get(action=Action.RESEARCHER_APPROVED)
    assert entry.object_label == f"#{application.pk}"
    assert "Rita" not in entry.object_label + entry.detail
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rita.forsker@ntnu.example"]
    with override("nb"):
        two_factor = gettext(
            "You log in with your e-mail address (%(email)s). The first time, you also set up two-factor login with "
            "an authenticator app on your phone: researchers see volunteers' contact details, so a password alone is "
            "not enough."
        ) % {"email": "rita.forsker@ntnu.example"}
    assert "totrinnsinnlogging" in two_factor
    assert two_factor in mail.outbox[0].body

    client.logout()
    form_url = client.get(_link_path(mail.outbox[0].body))["Location"]
    assert client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status_code == 302
    login = client.post(reverse("facilitators:login"), {"username": user.email, "password": NEW_PASSWORD})
    assert login.status_code == 302
    # A password alone does not open the researcher's pages.
    response = client.get(reverse("research:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("facilitators:second_factor_setup"))


@pytest.mark.django_db
def test_approval_is_written_in_the_language_the_researcher_applied_in(client, people, post):
    response = post("/en" + URL, VALID)
    assert response.status_code == 302
    application = ResearcherApplication.objects.get()
    assert application.language == "en"
    mail.outbox.clear()
    client.force_login(people["administrator"])
    post(f"{ADMIN_URL}approve/{application.pk}/")
    assert mail.outbox[0].subject == "You can now recruit for research on Samhold"
    assert "/en/min-side/velg-passord/" in mail.outbox[0].body


@pytest.mark.django_db
def test_approval_reuses_an_account_with_the_same_address_and_keeps_its_roles(client, people, places, post):
    existing = facilitator_in(places["levanger"], email="rita.forsker@ntnu.example")
    application = apply(post)
    client.force_login(people["administrator"])
    post(f"{ADMIN_URL}approve/{application.pk}/")
    assert User.objects.filter(email__iexact="rita.forsker@ntnu.example").count() == 1
    assert set(existing.groups.values_list("name", flat=True)) == {roles.FACILITATOR, roles.RESEARCHER}
    # The account has a password: the e-mail sends the person to log in, not to choose one.
    assert "/min-side/logg-inn/" in mail.outbox[-1].body


@pytest.mark.django_db
def test_decline_tells_the_applicant_makes_no_account_and_cannot_be_decided_twice(client, people, post):
    application = apply(post)
    mail.outbox.clear()
    client.force_login(people["administrator"])
    post(f"{ADMIN_URL}decline/{application.pk}/")
    application.refresh_from_db()
    assert application.status == ResearcherApplication.Status.DECLINED
    assert not User.objects.filter(email=application.email).exists()
    assert AuditEntry.objects.filter(action=Action.RESEARCHER_DECLINED).count() == 1
    assert len(mail.outbox) == 1
    # A second decision (another tab, another administrator) changes nothing and sends nothing.
    post(f"{ADMIN_URL}approve/{application.pk}/")
    application.refresh_from_db()
    assert application.status == ResearcherApplication.Status.DECLINED
    assert len(mail.outbox) == 1
    assert not User.objects.filter(email=application.email).exists()


@pytest.mark.django_db
def test_min_side_links_to_the_studies_only_for_researchers(client, people):
    link = reverse("research:home")
    client.force_login(researcher(email="r@example.org"))
    assert link in client.get(reverse("facilitators:home")).text
    client.force_login(people["facilitator"])
    assert link not in client.get(reverse("facilitators:home")).text


@pytest.mark.django_db
def test_the_same_application_sent_again_is_answered_the_same_and_saves_and_sends_nothing(post):
    assert post(URL, VALID).status_code == 302
    mail.outbox = []
    again = post(URL, VALID, ip="10.0.0.8")
    assert again["Location"] == RECEIVED_URL
    assert ResearcherApplication.objects.count() == 1
    assert mail.outbox == []
    assert post(URL, {**VALID, "position": "Professor"}).status_code == 302
    assert ResearcherApplication.objects.count() == 2
