"""The mail server goes down, then comes back: every message of every kind is delivered
exactly once, a message is given up only after SAMHOLD_EMAIL_GIVE_UP_AFTER, and two workers
delivering the same message at once send it once."""

import collections
import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.utils import timezone

from outbox.delivery import email_deliver
from outbox.models import OutgoingEmail
from outbox.services import email_queue, email_retry_due

OUTBOX_BACKEND = "outbox.backends.OutboxBackend"


class DownThenUpBackend:
    """A mail server that refuses the first `failures` sends (alternating a refused connection
    and a dropped one, as a restarting server does), then delivers. It records what it sent."""

    failures = 0
    attempts = 0
    sent: list = []
    # Called inside a send, to let a test act while a delivery is in progress.
    during_send = None

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        cls = type(self)
        cls.attempts += 1
        if cls.during_send:
            cls.during_send()
        if cls.failures > 0:
            cls.failures -= 1
            if cls.failures % 2:
                raise ConnectionRefusedError(111, "Connection refused")
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        cls.sent.extend(messages)
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def server(settings):
    settings.EMAIL_BACKEND = OUTBOX_BACKEND
    settings.SAMHOLD_EMAIL_DELIVERY_BACKEND = f"{__name__}.DownThenUpBackend"
    DownThenUpBackend.failures = 0
    DownThenUpBackend.attempts = 0
    DownThenUpBackend.sent = []
    DownThenUpBackend.during_send = None
    mail.outbox = []
    yield DownThenUpBackend
    DownThenUpBackend.during_send = None


def write_twenty_messages():
    """Twenty messages of different kinds and by every route into the outbox."""
    purposes = ["interest_confirm", "meeting_signup", "meeting_reminder", "contact_relay", "facilitator_application"]
    for n in range(10):
        email_queue(
            to=[f"person{n}@example.org"],
            subject=f"Melding {n:02d}",
            body=f"Tekst {n}",
            purpose=purposes[n % len(purposes)],
            reply_to="avsender@example.net" if n % 3 == 0 else "",
            attachment=("mote.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar") if n % 4 == 0 else None,
        )
    # What Django sends itself (send_mail, EmailMessage) goes in through the e-mail backend.
    for n in range(10, 15):
        send_mail(f"Melding {n:02d}", f"Tekst {n}", None, [f"person{n}@example.org"])
    for n in range(15, 18):
        message = EmailMultiAlternatives(f"Melding {n:02d}", f"Tekst {n}", to=[f"person{n}@example.org"])
        message.attach_alternative(f"<p>Tekst {n}</p>", "text/html")
        message.send()
    # Wagtail's workflow notifications to moderators use its own send_mail.
    from wagtail.admin.mail import send_mail as wagtail_send_mail

    for n in range(18, 20):
        wagtail_send_mail(f"Melding {n:02d}", f"Tekst {n}", [f"moderator{n}@example.org"])


@pytest.mark.django_db
def test_twenty_messages_survive_an_outage_and_each_is_delivered_exactly_once(
    server, django_capture_on_commit_callbacks
):
    server.failures = 45  # more than two tries each: the server is down for a while
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            write_twenty_messages()
        assert OutgoingEmail.objects.count() == 20
        assert server.sent == []
        assert OutgoingEmail.objects.filter(state=OutgoingEmail.State.PENDING).count() == 20

        # The worker sweeps every minute, as `make run` does, for two hours.
        for _minute in range(120):
            clock.shift(datetime.timedelta(minutes=1))
            email_retry_due()
        # And goes on sweeping long after everything is out: nothing is sent twice.
        for _hour in range(24):
            clock.shift(datetime.timedelta(hours=1))
            assert email_retry_due() == 0

    subjects = collections.Counter(message.subject for message in server.sent)
    assert subjects == collections.Counter(f"Melding {n:02d}" for n in range(20))
    assert set(OutgoingEmail.objects.values_list("state", flat=True)) == {OutgoingEmail.State.SENT}
    assert server.attempts == 20 + 45  # every failure was retried, nothing more
    assert OutgoingEmail.objects.filter(attempts__gt=1).exists()

    by_subject = {message.subject: message for message in server.sent}
    assert by_subject["Melding 00"].to == ["person0@example.org"]
    assert by_subject["Melding 00"].reply_to == ["avsender@example.net"]
    assert by_subject["Melding 00"].attachments[0][:1] == ("mote.ics",)
    assert by_subject["Melding 12"].body == "Tekst 12"
    assert by_subject["Melding 16"].body == "Tekst 16"  # the text body, not the HTML
    assert by_subject["Melding 19"].to == ["moderator19@example.org"]
    # Once delivered, the outbox keeps no personal data.
    assert not OutgoingEmail.objects.exclude(to="").exists()
    assert not OutgoingEmail.objects.exclude(body="").exists()


