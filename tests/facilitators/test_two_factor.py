"""Two-factor login: staff need a code from an authenticator app for the admin and Min side;
facilitators may turn it on. A password alone reaches neither. Logged in through the real forms."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from facilitators.models import AuditEntry
from facilitators.models.records import Action
from tests.factories import administrator, coordinator_for, facilitator_in

from .conftest import PASSWORD

SETUP = "/min-side/totrinn/sett-opp/"
VERIFY = "/min-side/totrinn/kode/"


def code_for(device, *, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def later(seconds=31):
    """Each TOTP code works once; the next step gives a new one."""
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds), tick=False)


def admin_login(client, user):
    return client.post("/admin/login/", {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.10")


def min_side_login(client, user):
    return client.post("/min-side/logg-inn/", {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.10")


@pytest.fixture
def staff(db):
    return administrator(email="ada@example.org", first_name="Ada")


@pytest.fixture
def staff_with_app(staff):
    device = TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=True)
    return staff, device


@pytest.mark.django_db
def test_a_password_alone_does_not_reach_the_admin(client, staff):
    assert admin_login(client, staff).status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"
    # Every admin page, not only the dashboard.
    assert client.get("/admin/snippets/groups/selfhelpgroup/").status_code == 302
    assert client.get("/admin/users/").status_code == 302


@pytest.mark.django_db
def test_a_password_alone_does_not_reach_min_side_either(client, places):
    coordinator = coordinator_for(places["levanger"].county, email="kari@example.org")
    assert min_side_login(client, coordinator).status_code == 302
    response = client.get("/min-side/ettersporsel/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


@pytest.mark.django_db
def test_half_logged_in_staff_are_anonymous_on_public_pages(client, staff, site):
    admin_login(client, staff)
    response = client.get("/")
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert "wagtail-userbar" not in response.content.decode()


@pytest.mark.django_db
def test_setting_up_the_app_gives_ten_recovery_codes_and_opens_the_admin(client, staff):
    admin_login(client, staff)
    page = client.get(f"{SETUP}?next=/admin/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'class="secret-key"' in html
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    # Reloading shows the same key, not a new one.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=staff).count() == 1

    session_key = client.session.session_key
    response = client.post(SETUP, {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    assert client.session.session_key != session_key
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action=Action.SECOND_FACTOR_ENABLED, actor=staff).exists()


@pytest.mark.django_db
def test_a_wrong_setup_code_turns_nothing_on(client, staff):
    admin_login(client, staff)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_staff_with_an_app_give_the_code_after_the_password(client, staff_with_app):
    staff, device = staff_with_app
    admin_login(client, staff)
    response = client.get("/admin/")
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.post(VERIFY, {"code": "123 456", "next": "/admin/"}).status_code == 400
    with later():
        response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_wrong_codes_make_the_app_rest_longer_each_time(client, staff_with_app):
    staff, device = staff_with_app
    admin_login(client, staff)
    assert client.post(VERIFY, {"code": "111111"}).status_code == 400
    response = client.post(VERIFY, {"code": "222222"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    # Even the right code waits during the rest.
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 429
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_a_recovery_code_works_once(client, staff):
    admin_login(client, staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(SETUP, {"code": code_for(device)})
    code = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())[0]
    client.post("/min-side/logg-ut/")

    admin_login(client, staff)
    assert client.post(VERIFY, {"code": code.upper(), "next": "/admin/"}).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=staff).count() == 9
    client.post("/min-side/logg-ut/")

    admin_login(client, staff)
    with later(120):
        assert client.post(VERIFY, {"code": code}).status_code == 400


@pytest.mark.django_db
def test_a_password_alone_cannot_replace_the_app(client, staff_with_app):
    staff, device = staff_with_app
    admin_login(client, staff)
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=staff).count() == 1


@pytest.mark.django_db
def test_the_code_page_never_sends_anyone_off_site(client, staff_with_app):
    staff, device = staff_with_app
    admin_login(client, staff)
    with later():
        response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/min-side/"


@pytest.mark.django_db
def test_staff_cannot_turn_two_factor_login_off(client, staff_with_app):
    staff, _device = staff_with_app
    client.force_login(staff)
    client.post("/min-side/totrinn/skru-av/", {"off-password": PASSWORD})
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


@pytest.mark.django_db
def test_a_facilitator_logs_in_with_a_password_until_they_turn_it_on(client, places):
    fia = facilitator_in(places["levanger"], email="fia@example.org")
    assert min_side_login(client, fia).status_code == 302
    assert client.get("/min-side/").status_code == 200
    assert "totrinnsinnlogging er av" in client.get("/min-side/totrinn/").content.decode().lower()

    client.get(SETUP)
    device = TOTPDevice.objects.get(user=fia)
    client.post(SETUP, {"code": code_for(device)})
    client.post("/min-side/logg-ut/")

    min_side_login(client, fia)
    assert client.get("/min-side/")["Location"].startswith(VERIFY)
    # Turning it off needs the code first, like every other Min side page.
    client.post("/min-side/totrinn/skru-av/")
    assert TOTPDevice.objects.filter(user=fia, confirmed=True).exists()
    with later():
        client.post(VERIFY, {"code": code_for(device)})
    # ... and the password again: a session left open on a shared computer is not enough.
    assert client.post("/min-side/totrinn/skru-av/").status_code == 400
    assert client.post("/min-side/totrinn/skru-av/", {"off-password": "feil-passord-123456"}).status_code == 400
    assert client.post("/min-side/totrinn/nye-koder/", {"codes-password": "feil-passord-123456"}).status_code == 400
    assert TOTPDevice.objects.filter(user=fia, confirmed=True).exists()
    assert client.post("/min-side/totrinn/skru-av/", {"off-password": PASSWORD}).status_code == 302
    assert not TOTPDevice.objects.filter(user=fia).exists()
    assert AuditEntry.objects.filter(action=Action.SECOND_FACTOR_DISABLED, actor=fia).exists()


@pytest.mark.django_db
def test_an_administrator_can_reset_a_lost_second_factor_and_it_is_recorded(client, staff, places):
    from django_otp.plugins.otp_static.models import StaticDevice

    kari = coordinator_for(places["levanger"].county, email="kari@example.org", first_name="Kari", last_name="K")
    TOTPDevice.objects.create(user=kari, name="authenticator", confirmed=True)
    StaticDevice.objects.create(user=kari, name="recovery", confirmed=True)
    client.force_login(staff)
    edit = client.get(f"/admin/users/edit/{kari.pk}/")
    assert edit.status_code == 200
    form = edit.context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("groups", "coordinator_counties", "facilitator_municipalities")
    }
    data.update(
        groups=[g.pk for g in kari.groups.all()],
        coordinator_counties=[c.pk for c in kari.coordinator_counties.all()],
        reset_second_factor="on",
    )
    data.pop("is_superuser", None)
    response = client.post(f"/admin/users/edit/{kari.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert not TOTPDevice.objects.filter(user=kari).exists()
    assert not StaticDevice.objects.filter(user=kari).exists()
    entry = AuditEntry.objects.get(action=Action.SECOND_FACTOR_RESET)
    assert entry.actor == staff and "kari" not in entry.object_label.lower()
