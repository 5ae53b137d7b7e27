"""Regressions: private links.

- The facilitator's message to interested people invited a reply and carried the person's
  permanent private link: a quoted reply handed the facilitator the power to see, change or
  delete the registration.
- One token both confirmed and managed a registration, and tokens were stored in clear: a copy
  of the database opened everyone's page.
- Public forms mailed attacker-chosen text and health themes to any address ("Depresjon in
  Levanger" to a stranger; the application's "name" in "Hei …")."""

import pytest
from django.core import mail
from django.db import connection

from facilitators.models import ApplicationLink, InterestLink, InterestRegistration, SignUpLink
from facilitators.services.interest import interest_message_send
from samhold.crypto import token_hash
from tests.facilitators.interest_helpers import manage_link, messages_to, path_in
from tests.facilitators.meetings_helpers import make_meeting, sign_up
from tests.factories import SelfHelpGroupFactory, StartUpFactory

REGISTER_URL = "/meld-interesse/"


@pytest.fixture
def valid(places, themes):
    return {
        "themes": [themes["depresjon"].pk],
        "municipality": places["levanger"].pk,
        "radius_km": 0,
        "email": "nabo@example.net",
        "message": "Klikk her: http://phish.example",
        "consent": "on",
    }


@pytest.mark.django_db
def test_no_token_is_stored_in_clear(post, valid, registration_of):
    post(REGISTER_URL, valid)
    token = path_in(messages_to("nabo@example.net")[0].body, "bekreft").rstrip("/").rsplit("/", 1)[1]
    assert InterestLink.objects.filter(token_hash=token_hash(token)).exists()
    registration = registration_of()
    link = manage_link(registration)
    manage_token = link.rstrip("/").rsplit("/", 1)[1]
    with connection.cursor() as cursor:
        for table in ("facilitators_interestregistration", "facilitators_interestlink",
                      "facilitators_meetingsignup", "facilitators_signuplink"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            rows = " ".join(str(value) for row in cursor.fetchall() for value in row)
            assert token not in rows and manage_token not in rows


@pytest.mark.django_db
def test_a_confirm_link_cannot_open_the_manage_page_nor_a_manage_link_confirm(client, post, valid):
    post(REGISTER_URL, valid)
    confirm = path_in(messages_to("nabo@example.net")[0].body, "bekreft")
    as_manage = confirm.replace("/bekreft/", "/din/")
    assert client.get(as_manage).status_code == 404
    assert client.post(f"{as_manage}slett/").status_code == 404
    registration = InterestRegistration.objects.get()
    manage = manage_link(registration)
    assert client.get(manage.replace("/din/", "/bekreft/")).status_code == 404


@pytest.mark.django_db
def test_before_confirmation_the_e_mail_carries_no_theme_and_nothing_typed(post, valid):
    post(REGISTER_URL, valid)
    [message] = messages_to("nabo@example.net")
    text = message.subject + message.body
    for absent in ("Depresjon", "depresjon", "Levanger", "phish.example", "Klikk her"):
        assert absent not in text


@pytest.mark.django_db
def test_the_application_e_mail_repeats_no_name_and_offers_to_withdraw(client, post, places):
    data = {
        "name": "Besøk http://phish.example for å bekrefte", "email": "offer@example.net",
        "municipality": places["levanger"].pk, "background": "Jeg har lang erfaring med frivillig arbeid.",
        "consent": "on",
    }
    assert post("/min-side/bli-igangsetter/", data).status_code == 302
    [message] = messages_to("offer@example.net")
    assert "phish.example" not in message.body and "Besøk" not in message.body
    link = [line for line in message.body.splitlines() if "/min-side/bli-igangsetter/din/" in line][0]
    path = link[link.index("/min-side/"):]
    page = client.get(path)
    assert page.status_code == 200 and "phish.example" in page.content.decode()  # shown to the mailbox's owner
    assert ApplicationLink.objects.count() == 1
    export = client.get(f"{path}data.json")
    assert export.status_code == 200 and export.json()["email"] == "offer@example.net"
    assert client.post(path).status_code == 200
    from facilitators.models import FacilitatorApplication

    assert not FacilitatorApplication.objects.exists()
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_a_facilitators_message_carries_no_private_link_a_reply_could_hand_over(
    committed, registration_of, places, themes, people
):
    person = registration_of(municipality="levanger", theme_names=("sorg",), email="her@example.net")
    group = StartUpFactory(
        group__municipality=places["levanger"], group__themes=[themes["sorg"]], group__live=True,
        group__status="recruiting", facilitators=[people["facilitator"]],
    ).group
    mail.outbox = []
    links_before = InterestLink.objects.filter(owner=person).count()
    committed(interest_message_send, group=group, sender=people["facilitator"], message="Velkommen til møte!")
    [message] = messages_to(person.email)
    assert message.reply_to == ["fia@example.org"]
    assert "/meld-interesse/din/" not in message.body and "/meld-interesse/bekreft/" not in message.body
    assert "/mine-opplysninger/" in message.body  # where to get a link of one's own instead
    assert InterestLink.objects.filter(owner=person).count() == links_before  # none issued for this e-mail


@pytest.mark.django_db
def test_my_links_answers_the_same_for_known_and_unknown_addresses_and_mails_only_the_owner(
    client, post, registration_of, places
):
    registration_of(email="kjent@example.net")
    meeting = make_meeting(SelfHelpGroupFactory(status="planned", municipality=places["levanger"]))
    sign_up(meeting, email="kjent@example.net")
    mail.outbox = []
    known = post("/mine-opplysninger/", {"email": "Kjent@Example.net"}, ip="10.1.1.1")
    unknown = post("/mine-opplysninger/", {"email": "ukjent@example.net"}, ip="10.1.1.2")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"]) == (
        302, "/mine-opplysninger/sendt/"
    )
    [message] = mail.outbox
    assert message.to == ["kjent@example.net"]
    # The e-mail may show on a lock screen: it names no group and no theme.
    assert "Sorg" not in message.subject + message.body and "Levanger" not in message.body
    paths = [line[line.index("/", 8):] for line in message.body.splitlines() if line.startswith("http")]
    assert len(paths) == 2
    for path in paths:
        assert client.get(path).status_code == 200
    assert SignUpLink.objects.count() >= 1


@pytest.mark.django_db
def test_my_links_is_limited_per_network(post, settings):
    settings.SAMHOLD_MY_LINKS_LIMIT_PER_IP_PER_HOUR = 2
    for number in range(2):
        assert post("/mine-opplysninger/", {"email": f"p{number}@example.net"}).status_code == 302
    response = post("/mine-opplysninger/", {"email": "p3@example.net"})
    assert response.status_code == 429
    assert "p3@example.net" in response.content.decode()


@pytest.mark.django_db
def test_a_used_or_unknown_link_gets_a_calm_page_that_offers_new_links(client):
    for path in ("/meld-interesse/din/ukjent/", "/meld-interesse/bekreft/ukjent/", "/informasjonsmoter/bekreft/x/",
                 "/informasjonsmoter/pamelding/x/", "/min-side/bli-igangsetter/din/x/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "/mine-opplysninger/" in response.content.decode()