@pytest.mark.django_db
def test_a_message_is_given_up_only_after_the_give_up_period(server, settings, django_capture_on_commit_callbacks):
    settings.SAMHOLD_EMAIL_GIVE_UP_AFTER = datetime.timedelta(hours=6)
    server.failures = 10_000
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            email = email_queue(to=["ola@example.org"], subject="Hei", body="Tekst", purpose="test")
        while timezone.now() < start + datetime.timedelta(hours=5, minutes=58):
            clock.shift(datetime.timedelta(minutes=1))
            email_retry_due()
        email.refresh_from_db()
        assert email.state == OutgoingEmail.State.PENDING
        assert email.body == "Tekst"  # still held, so it can still be delivered

        clock.shift(datetime.timedelta(minutes=31))
        email_retry_due()
        email.refresh_from_db()
        assert email.state == OutgoingEmail.State.FAILED
        assert "Connection" in email.last_error

        # A given-up message is not sent when the server comes back.
        server.failures = 0
        clock.shift(datetime.timedelta(hours=1))
        assert email_retry_due() == 0
    assert server.sent == []


@pytest.mark.django_db
def test_two_workers_delivering_the_same_message_at_once_send_it_once(server):
    email = email_queue(to=["ola@example.org"], subject="Hei", body="Tekst", purpose="test")  # not yet delivered
    second_worker = []

    def another_worker_arrives():
        # While the first worker is talking to the mail server, a second gets the same id,
        # and the sweep runs too.
        second_worker.append(email_deliver(email_id=email.pk))
        second_worker.append(email_retry_due())

    server.during_send = another_worker_arrives
    assert email_deliver(email_id=email.pk) == OutgoingEmail.State.SENT
    server.during_send = None
    assert second_worker == [OutgoingEmail.State.SENDING, 0]
    # A late duplicate of the task changes nothing either.
    assert email_deliver(email_id=email.pk) == OutgoingEmail.State.SENT
    assert len(server.sent) == 1
    email.refresh_from_db()
    assert email.attempts == 1


@pytest.mark.django_db
def test_a_worker_that_died_mid_send_is_replaced_after_fifteen_minutes(server):
    email = email_queue(to=["ola@example.org"], subject="Hei", body="Tekst", purpose="test")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        # A worker claims the message and dies before it has sent it.
        OutgoingEmail.objects.filter(pk=email.pk).update(state=OutgoingEmail.State.SENDING, next_attempt_at=start)
        clock.shift(datetime.timedelta(minutes=14))
        assert email_retry_due() == 0
        clock.shift(datetime.timedelta(minutes=2))
        assert email_retry_due() == 1
    assert len(server.sent) == 1


@pytest.mark.django_db
def test_the_delivery_backend_can_never_be_the_outbox_itself(server, settings):
    settings.SAMHOLD_EMAIL_DELIVERY_BACKEND = OUTBOX_BACKEND
    email = email_queue(to=["ola@example.org"], subject="Hei", body="Tekst", purpose="test")
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        email_deliver(email_id=email.pk)
    email.refresh_from_db()
    # Not claimed: it is still waiting, and nothing was queued again.
    assert email.state == OutgoingEmail.State.PENDING
    assert OutgoingEmail.objects.count() == 1


@pytest.mark.django_db
def test_send_mail_is_stored_in_the_outbox_with_what_the_message_needs(server):
    message = EmailMessage(
        "Påminnelse",
        "Møtet er i morgen.",
        to=["a@example.org", "b@example.org"],
        cc=["c@example.org"],
        bcc=["skjult@example.org"],
        reply_to=["svar@example.org"],
        headers={"X-Samhold-Purpose": "meeting_reminder"},
    )
    message.attach("mote.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.attach("bilde.png", b"\x89PNG...", "image/png")
    assert message.send() == 1
    visible, hidden = OutgoingEmail.objects.order_by("pk")
    assert visible.to.split("\n") == ["a@example.org", "b@example.org", "c@example.org"]
    assert visible.purpose == "meeting_reminder"
    assert visible.reply_to == "svar@example.org"
    assert (visible.subject, visible.body) == ("Påminnelse", "Møtet er i morgen.")
    assert (visible.attachment_name, visible.attachment_type) == ("mote.ics", "text/calendar")
    assert visible.attachment.startswith("BEGIN:VCALENDAR")
    # A bcc recipient gets a copy of their own, so no one learns the address.
    assert hidden.to == "skjult@example.org"
    assert server.sent == []  # stored, not sent: delivery is the task worker's job


@pytest.mark.django_db
def test_a_message_with_only_html_keeps_its_text(server):
    message = EmailMultiAlternatives("Hei", "", to=["a@example.org"])
    message.attach_alternative("<p>Hei <b>Ola</b></p>", "text/html")
    message.send()
    assert OutgoingEmail.objects.get().body == "Hei Ola"
