"""Changing an information meeting on Min side: people signed up are told of a new time or
place in their language, and a lower number of places never takes a place from anyone."""


import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from facilitators.models import AuditEntry, MeetingSignUp
from facilitators.models.records import Action
from tests.facilitators.meetings_helpers import a_week_ahead, mail_to, make_meeting, sign_up

pytestmark = pytest.mark.django_db


def edit_url(meeting):
    return reverse("facilitators:meeting_edit", kwargs={"pk": meeting.pk})


def form_data(meeting, **overrides):
    starts = timezone.localtime(meeting.starts_at)
    return {
        "date": starts.date().isoformat(),
        "start_time": starts.strftime("%H:%M"),
        "end_time": timezone.localtime(meeting.ends_at).strftime("%H:%M"),
        "place": meeting.place,
        "online_url": "",
        "capacity": str(meeting.capacity),
        "description": meeting.description,
        **overrides,
    }


@pytest.fixture
def full_meeting(planned_group, committed):
    """Two places, both taken (one by an English speaker), one waiting, one to call."""
    meeting = make_meeting(planned_group, capacity=2, starts=a_week_ahead())
    committed(sign_up, meeting, name="Anne", email="anne@example.net", ip="10.0.0.1")
    committed(sign_up, meeting, name="Ben", email="ben@example.net", language="en", ip="10.0.0.2")
    committed(sign_up, meeting, name="Cato", email="cato@example.net", ip="10.0.0.3")
    committed(sign_up, meeting, name="Dag", phone="912 34 567", ip="10.0.0.4")
    return meeting


def test_the_form_is_filled_in_with_the_meeting(client, people, full_meeting):
    client.force_login(people["facilitator"])
    response = client.get(edit_url(full_meeting))
    assert response.status_code == 200
    assert response.context["form"].initial["place"] == "Frivilligsentralen"
    assert response.context["form"].initial["capacity"] == 2


def test_a_new_place_is_told_to_everyone_signed_up_in_their_language(client, people, full_meeting, post):
    client.force_login(people["facilitator"])
    mail.outbox = []
    response = post(edit_url(full_meeting), form_data(full_meeting, place="Biblioteket, Kirkegata 2"))
    assert response.status_code == 302
    full_meeting.refresh_from_db()
    assert full_meeting.place == "Biblioteket, Kirkegata 2"
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "anne@example.net", "ben@example.net", "cato@example.net",
    ]
    anne = mail_to("anne@example.net")[-1]
    assert anne.subject == "Et informasjonsmøte er endret"
    assert "Biblioteket, Kirkegata 2" in anne.body and "Du har fortsatt plassen din" in anne.body
    assert anne.attachments  # the new calendar file
    ben = mail_to("ben@example.net")[-1]
    assert ben.subject == "An information meeting has changed"
    cato = mail_to("cato@example.net")[-1]
    assert "venteliste" in cato.body and not cato.attachments
    assert AuditEntry.objects.filter(action=Action.MEETING_CHANGED, object_id=str(full_meeting.pk)).exists()


def test_a_new_time_resets_the_reminder(client, people, full_meeting, post):
    MeetingSignUp.objects.filter(meeting=full_meeting).update(reminded_at=timezone.now())
    client.force_login(people["facilitator"])
    response = post(edit_url(full_meeting), form_data(full_meeting, start_time="17:00"))
    assert response.status_code == 302
    assert not MeetingSignUp.objects.filter(meeting=full_meeting, reminded_at__isnull=False).exists()


def test_only_a_new_text_tells_nobody(client, people, full_meeting, post):
    client.force_login(people["facilitator"])
    mail.outbox = []
    response = post(edit_url(full_meeting), form_data(full_meeting, description="Ta med kaffe."))
    assert response.status_code == 302
    assert mail.outbox == []


def test_fewer_places_than_people_with_a_place_is_refused_and_nothing_is_lost(client, people, full_meeting, post):
    client.force_login(people["facilitator"])
    mail.outbox = []
    response = post(edit_url(full_meeting), form_data(full_meeting, capacity="1", place="Biblioteket"))
    assert response.status_code == 400
    assert "2 personer har plass" in response.content.decode()
    assert "Biblioteket" in response.content.decode()  # what was typed stays in the form
    full_meeting.refresh_from_db()
    assert (full_meeting.capacity, full_meeting.place) == (2, "Frivilligsentralen")
    assert MeetingSignUp.objects.filter(meeting=full_meeting, status="confirmed").count() == 2
    assert mail.outbox == []


def test_more_places_move_the_waiting_list_up_with_one_mail(client, people, full_meeting, post):
    client.force_login(people["facilitator"])
    mail.outbox = []
    response = post(edit_url(full_meeting), form_data(full_meeting, capacity="3", place="Biblioteket"))
    assert response.status_code == 302
    assert MeetingSignUp.objects.get(email="cato@example.net").status == "confirmed"
    cato = mail_to("cato@example.net")
    assert len(cato) == 1 and "Biblioteket" in cato[0].body


def test_another_facilitator_cannot_change_the_meeting(client, people, full_meeting):
    client.force_login(people["other_facilitator"])
    assert client.get(edit_url(full_meeting)).status_code == 404
    assert client.post(edit_url(full_meeting), form_data(full_meeting, place="X")).status_code == 404
    full_meeting.refresh_from_db()
    assert full_meeting.place == "Frivilligsentralen"


def test_a_cancelled_meeting_cannot_be_changed(client, people, full_meeting):
    full_meeting.cancelled_at = timezone.now()
    full_meeting.save()
    client.force_login(people["facilitator"])
    assert client.get(edit_url(full_meeting)).status_code == 302
    response = client.post(edit_url(full_meeting), form_data(full_meeting, place="Biblioteket"))
    assert response.status_code == 409
    full_meeting.refresh_from_db()
    assert full_meeting.place == "Frivilligsentralen"


def test_changing_the_place_back_and_forth_floods_no_one(client, people, full_meeting, post, settings):
    """A meeting cannot be used to mail everyone signed up again and again: after a few told
    changes a day the next is refused, says why, and the meeting stays as it was."""
    settings.SAMHOLD_MEETING_CHANGES_TOLD_PER_DAY = 2
    client.force_login(people["facilitator"])
    mail.outbox = []
    statuses = [
        post(edit_url(full_meeting), form_data(full_meeting, place=place)).status_code
        for place in ("Biblioteket", "Frivilligsentralen", "Biblioteket")
    ]
    assert statuses == [302, 302, 400]
    assert len(mail.outbox) == 2 * 3  # two changes, three people with an e-mail address each
    full_meeting.refresh_from_db()
    assert full_meeting.place == "Frivilligsentralen"
    # A change that tells no one (the text) is still possible.
    assert post(edit_url(full_meeting), form_data(full_meeting, description="Ta med kaffe.")).status_code == 302
