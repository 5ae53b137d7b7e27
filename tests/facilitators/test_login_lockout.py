"""Guessing protection on Min side: 5 failures lock one (account, IP address) pair for 15 minutes, no more."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from facilitators.models import LoginAttempt
from tests.factories import UserFactory

from .conftest import PASSWORD

WRONG = "feil-passord-123456"


def fail_five_times(log_in, email, ip="192.0.2.10"):
    return [log_in(email, WRONG, ip=ip).status_code for _ in range(5)]


@pytest.mark.django_db
def test_fifth_failure_locks_and_sixth_attempt_gets_429_even_with_the_right_password(client, person, log_in):
    assert fail_five_times(log_in, person.email) == [200, 200, 200, 200, 429]
    response = log_in(person.email, PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 15 * 60
    html = response.content.decode()
    assert "for mange mislykkede forsøk" in html
    assert "Prøv igjen om 15 minutter" in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_same_account_from_another_ip_address_still_logs_in(client, person, log_in):
    fail_five_times(log_in, person.email, ip="192.0.2.10")
    assert log_in(person.email, PASSWORD, ip="198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_another_account_from_the_same_ip_address_still_logs_in(client, person, log_in):
    colleague = UserFactory(email="kollega@example.org")
    fail_five_times(log_in, person.email)
    assert log_in(colleague.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_lock_ends_after_15_minutes(client, person, log_in):
    fail_five_times(log_in, person.email)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=14)):
        assert log_in(person.email, PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=15, seconds=1)):
        assert log_in(person.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_attempts_while_locked_do_not_prolong_the_lock(client, person, log_in):
    fail_five_times(log_in, person.email)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10)):
        assert log_in(person.email, WRONG).status_code == 429
    assert LoginAttempt.objects.count() == 5
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=15, seconds=1)):
        assert log_in(person.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_unknown_address_is_locked_the_same_way_so_nothing_is_revealed(log_in):
    assert fail_five_times(log_in, "ingen@example.org") == [200, 200, 200, 200, 429]


@pytest.mark.django_db
def test_attempts_hold_neither_the_address_typed_nor_the_ip_address(person, log_in):
    log_in("Ingrid.Igangsetter@Example.org", WRONG, ip="192.0.2.10")
    attempt = LoginAttempt.objects.get()
    stored = f"{attempt.email_hash} {attempt.ip_hash}"
    assert "ingrid" not in stored.lower() and "192.0.2.10" not in stored
    assert len(attempt.email_hash) == len(attempt.ip_hash) == 64
    # Typed in capitals or not, it is the same account.
    log_in("ingrid.igangsetter@example.org", WRONG, ip="192.0.2.10")
    assert LoginAttempt.objects.values("email_hash").distinct().count() == 1


@pytest.mark.django_db
def test_successful_login_clears_the_pairs_failures(client, person, log_in):
    for _ in range(4):
        log_in(person.email, WRONG)
    assert log_in(person.email, PASSWORD).status_code == 302
    assert LoginAttempt.objects.count() == 0


@pytest.mark.django_db
def test_malformed_address_is_not_counted_as_a_guess(log_in):
    for _ in range(6):
        assert log_in("ikke-en-adresse", WRONG).status_code == 200
    assert LoginAttempt.objects.count() == 0
