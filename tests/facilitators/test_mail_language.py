"""E-mail about a facilitator application is written in the language the person applied in,
and says how to see or delete the application and when it is deleted anyway."""

import re

import pytest
from django.contrib.auth.models import Group as Role
from django.core import mail

from facilitators import roles
from facilitators.models import FacilitatorApplication
from samhold.models import ContactSettings
from tests.factories import UserFactory

URL = "/min-side/bli-igangsetter/"
ADMIN_URL = "/admin/facilitator_application/"


@pytest.fixture
def valid(places):
    return {
        "name": "Emily Clarke",
        "email": "emily@example.net",
        "municipality": str(places["levanger"].pk),
        "background": "I have run peer support groups in Leeds for years.",
        "consent": "on",
    }


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def _post(url, data, ip="10.0.0.9"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, REMOTE_ADDR=ip)

    return _post


@pytest.fixture
def coordinator(places):
    user = UserFactory(email="koordinator@example.org")
    user.groups.add(Role.objects.get(name=roles.REGIONAL_COORDINATOR))
    user.coordinator_counties.set({municipality.county for municipality in places.values()})
    return user


@pytest.fixture
def contact(db):
    settings = ContactSettings.load()
    settings.coordinator_name = "Selvhjelp Trøndelag"
    settings.coordinator_email = "personvern@selvhjelp.example"
    settings.save()
    return settings


@pytest.fixture
def privacy_pages(site):
    """The privacy statement in Bokmål and English, as the site's setup makes it."""
    from home.services import site_pages_ensure

    site_pages_ensure()


def decide(client, coordinator, post, application, decision):
    client.force_login(coordinator)
    mail.outbox.clear()
    # The coordinator works in the admin in Norwegian.
    response = post(f"{ADMIN_URL}{decision}/{application.pk}/", {"note": "Internt notat."})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    return mail.outbox[0]


@pytest.mark.django_db
def test_an_english_applicant_is_answered_in_english_when_approved(client, coordinator, valid, post, contact):
    assert post("/en" + URL, valid).status_code == 302
    application = FacilitatorApplication.objects.get()
    assert application.language == "en"
    received = mail.outbox[0]
    assert received.subject == "We have received your application to become a facilitator"
    # The address is not confirmed: the e-mail repeats nothing typed, not even the name.
    assert received.body.startswith("Hello,")
    assert "Emily" not in received.body
    assert "/en/min-side/bli-igangsetter/din/" in received.body

    approved = decide(client, coordinator, post, application, "approve")
    assert approved.subject == "You can now be a facilitator on Samhold"
    assert "Your application to become a facilitator on Samhold is approved." in approved.body
    # The link opens the English site.
    assert re.search(r"http://testserver/en/min-side/velg-passord/\S+/\S+/", approved.body)
    assert "Hei" not in approved.body
    assert "Internt notat" not in approved.body


@pytest.mark.django_db
def test_an_english_applicant_is_answered_in_english_when_declined(client, coordinator, valid, post, contact):
    post("/en" + URL, valid)
    application = FacilitatorApplication.objects.get()
    declined = decide(client, coordinator, post, application, "decline")
    assert declined.subject == "About your application to become a facilitator"
    assert declined.body.startswith("Hello Emily Clarke,")
    assert "We delete your application 30 days from now." in declined.body
    assert "Internt notat" not in declined.body


@pytest.mark.django_db
def test_a_norwegian_applicant_is_answered_in_norwegian(client, coordinator, valid, post, contact):
    post(URL, {**valid, "name": "Sigrid Haugen"})
    application = FacilitatorApplication.objects.get()
    assert application.language == "nb"
    approved = decide(client, coordinator, post, application, "approve")
    assert approved.body.startswith("Hei Sigrid Haugen,")
    assert re.search(r"http://testserver/min-side/velg-passord/\S+/\S+/", approved.body)


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_every_application_email_says_how_to_see_or_delete_it(client, coordinator, valid, post, contact, decision):
    post("/en" + URL, valid)
    received = mail.outbox[0]
    application = FacilitatorApplication.objects.get()
    decided = decide(client, coordinator, post, application, decision)
    for message in (received, decided):
        assert (
            "To see what we have stored about you, or to have your application deleted now, "
            "write to Selvhjelp Trøndelag at personvern@selvhjelp.example."
        ) in message.body
        assert "30 days" in message.body


@pytest.mark.django_db
def test_the_emails_link_to_the_privacy_statement_in_the_applicants_language(
    client, coordinator, valid, post, contact, privacy_pages
):
    post("/en" + URL, valid)
    assert "How Samhold handles personal data: http://testserver/en/privacy/" in mail.outbox[0].body
    mail.outbox.clear()
    post(URL, {**valid, "email": "sigrid@example.net"})
    assert "http://testserver/personvern/" in mail.outbox[0].body
