"""E-mail survives a mail-server outage: delayed, never lost, delivered exactly once."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from outbox.delivery import backoff
from outbox.models import OutgoingEmail
from outbox.services import email_purge_expired, email_queue, email_retry_due


class FlakyBackend:
    """A mail backend whose server is down for the first `failures` sends."""

    failures = 0
    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).failures > 0:
            type(self).failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)

    def open(self):
        return True

    def close(self):
        pass


@pytest.fixture
def flaky(settings):
    # The outbox delivers through the real backend, not EMAIL_BACKEND (which is the outbox).
    settings.SAMHOLD_EMAIL_DELIVERY_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 0
    FlakyBackend.calls = 0
    mail.outbox = []
    return FlakyBackend


def queue(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return email_queue(
            to=["kontakt@example.org"], subject="Hei", body="Meldingstekst-7f3a", purpose="test", reply_to="ola@example.net",
            **kwargs,
        )


@pytest.mark.django_db
def test_outage_delays_the_message_and_the_retry_delivers_it_once(flaky, django_capture_on_commit_callbacks):
    flaky.failures = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        email = queue(django_capture_on_commit_callbacks)
        email.refresh_from_db()
        assert email.state == OutgoingEmail.State.PENDING
        assert email.attempts == 1
        assert email.body == "Meldingstekst-7f3a"
        assert mail.outbox == []

        # Not due yet: nothing happens.
        assert email_retry_due() == 0
        clock.shift(backoff(1) + datetime.timedelta(seconds=1))
        assert email_retry_due() == 1  # fails again: server still down
        email.refresh_from_db()
        assert (email.state, email.attempts) == (OutgoingEmail.State.PENDING, 2)

        clock.shift(backoff(2) + datetime.timedelta(seconds=1))
        assert email_retry_due() == 1  # the server is back
        email.refresh_from_db()
        assert email.state == OutgoingEmail.State.SENT
        assert len(mail.outbox) == 1

        # Sweeping again sends nothing more.
        clock.shift(datetime.timedelta(days=1))
        assert email_retry_due() == 0
        assert len(mail.outbox) == 1
        assert flaky.calls == 3


@pytest.mark.django_db
def test_a_delivered_message_is_not_sent_again_when_its_task_runs_twice(flaky, django_capture_on_commit_callbacks):
    from outbox.tasks import deliver_email

    email = queue(django_capture_on_commit_callbacks)
    deliver_email.enqueue(email_id=email.pk)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_long_outage_delays_but_does_not_lose_the_message(flaky, django_capture_on_commit_callbacks):
    flaky.failures = 10_000
    with time_machine.travel(timezone.now(), tick=False) as clock:
        email = queue(django_capture_on_commit_callbacks)
        for _ in range(2 * 24 * 2):  # two days of half-hourly sweeps
            clock.shift(datetime.timedelta(minutes=31))
            email_retry_due()
        email.refresh_from_db()
        assert email.state == OutgoingEmail.State.PENDING
        flaky.failures = 0
        clock.shift(datetime.timedelta(minutes=31))
        email_retry_due()
    email.refresh_from_db()
    assert email.state == OutgoingEmail.State.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_gives_up_after_three_days_and_logs_an_error_for_staff(flaky, django_capture_on_commit_callbacks, caplog):
    flaky.failures = 10_000
    with time_machine.travel(timezone.now(), tick=False) as clock:
        email = queue(django_capture_on_commit_callbacks)
        clock.shift(datetime.timedelta(days=3, minutes=1))
        email_retry_due()
    email.refresh_from_db()
    assert email.state == OutgoingEmail.State.FAILED
    assert "SMTPServerDisconnected" in email.last_error
    assert any("Gave up delivering" in record.message for record in caplog.records)


@pytest.mark.django_db
def test_backoff_grows_and_is_capped():
    assert backoff(1) == datetime.timedelta(minutes=1)
    assert backoff(3) == datetime.timedelta(minutes=4)
    assert backoff(30) == datetime.timedelta(minutes=30)


@pytest.mark.django_db
def test_header_values_are_single_lines(flaky, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(to=["a@example.org\r\nBcc: b@example.org"], subject="x\r\nBcc: b@example.org", body="y", purpose="t")
    assert OutgoingEmail.objects.get().subject == "x Bcc: b@example.org"


@pytest.mark.django_db
def test_delivered_metadata_is_purged_after_30_days(flaky, django_capture_on_commit_callbacks):
    queue(django_capture_on_commit_callbacks)
    assert email_purge_expired() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        assert email_purge_expired() == 1


@pytest.mark.django_db(transaction=True)
def test_database_task_worker_retries_with_backoff_until_delivered(flaky):
    """The real queue: django-tasks' database backend and its worker, deferring each retry."""
    flaky.failures = 1
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        from django_tasks_db.models import DBTaskResult

        start = timezone.now()
        with time_machine.travel(start, tick=False) as clock:
            email = email_queue(to=["kontakt@example.org"], subject="Hei", body="Melding", purpose="test")
            call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
            email.refresh_from_db()
            assert email.state == OutgoingEmail.State.PENDING
            assert DBTaskResult.objects.count() == 2  # the first try, and the retry deferred by the backoff

            clock.shift(backoff(1) + datetime.timedelta(seconds=5))
            call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    email.refresh_from_db()
    assert email.state == OutgoingEmail.State.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_undeliverable_message_is_deleted_after_a_week(flaky, settings, django_capture_on_commit_callbacks):
    settings.SAMHOLD_EMAIL_GIVE_UP_AFTER = datetime.timedelta(0)
    flaky.failures = 10
    email = queue(django_capture_on_commit_callbacks)
    email.refresh_from_db()
    assert email.state == OutgoingEmail.State.FAILED
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6)):
        assert email_purge_expired() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        assert email_purge_expired() == 1
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_administrators_see_delivery_state_but_not_the_message(client, flaky, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from tests.factories import UserFactory

    flaky.failures = 10
    email = queue(django_capture_on_commit_callbacks)
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get(reverse("outgoingemail:index")).content.decode()
    assert "SMTPServerDisconnected" in listing
    inspect = client.get(reverse("outgoingemail:inspect", args=[email.pk])).content.decode()
    assert "Meldingstekst-7f3a" not in inspect and "ola@example.net" not in inspect and "kontakt@example.org" not in inspect


class RefusingBackend:
    """A mail server that refuses every message with `error`."""

    error: Exception = smtplib.SMTPRecipientsRefused({})

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise type(self).error

    def open(self):
        return True

    def close(self):
        pass


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"ola@example.net": (550, b"5.1.1 <ola@example.net>: no such user")}),
        smtplib.SMTPDataError(554, b"Message to kari.nordmann+sorg@eksempel.no rejected"),
        ConnectionError("refused for Ola <ola@example.net>, 'kontakt@example.org'"),
    ],
    ids=["recipients-refused", "data-error", "any-error"],
)
def test_an_undeliverable_message_keeps_and_logs_no_email_address(
    settings, django_capture_on_commit_callbacks, caplog, error
):
    settings.SAMHOLD_EMAIL_DELIVERY_BACKEND = f"{__name__}.RefusingBackend"
    settings.SAMHOLD_EMAIL_GIVE_UP_AFTER = datetime.timedelta(0)  # give up at the first failure
    RefusingBackend.error = error
    email = queue(django_capture_on_commit_callbacks)
    email.refresh_from_db()
    assert email.state == OutgoingEmail.State.FAILED
    assert email.last_error.startswith(type(error).__name__)
    assert "[address]" in email.last_error
    assert "@" not in email.last_error
    logged = " ".join(record.getMessage() for record in caplog.records if "Gave up" in record.getMessage())
    assert "[address]" in logged
    assert "@" not in logged
