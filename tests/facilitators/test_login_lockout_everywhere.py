"""Regression: /admin/login/ accepted unlimited guesses (the Min side lockout was not applied
there), and nothing stopped guessing one account from rotating addresses or spraying many
accounts from one network. One lockout now guards every way to log in, in the backend."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from facilitators.login_guard import DEVICE_COOKIE
from facilitators.models import LoginAttempt
from tests.factories import UserFactory, administrator

from .conftest import PASSWORD

WRONG = "feil-passord-123456"
ADMIN_LOGIN = "/admin/login/"


def admin_log_in(client, email, password, ip="192.0.2.10"):
    return client.post(ADMIN_LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def staff(db):
    return administrator(email="ada@example.org", first_name="Ada")


@pytest.mark.django_db
def test_the_admin_login_locks_the_pair_after_five_failures_even_for_the_right_password(client, staff):
    statuses = [admin_log_in(client, staff.email, WRONG).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    response = admin_log_in(client, staff.email, PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 15 * 60
    assert 'id="login-locked"' in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_on_min_side_and_in_the_admin_count_together(client, staff, log_in):
    for _ in range(3):
        log_in(staff.email, WRONG)
    admin_log_in(client, staff.email, WRONG)
    assert admin_log_in(client, staff.email, WRONG).status_code == 429
    assert log_in(staff.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_any_form_that_calls_authenticate_is_locked_too(staff):
    request = RequestFactory().post("/some/future/form/", REMOTE_ADDR="192.0.2.10")
    for _ in range(5):
        assert authenticate(request, username=staff.email, password=WRONG) is None
    assert authenticate(request, username=staff.email, password=PASSWORD) is None
    assert LoginAttempt.objects.count() == 5  # tries during the lock are not recorded


@pytest.mark.django_db
def test_guessing_one_account_from_rotating_addresses_locks_it_for_new_browsers(client, person, log_in, settings):
    settings.SAMHOLD_LOGIN_ACCOUNT_FAILURE_LIMIT = 20
    # A fresh IPv4 address for every guess: the pair lock never triggers.
    for n in range(20):
        log_in(person.email, WRONG, ip=f"198.51.100.{n + 1}")
    response = log_in(person.email, PASSWORD, ip="203.0.113.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_owner_still_logs_in_from_a_browser_they_used_before(client, person, log_in, settings):
    settings.SAMHOLD_LOGIN_ACCOUNT_FAILURE_LIMIT = 20
    assert log_in(person.email, PASSWORD, ip="203.0.113.9").status_code == 302
    assert client.cookies[DEVICE_COOKIE].value
    client.post("/min-side/logg-ut/")
    for n in range(25):
        log_in(person.email, WRONG, ip=f"198.51.100.{n + 1}")
    # The same browser (it keeps its device cookie) is not locked out by the attacker.
    assert log_in(person.email, PASSWORD, ip="203.0.113.9").status_code == 302


@pytest.mark.django_db
def test_a_device_cookie_for_another_account_does_not_help(client, person, log_in, settings):
    settings.SAMHOLD_LOGIN_ACCOUNT_FAILURE_LIMIT = 20
    other = UserFactory(email="annen@example.org")
    assert log_in(other.email, PASSWORD).status_code == 302
    client.post("/min-side/logg-ut/")
    for n in range(20):
        log_in(person.email, WRONG, ip=f"198.51.100.{n + 1}")
    assert log_in(person.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_a_forged_device_cookie_is_ignored(client, person, log_in, settings):
    settings.SAMHOLD_LOGIN_ACCOUNT_FAILURE_LIMIT = 20
    for n in range(20):
        log_in(person.email, WRONG, ip=f"198.51.100.{n + 1}")
    client.cookies[DEVICE_COOKIE] = "W10:1abc:forged"
    assert log_in(person.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_spraying_many_accounts_from_one_network_locks_that_network_for_new_browsers(client, log_in, settings):
    settings.SAMHOLD_LOGIN_ADDRESS_FAILURE_LIMIT = 30
    victim = UserFactory(email="offer@example.org")
    for n in range(30):
        log_in(f"konto{n}@example.org", "Sommer2026!", ip="192.0.2.77")
    assert log_in(victim.email, PASSWORD, ip="192.0.2.77").status_code == 429
    # Everyone else is unaffected.
    assert log_in(victim.email, PASSWORD, ip="198.51.100.1").status_code == 302


@pytest.mark.django_db
def test_a_new_password_from_the_e_mail_link_lets_that_browser_in_during_an_account_lock(
    client, person, log_in, settings
):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    settings.SAMHOLD_LOGIN_ACCOUNT_FAILURE_LIMIT = 20
    for n in range(20):
        log_in(person.email, WRONG, ip=f"198.51.100.{n + 1}")
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    start = client.get(f"/min-side/nytt-passord/{uid}/{token}/")
    new = "et-helt-nytt-passord-987"
    assert client.post(start["Location"], {"new_password1": new, "new_password2": new}).status_code == 302
    assert log_in(person.email, new).status_code == 302
