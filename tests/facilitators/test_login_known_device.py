"""Regression: the known-device cookie, earned by one password login (no second factor needed),
lifts the per-account and per-network locks for 180 days and survives a password change; with
networks counted per IPv6 /64 that leaves the account open to unlimited guessing."""

import datetime

import pytest
import time_machine
from django.test import Client

from facilitators.login_guard import DEVICE_COOKIE
from tests.factories import administrator

from .conftest import LOGIN_URL, PASSWORD

NEW_PASSWORD = "Et helt nytt passord 2026!"


@pytest.mark.django_db
def test_a_cookie_from_before_a_password_change_does_not_lift_the_account_lock(person):
    attacker = Client()
    r = attacker.post(LOGIN_URL, {"username": person.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.1")
    assert r.status_code == 302 and attacker.cookies[DEVICE_COOKIE].value
    attacker.post("/min-side/logg-ut/")
    person.set_password(NEW_PASSWORD)  # the owner changes the password
    person.save()

    statuses = [
        attacker.post(LOGIN_URL, {"username": person.email, "password": f"gjetning-{n}-xxxxxx"},
                      REMOTE_ADDR=f"2001:db8:55:{n // 4:x}::1").status_code  # 4 guesses per /64, one /48
        for n in range(60)
    ]
    # SAMHOLD_LOGIN_ACCOUNT_FAILURE_LIMIT is 20: the old cookie no longer lifts the account lock.
    assert 429 in statuses


@pytest.mark.django_db
def test_staff_are_remembered_only_after_the_second_factor():
    from django.utils import timezone
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    ada = administrator(email="ada@example.org", first_name="Ada")
    device = TOTPDevice.objects.create(user=ada, name="authenticator", confirmed=True)
    browser = Client()
    browser.post("/admin/login/", {"username": ada.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.10")
    assert DEVICE_COOKIE not in browser.cookies  # a password alone earns nothing
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31), tick=False):
        code = f"{totp(device.bin_key):06d}"
        assert browser.post("/min-side/totrinn/kode/", {"code": code}).status_code == 302
    assert browser.cookies[DEVICE_COOKIE].value
