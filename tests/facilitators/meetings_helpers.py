"""Helpers for the information-meeting tests (the fixtures are in conftest.py)."""

import datetime
import re

from django.core import mail
from django.utils import timezone

from facilitators.consent import MEETING_SIGNUP_CONSENT_VERSION
from facilitators.models import InfoMeeting, MeetingSignUp
from facilitators.services.meetings import meeting_sign_up, signup_confirm, signup_manage_path

# Frozen "now" for the tests that need one: a Monday morning in Norway.
NOW = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
# The meeting: Tuesday 1 December 2026, 18.00–19.30 Norwegian time.
STARTS = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))


def signup_url(meeting):
    return f"/informasjonsmoter/{meeting.pk}/meld-pa/"


def a_week_ahead(hour: int = 18) -> datetime.datetime:
    """A week from today at `hour` in Norwegian time: a meeting that starts and ends on one day
    whatever the time the test runs (from now + 7 days, one started late in the evening ended
    after midnight, which the edit form refuses)."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def make_meeting(group, *, capacity=2, starts=None, **fields):
    starts = starts or a_week_ahead()
    return InfoMeeting.objects.create(
        group=group,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=90),
        place="Frivilligsentralen",
        capacity=capacity,
        description="Vi forteller om gruppa og svarer på spørsmål.",
        **fields,
    )


def sign_up(meeting, *, name="Anne", email="", phone="", language="nb", ip="10.0.0.1", confirmed=True):
    """A sign-up through the service, as the view makes it, confirmed from the e-mail unless
    told otherwise (a phone-only one waits for the facilitator)."""
    meeting_sign_up(
        meeting=meeting, name=name, email=email, phone=phone, language=language,
        consent_text_version=MEETING_SIGNUP_CONSENT_VERSION, ip_address=ip,
    )
    found = MeetingSignUp.objects.filter(meeting=meeting)
    signup = found.get(email=email.lower()) if email else found.get(email="", phone=phone)
    if confirmed and email:
        signup = signup_confirm(signup=signup)
    return signup


def manage_link(signup):
    """A private link to the person's own page, as an e-mail would carry."""
    return signup_manage_path(signup)


def manage_path(body):
    match = re.search(r"https?://[^/\s]+((?:/en)?/informasjonsmoter/pamelding/[\w-]+/)", body)
    assert match, body
    return match.group(1)


def confirm_path(body):
    match = re.search(r"https?://[^/\s]+((?:/en)?/informasjonsmoter/bekreft/[\w-]+/)", body)
    assert match, body
    return match.group(1)


def mail_to(address):
    return [message for message in mail.outbox if address in message.to]
