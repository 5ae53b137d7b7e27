"""Renewal reminders 30 days before expiry, renewal, and deletion of expired and unconfirmed
registrations, with a frozen clock."""

import datetime

import pytest
import time_machine
from django.core import mail

from facilitators.models import InterestRegistration
from facilitators.services.interest import interest_expired_purge, interest_renewal_reminders_send_due
from tests.facilitators.interest_helpers import manage_link, messages_to, path_in

START = datetime.datetime(2026, 1, 10, 12, 0, tzinfo=datetime.UTC)


def at(days):
    return time_machine.travel(START + datetime.timedelta(days=days), tick=False)


@pytest.mark.django_db
def test_one_renewal_reminder_thirty_days_before_expiry_then_deletion(committed, registration_of, client):
    with at(0):
        person = registration_of()
        assert person.expires_at == START + datetime.timedelta(days=365)
    mail.outbox = []
    with at(334):  # 31 days before
        assert committed(interest_renewal_reminders_send_due) == 0
    with at(335):  # 30 days before
        assert committed(interest_renewal_reminders_send_due) == 1
        assert committed(interest_renewal_reminders_send_due) == 0
    message = messages_to(person.email)[-1]
    assert client.get(path_in(message.body, "din")).status_code == 200
    with at(364):
        assert interest_expired_purge() == 0
        assert committed(interest_renewal_reminders_send_due) == 0
    with at(365):
        assert interest_expired_purge() == 1
    assert not InterestRegistration.objects.exists()


@pytest.mark.django_db
def test_renewing_after_the_reminder_keeps_it_another_year_and_reminds_again_later(committed, registration_of, client):
    with at(0):
        person = registration_of()
    with at(340):
        committed(interest_renewal_reminders_send_due)
        assert client.post(f"{manage_link(person)}forny/").status_code == 302
    person.refresh_from_db()
    assert person.expires_at == START + datetime.timedelta(days=340 + 365)
    with at(400):
        assert interest_expired_purge() == 0
        assert committed(interest_renewal_reminders_send_due) == 0
    with at(340 + 335):
        assert committed(interest_renewal_reminders_send_due) == 1


@pytest.mark.django_db
def test_an_unconfirmed_registration_is_deleted_after_seven_days(registration_of):
    with at(0):
        person = registration_of(confirmed=False)
        confirmed = registration_of()
    with at(6):
        assert interest_expired_purge() == 0
    with at(7.01):
        assert interest_expired_purge() == 1
    assert list(InterestRegistration.objects.all()) == [confirmed]
    assert not InterestRegistration.objects.filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_english_reminder_is_in_english(committed, registration_of):
    with at(0):
        person = registration_of(language="en")
    mail.outbox = []
    with at(340):
        committed(interest_renewal_reminders_send_due)
    message = messages_to(person.email)[-1]
    assert message.subject == "Do you want to keep your registration of interest?"
    assert "Keep it for 12 more months" in message.body
    assert path_in(message.body, "din").startswith("/en/meld-interesse/din/")
