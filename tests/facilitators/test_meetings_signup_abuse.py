"""Regressions: information-meeting sign-up could be turned against people.

- Anyone's address could be signed up, and its owner was told "You have a place at the
  information meeting about «Sorggruppe…»".
- Phone-only sign-ups (no confirmation possible) could fill every place.
- Re-posting the form re-sent the e-mail each time.
- The page after signing up showed the sign-up when the address was new, and not when it was
  known: it told whether someone was signed up for a health-themed meeting."""

import re

import pytest
from django.core import mail

from facilitators.models import AuditEntry, MeetingSignUp
from facilitators.models.records import Action
from tests.facilitators.meetings_helpers import confirm_path, mail_to, make_meeting, sign_up, signup_url


def valid(**overrides):
    return {"name": "Sigrid", "email": "sigrid@example.net", "phone": "", "consent": "on", **overrides}


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.django_db
def test_someone_elses_address_gets_a_neutral_e_mail_and_holds_no_place(post, meeting):
    post(signup_url(meeting), valid(name="Sjekk om Sigrid går i sorggruppe"))
    [message] = mail.outbox
    assert message.to == ["sigrid@example.net"]
    text = message.subject + message.body
    # Before the owner confirms: no group, no theme, no place, nothing typed into the form.
    for absent in ("Sorggruppe", "Levanger", "Sorg", "Sjekk om", ".ics"):
        assert absent not in text
    assert message.attachments == []
    assert MeetingSignUp.objects.get().status == MeetingSignUp.Status.PENDING
    assert meeting.signups.filter(status=MeetingSignUp.Status.CONFIRMED).count() == 0


@pytest.mark.django_db
def test_the_owner_can_delete_a_sign_up_they_did_not_make_from_the_e_mail(client, post, meeting):
    post(signup_url(meeting), valid())
    link = confirm_path(mail.outbox[0].body)
    response = post(link, {"action": "delete"})
    assert response.status_code == 200
    assert not MeetingSignUp.objects.exists()
    assert client.get(link).status_code == 404


@pytest.mark.django_db
def test_phone_only_sign_ups_cannot_fill_the_meeting(client, post, meeting, people):
    for number in range(5):
        post(signup_url(meeting), valid(email="", phone=f"900 00 00{number}", name=f"Falsk {number}"),
             ip=f"10.0.{number}.1")
    assert MeetingSignUp.objects.filter(status=MeetingSignUp.Status.CALL).count() == 5
    page = client.get(signup_url(meeting)).content.decode()
    assert "Meld deg på ventelisten" not in page
    # A real person still gets a place.
    sign_up(meeting, name="Ekte", email="ekte@example.org")
    assert MeetingSignUp.objects.get(email="ekte@example.org").status == MeetingSignUp.Status.CONFIRMED


@pytest.mark.django_db
def test_the_facilitator_confirms_a_phone_sign_up_after_calling_or_removes_it(client, post, meeting, people):
    coming = sign_up(meeting, name="Kari", phone="912 34 567")
    fake = sign_up(meeting, name="Falsk", phone="900 00 000")
    client.force_login(people["facilitator"])
    url = f"/min-side/informasjonsmoter/{meeting.pk}/pameldinger/"
    assert post(f"{url}{coming.pk}/", {"action": "confirm"}, client_=client).status_code == 302
    assert post(f"{url}{fake.pk}/", {"action": "remove"}, client_=client).status_code == 302
    coming.refresh_from_db()
    assert coming.status == MeetingSignUp.Status.CONFIRMED
    assert not MeetingSignUp.objects.filter(pk=fake.pk).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {Action.SIGNUP_CONFIRMED_BY_PHONE, Action.SIGNUP_REMOVED} <= actions


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["other_facilitator", "other_coordinator", "contact"])
def test_nobody_else_can_confirm_or_remove_a_sign_up(client, post, meeting, people, role):
    signup = sign_up(meeting, name="Kari", phone="912 34 567")
    client.force_login(people[role])
    url = f"/min-side/informasjonsmoter/{meeting.pk}/pameldinger/{signup.pk}/"
    assert post(url, {"action": "confirm"}, client_=client).status_code == 404
    assert post(url, {"action": "remove"}, client_=client).status_code == 404
    signup.refresh_from_db()
    assert signup.status == MeetingSignUp.Status.CALL


@pytest.mark.django_db
def test_posting_the_same_address_again_sends_no_second_e_mail(post, meeting):
    for _ in range(3):
        assert post(signup_url(meeting), valid()).status_code == 302
    assert MeetingSignUp.objects.count() == 1
    assert len(mail_to("sigrid@example.net")) == 1
    # Also after it was confirmed.
    post(confirm_path(mail.outbox[0].body), {"action": "confirm"})
    sent = len(mail.outbox)
    post(signup_url(meeting), valid(name="Noen andre"), ip="10.0.0.99")
    assert len(mail.outbox) == sent
    assert MeetingSignUp.objects.count() == 1


@pytest.mark.django_db
def test_the_page_after_signing_up_is_the_same_for_a_known_and_an_unknown_address(client, post, meeting):
    sign_up(meeting, name="Sigrid", email="sigrid@example.net")
    known = post(signup_url(meeting), valid(), ip="10.0.0.2", client_=client.__class__())
    unknown = post(signup_url(meeting), valid(email="ny@example.net"), ip="10.0.0.3", client_=client.__class__())
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    known_page = client.__class__().get(known["Location"])
    unknown_page = client.__class__().get(unknown["Location"])
    assert without_csrf(known_page.content.decode()) == without_csrf(unknown_page.content.decode())
    # And no cookie tells them apart: an anonymous sign-up makes no session.
    assert "sessionid" not in known.cookies and "sessionid" not in unknown.cookies


@pytest.mark.django_db
def test_one_address_gets_only_a_few_of_our_forms_e_mails_a_day_whoever_asks(post, planned_group, settings):
    settings.SAMHOLD_MAIL_LIMIT_PER_RECIPIENT_PER_DAY = 2
    meetings = [make_meeting(planned_group, capacity=10) for _ in range(4)]
    for number, meeting in enumerate(meetings):
        assert post(signup_url(meeting), valid(), ip=f"10.{number}.0.1").status_code == 302
    assert len(mail_to("sigrid@example.net")) == 2
    # Nothing is kept for the sign-ups that sent no e-mail.
    assert MeetingSignUp.objects.count() == 2


@pytest.mark.django_db
def test_one_phone_number_written_two_ways_is_one_sign_up(post, meeting):
    for phone in ("912 34 567", "91234567", "+47 912 34 567"):
        post(signup_url(meeting), valid(email="", phone=phone), ip=f"10.5.{len(phone)}.1")
    assert MeetingSignUp.objects.count() == 1
