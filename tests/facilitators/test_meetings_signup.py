"""Signing up for an information meeting: confirming from the e-mail, places, the waiting list,
the confirmation with an .ics file and a link to cancel, and cancelling by that link."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override

from facilitators.consent import MEETING_SIGNUP_CONSENT_VERSION
from facilitators.models import MeetingSignUp
from facilitators.services.meetings import MeetingClosed, signup_cancel, signup_confirm
from tests.facilitators.meetings_helpers import (
    confirm_path,
    mail_to,
    make_meeting,
    manage_link,
    manage_path,
    sign_up,
    signup_url,
)
from tests.factories import SelfHelpGroupFactory

CONFIRMED, WAITING = MeetingSignUp.Status.CONFIRMED, MeetingSignUp.Status.WAITING


def nb(msgid, plural=None, count=None):
    """The Bokmål text (the English msgid until the translations are merged)."""
    with override("nb"):
        return ngettext(msgid, plural, count) if plural else gettext(msgid)


def valid(**overrides):
    return {"name": "Sigrid", "email": "Sigrid@example.net", "phone": "", "consent": "on", **overrides}


@pytest.mark.django_db
def test_the_sign_up_page_states_purpose_who_sees_it_and_retention(client, meeting):
    response = client.get(signup_url(meeting))
    assert response.status_code == 200
    page = response.content.decode()
    assert "30" in page
    assert 'name="consent"' in page
    assert 'name="website"' in page
    assert "Sorggruppe Levanger" in page
    assert nb("%(counter)s place left.", "%(counter)s places left.", 2) % {"counter": 2} in page


@pytest.mark.django_db
def test_signing_up_and_confirming_gives_a_place_and_a_confirmation_with_ics_and_cancel_link(client, meeting, post):
    response = post(signup_url(meeting), valid())
    assert response.status_code == 302
    assert response["Location"] == f"/informasjonsmoter/{meeting.pk}/meld-pa/takk/"
    signup = MeetingSignUp.objects.get()
    assert signup.status == MeetingSignUp.Status.PENDING
    assert signup.email == "sigrid@example.net"
    assert signup.consent_text_version == MEETING_SIGNUP_CONSENT_VERSION
    assert signup.language == "nb"

    [ask] = mail.outbox
    assert ask.to == ["sigrid@example.net"]
    confirm = client.get(confirm_path(ask.body))
    assert confirm.status_code == 200 and "Sorggruppe Levanger" in confirm.content.decode()
    mail.outbox = []
    confirmed = post(confirm_path(ask.body), {"action": "confirm"})
    assert confirmed.status_code == 302
    signup.refresh_from_db()
    assert signup.status == CONFIRMED and signup.confirmed_at is not None

    [message] = mail.outbox
    assert message.to == ["sigrid@example.net"]
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics")
    assert mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content and "DTSTART" in content
    assert f"info-meeting-{meeting.pk}@samhold" in content
    own_page = client.get(manage_path(message.body))
    assert own_page.status_code == 200 and "sigrid@example.net" in own_page.content.decode()
    # The confirm link works once; the person's page opens from the link they were sent.
    assert client.get(confirm_path(ask.body)).status_code == 404
    assert client.get(confirmed["Location"]).status_code == 200


@pytest.mark.django_db
def test_when_the_meeting_is_full_the_next_person_goes_on_the_waiting_list_and_is_told(meeting, committed):
    committed(sign_up, meeting, name="En", email="en@example.org")
    committed(sign_up, meeting, name="To", email="to@example.org")
    third = committed(sign_up, meeting, name="Tre", email="tre@example.org")
    assert third.status == WAITING
    assert MeetingSignUp.objects.filter(status=CONFIRMED).count() == 2
    [_ask, message] = mail_to("tre@example.org")
    assert message.subject == nb("You are on the waiting list for an information meeting")
    assert message.attachments == []
    assert manage_path(message.body)


@pytest.mark.django_db
def test_a_full_meeting_says_so_on_the_sign_up_page(client, meeting):
    sign_up(meeting, email="en@example.org")
    sign_up(meeting, email="to@example.org")
    page = client.get(signup_url(meeting)).content.decode()
    assert nb("Join the waiting list") in page


@pytest.mark.django_db
def test_the_last_place_goes_to_one_person_only_even_if_the_page_showed_it_free(client, meeting, post):
    sign_up(meeting, email="en@example.org")
    # Two people open the page while one place is left ...
    one_left = nb("%(counter)s place left.", "%(counter)s places left.", 1) % {"counter": 1}
    assert one_left in client.get(signup_url(meeting)).content.decode()
    # ... both send it and confirm it; the first to confirm gets the place.
    post(signup_url(meeting), valid(email="a@example.org"), ip="10.0.0.2")
    post(signup_url(meeting), valid(email="b@example.org"), ip="10.0.0.3")
    for address in ("a@example.org", "b@example.org"):
        post(confirm_path(mail_to(address)[0].body), {"action": "confirm"})
    assert MeetingSignUp.objects.get(email="a@example.org").status == CONFIRMED
    assert MeetingSignUp.objects.get(email="b@example.org").status == WAITING


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL); runs in CI")
@pytest.mark.django_db(transaction=True)
def test_two_people_sending_at_the_same_moment_cannot_both_take_the_last_place(monkeypatch):
    # No role fixtures: a transactional test may run after others have flushed the roles.
    meeting = make_meeting(SelfHelpGroupFactory(status="planned", contact=None), capacity=1)
    counted = threading.Event()
    release = threading.Event()
    original = MeetingSignUp.save

    def slow_save(self, *args, **kwargs):
        # The first confirmation pauses after counting the places, inside its transaction.
        if self.name == "First" and kwargs.get("update_fields") == ["status", "confirmed_at"]:
            counted.set()
            release.wait(5)
        return original(self, *args, **kwargs)

    pending = {
        name: sign_up(meeting, name=name, email=f"{name.lower()}@example.org", ip=ip, confirmed=False)
        for name, ip in (("First", "10.0.0.1"), ("Second", "10.0.0.2"))
    }
    monkeypatch.setattr(MeetingSignUp, "save", slow_save)
    errors = []

    def run(name, ip):
        try:
            signup_confirm(signup=pending[name])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=run, args=("First", "10.0.0.1"))
    first.start()
    assert counted.wait(5)
    second = threading.Thread(target=run, args=("Second", "10.0.0.2"))
    second.start()
    second.join(0.5)  # blocked on the meeting's row lock
    release.set()
    first.join(5)
    second.join(5)
    assert errors == []
    statuses = dict(MeetingSignUp.objects.values_list("name", "status"))
    assert statuses == {"First": CONFIRMED, "Second": WAITING}


@pytest.mark.django_db
def test_cancelling_frees_the_place_and_the_first_on_the_waiting_list_moves_up_and_is_told(client, meeting, committed):
    first = committed(sign_up, meeting, name="En", email="en@example.org")
    committed(sign_up, meeting, name="To", email="to@example.org")
    waiting_first = committed(sign_up, meeting, name="Tre", email="tre@example.org", language="en")
    waiting_second = committed(sign_up, meeting, name="Fire", email="fire@example.org")
    mail.outbox = []

    with_commit = committed(client.post, manage_link(first), {"confirm_delete": "yes"})
    assert with_commit.status_code == 200
    assert not MeetingSignUp.objects.filter(pk=first.pk).exists()
    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    assert waiting_first.status == CONFIRMED
    assert waiting_second.status == WAITING
    [message] = mail.outbox
    assert message.to == ["tre@example.org"]
    # In the language Tre signed up in, with the meeting attached and the link to cancel.
    assert message.subject == "A place is free for you at an information meeting"
    assert "Sorggruppe Levanger" in message.body
    assert message.attachments[0][0].endswith(".ics")
    assert manage_path(message.body).startswith("/en/informasjonsmoter/pamelding/")
    assert client.get(manage_path(message.body)).status_code == 200


@pytest.mark.django_db
def test_cancelling_a_waiting_place_promotes_nobody(meeting, committed):
    committed(sign_up, meeting, email="en@example.org")
    committed(sign_up, meeting, email="to@example.org")
    waiting = committed(sign_up, meeting, email="tre@example.org")
    waiting_too = committed(sign_up, meeting, email="fire@example.org")
    mail.outbox = []
    committed(signup_cancel, signup=waiting)
    waiting_too.refresh_from_db()
    assert waiting_too.status == WAITING
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_manage_page_shows_what_is_stored_and_an_unknown_link_is_a_404(client, meeting):
    signup = sign_up(meeting, name="Sigrid", email="sigrid@example.net", phone="912 34 567")
    link = manage_link(signup)
    response = client.get(link)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sigrid" in page and "sigrid@example.net" in page and "912 34 567" in page
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    assert client.get("/informasjonsmoter/pamelding/ukjent-lenke/").status_code == 404
    # After cancelling, the same link finds nothing.
    assert client.post(link, {"confirm_delete": "yes"}).status_code == 200
    assert client.get(link).status_code == 404


@pytest.mark.django_db
def test_the_calendar_file_can_be_downloaded_by_the_link(client, meeting):
    signup = sign_up(meeting, email="sigrid@example.net")
    response = client.get(f"{manage_link(signup)}kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in response.content


@pytest.mark.django_db
def test_the_online_link_goes_only_to_people_with_a_place(client, planned_group):
    meeting = make_meeting(planned_group, capacity=1, online_url="https://meet.example.org/sorg-123")
    assert "meet.example.org" not in client.get(signup_url(meeting)).content.decode()
    with_place = sign_up(meeting, email="en@example.org")
    waiting = sign_up(meeting, email="to@example.org")
    assert b"meet.example.org" in client.get(f"{manage_link(with_place)}kalender.ics").content
    assert b"meet.example.org" not in client.get(f"{manage_link(waiting)}kalender.ics").content
    assert "meet.example.org" not in client.get(manage_link(waiting)).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, field",
    [
        (valid(consent=""), "consent"),
        (valid(email="", phone=""), "email"),
        (valid(email="ikke-en-adresse"), "email"),
        (valid(email="", phone="ring meg"), "phone"),
        (valid(name="   "), "name"),
    ],
)
def test_invalid_input_is_a_400_that_keeps_what_was_written(meeting, post, data, field):
    data = {key: value for key, value in data.items() if value != ""}
    response = post(signup_url(meeting), {**data, "name": data.get("name", "Sigrid Skrivestad")})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert "error-summary" in page
    if data.get("name", "").strip():
        assert "Sigrid" in page
    assert not MeetingSignUp.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_phone_number_alone_waits_for_the_facilitator_to_call(client, meeting, post):
    response = post(signup_url(meeting), valid(email="", phone="+47 912 34 567"))
    assert response.status_code == 302
    signup = MeetingSignUp.objects.get()
    assert signup.phone == "+47 912 34 567" and signup.email == ""
    assert signup.status == MeetingSignUp.Status.CALL
    assert mail.outbox == []
    assert nb("If you gave only a phone number, the facilitator will call you to confirm your place.") in (
        client.get(response["Location"]).content.decode()
    )


@pytest.mark.django_db
def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(meeting, post):
    response = post(signup_url(meeting), valid(website="http://spam.example"))
    assert response.status_code == 302
    assert not MeetingSignUp.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_many_sign_ups_from_one_address_are_limited_and_the_input_kept(meeting, post, settings):
    settings.SAMHOLD_MEETING_SIGNUP_LIMIT_PER_IP_PER_HOUR = 2
    meeting.capacity = 10
    meeting.save()
    for number in range(2):
        assert post(signup_url(meeting), valid(email=f"p{number}@example.org")).status_code == 302
    response = post(signup_url(meeting), valid(email="p3@example.org", name="Tredjemann"))
    assert response.status_code == 429
    assert "Tredjemann" in response.content.decode()
    assert MeetingSignUp.objects.count() == 2
    # Another address is not affected.
    assert post(signup_url(meeting), valid(email="p4@example.org"), ip="10.9.9.9").status_code == 302


@pytest.mark.django_db
def test_english_sign_up_gets_english_email_and_an_english_link(client, meeting, post):
    response = post("/en" + signup_url(meeting), valid())
    assert response.status_code == 302
    signup = MeetingSignUp.objects.get()
    assert signup.language == "en"
    [ask] = mail.outbox
    assert ask.subject == "Confirm your sign-up on Samhold"
    assert confirm_path(ask.body).startswith("/en/informasjonsmoter/bekreft/")
    post(confirm_path(ask.body), {"action": "confirm"})
    message = mail.outbox[-1]
    assert message.subject == "You have a place at an information meeting"
    assert "Hello Sigrid" in message.body
    assert manage_path(message.body).startswith("/en/informasjonsmoter/pamelding/")


@pytest.mark.django_db
def test_norwegian_sign_up_gets_norwegian_email(meeting, post):
    post(signup_url(meeting), valid())
    [ask] = mail.outbox
    assert ask.subject == nb("Confirm your sign-up on Samhold")
    post(confirm_path(ask.body), {"action": "confirm"})
    message = mail.outbox[-1]
    assert message.subject == nb("You have a place at an information meeting")
    assert nb("Hello %(name)s,") % {"name": "Sigrid"} in message.body


@pytest.mark.django_db
def test_past_and_cancelled_meetings_say_it_is_over_and_take_no_sign_ups(client, planned_group, post):
    past = make_meeting(planned_group, starts=timezone.now() - datetime.timedelta(days=1))
    cancelled = make_meeting(planned_group, cancelled_at=timezone.now())
    for meeting in (past, cancelled):
        assert client.get(signup_url(meeting)).status_code == 410
        assert post(signup_url(meeting), valid()).status_code == 410
    assert nb("This information meeting has been cancelled.") in client.get(signup_url(cancelled)).content.decode()
    assert not MeetingSignUp.objects.exists()
    with pytest.raises(MeetingClosed):
        sign_up(past, email="x@example.org")


@pytest.mark.django_db
def test_meetings_of_unpublished_or_ended_groups_are_not_found(client, planned_group):
    meeting = make_meeting(planned_group)
    planned_group.live = False
    planned_group.save()
    assert client.get(signup_url(meeting)).status_code == 404
    planned_group.live, planned_group.status = True, "ended"
    planned_group.save()
    assert client.get(signup_url(meeting)).status_code == 404
    assert client.get("/informasjonsmoter/999999/meld-pa/").status_code == 404
