"""Regression: the key shown on the two-factor setup page belongs to an unconfirmed device that is
kept and shown again to whoever opens the page next. Someone who once had a staff member's
password copies it without confirming; the owner later confirms that same key, and the copy is
a working second factor from then on."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import administrator

from .conftest import PASSWORD

SETUP = "/min-side/totrinn/sett-opp/"
VERIFY = "/min-side/totrinn/kode/"


def code(bin_key, device):
    return f"{totp(bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def admin_login(client, user, ip):
    return client.post("/admin/login/", {"username": user.email, "password": PASSWORD}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_a_key_seen_in_another_session_never_becomes_the_owners_second_factor():
    ada = administrator(email="ada@example.org", first_name="Ada")
    attacker = Client()
    assert admin_login(attacker, ada, "203.0.113.5").status_code == 302
    assert attacker.get(SETUP).status_code == 200
    stolen_key = TOTPDevice.objects.get(user=ada, confirmed=False).bin_key  # = the QR code / key text shown
    attacker.post("/min-side/logg-ut/")

    owner = Client()
    assert admin_login(owner, ada, "192.0.2.10").status_code == 302
    owner.get(SETUP)
    device = TOTPDevice.objects.get(user=ada, confirmed=False)
    assert owner.post(SETUP, {"code": code(device.bin_key, device)}).status_code == 200
    device = TOTPDevice.objects.get(user=ada, confirmed=True)
    assert device.bin_key != stolen_key

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=60), tick=False):
        attacker = Client()
        admin_login(attacker, ada, "203.0.113.5")
        response = attacker.post(VERIFY, {"code": code(stolen_key, device), "next": "/admin/"})
        assert response.status_code != 302
        assert attacker.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_reloading_the_setup_page_keeps_the_key_and_housekeeping_drops_unconfirmed_ones():
    from django.core.management import call_command

    ada = administrator(email="ada@example.org", first_name="Ada")
    owner = Client()
    admin_login(owner, ada, "192.0.2.10")
    owner.get(SETUP)
    first = TOTPDevice.objects.get(user=ada, confirmed=False).pk
    owner.get(SETUP)
    assert TOTPDevice.objects.get(user=ada, confirmed=False).pk == first
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1), tick=False):
        call_command("housekeeping", verbosity=0)
    assert not TOTPDevice.objects.filter(user=ada).exists()
