"""The background sweeps for information meetings: a reminder the day before, once, and
sign-ups deleted 30 days after the meeting (a week after a cancellation)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext, override

from facilitators.models import InfoMeeting, MeetingSignUp
from facilitators.services.meetings import meeting_reminders_send_due, meeting_signups_purge
from tests.facilitators.meetings_helpers import STARTS, mail_to, make_meeting, manage_path, sign_up

DAY = datetime.timedelta(days=1)


@pytest.fixture
def tomorrows_meeting(planned_group):
    """Signed up for on Friday 27 November: Anne (nb) and Ben (en) have places, Cato waits,
    Dina gave only a phone number (and holds no place until the facilitator has called)."""
    with time_machine.travel(STARTS - 4 * DAY, tick=False):
        meeting = make_meeting(planned_group, starts=STARTS, capacity=2)
        sign_up(meeting, name="Anne", email="anne@example.org")
        sign_up(meeting, name="Ben", email="ben@example.org", language="en")
        sign_up(meeting, name="Dina", phone="912 34 567")
        sign_up(meeting, name="Cato", email="cato@example.org")
    return meeting


@pytest.mark.django_db
def test_a_reminder_goes_the_day_before_to_people_with_a_place_once(tomorrows_meeting, committed):
    # Two days before: too early.
    with time_machine.travel(STARTS - 2 * DAY, tick=False):
        assert committed(meeting_reminders_send_due) == 0
    mail.outbox = []
    # The morning of the day before.
    with time_machine.travel(STARTS - datetime.timedelta(hours=26), tick=False):
        assert committed(meeting_reminders_send_due) == 2
        assert committed(meeting_reminders_send_due) == 0
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "anne@example.org",
        "ben@example.org",
    ]
    [to_ben] = mail_to("ben@example.org")
    assert to_ben.subject == "Reminder: information meeting tomorrow"
    assert "Sorggruppe Levanger" in to_ben.body
    assert manage_path(to_ben.body).startswith("/en/")
    [to_anne] = mail_to("anne@example.org")
    with override("nb"):
        assert to_anne.subject == gettext("Reminder: information meeting tomorrow")
    assert manage_path(to_anne.body).startswith("/informasjonsmoter/")
    assert not mail_to("cato@example.org")
    assert MeetingSignUp.objects.filter(reminded_at__isnull=False).count() == 2
    # Later the same day, and after the meeting: nothing more.
    with time_machine.travel(STARTS - datetime.timedelta(hours=2), tick=False):
        assert committed(meeting_reminders_send_due) == 0
    with time_machine.travel(STARTS + DAY, tick=False):
        assert committed(meeting_reminders_send_due) == 0


@pytest.mark.django_db
def test_someone_signing_up_on_the_day_before_gets_no_reminder(tomorrows_meeting, committed):
    with time_machine.travel(STARTS - datetime.timedelta(hours=20), tick=False):
        tomorrows_meeting.capacity = 10
        tomorrows_meeting.save()
        sign_up(tomorrows_meeting, name="Eva", email="eva@example.org")
        mail.outbox = []
        assert committed(meeting_reminders_send_due) == 2
    assert not mail_to("eva@example.org")


@pytest.mark.django_db
def test_a_cancelled_meeting_sends_no_reminders(tomorrows_meeting, committed):
    InfoMeeting.objects.filter(pk=tomorrows_meeting.pk).update(cancelled_at=STARTS - 3 * DAY)
    with time_machine.travel(STARTS - datetime.timedelta(hours=20), tick=False):
        assert committed(meeting_reminders_send_due) == 0


@pytest.mark.django_db
def test_sign_ups_are_deleted_30_days_after_the_meeting(tomorrows_meeting):
    with time_machine.travel(STARTS + 29 * DAY, tick=False):
        assert meeting_signups_purge() == 0
    with time_machine.travel(STARTS + 30 * DAY + datetime.timedelta(minutes=1), tick=False):
        assert meeting_signups_purge() == 4
    assert not MeetingSignUp.objects.exists()
    # The meeting stays: it holds no personal data.
    assert InfoMeeting.objects.filter(pk=tomorrows_meeting.pk).exists()


@pytest.mark.django_db
def test_a_cancelled_meetings_sign_ups_are_deleted_a_week_after_the_cancellation(planned_group):
    starts = timezone.now() + 60 * DAY
    meeting = make_meeting(planned_group, starts=starts)
    sign_up(meeting, email="anne@example.org")
    other = make_meeting(planned_group, starts=starts)
    sign_up(other, email="ben@example.org")
    InfoMeeting.objects.filter(pk=meeting.pk).update(cancelled_at=timezone.now())
    with time_machine.travel(timezone.now() + 6 * DAY, tick=False):
        assert meeting_signups_purge() == 0
    with time_machine.travel(timezone.now() + 8 * DAY, tick=False):
        assert meeting_signups_purge() == 1
    assert list(MeetingSignUp.objects.values_list("email", flat=True)) == ["ben@example.org"]


@pytest.mark.django_db
def test_a_sign_up_nobody_confirmed_is_deleted_after_two_days_with_its_link(planned_group):
    from facilitators.models import SignUpLink

    meeting = make_meeting(planned_group, starts=timezone.now() + 60 * DAY)
    sign_up(meeting, email="ukjent@example.org", confirmed=False)
    sign_up(meeting, email="bekreftet@example.org")
    with time_machine.travel(timezone.now() + 2 * DAY - datetime.timedelta(minutes=1), tick=False):
        assert meeting_signups_purge() == 0
    with time_machine.travel(timezone.now() + 2 * DAY + datetime.timedelta(minutes=1), tick=False):
        assert meeting_signups_purge() == 1
    assert list(MeetingSignUp.objects.values_list("email", flat=True)) == ["bekreftet@example.org"]
    assert not SignUpLink.objects.filter(owner__email="ukjent@example.org").exists()
