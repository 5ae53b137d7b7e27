"""Administrators assign areas in Settings → Users: counties to coordinators, municipalities to
facilitators, and a phone number, on the e-mail-only user model."""

import pytest
from django.contrib.auth.models import Group as Role
from django.urls import reverse

from facilitators import roles
from facilitators.models import User

PASSWORD = "et-langt-testpassord-123"


@pytest.mark.django_db
def test_administrator_creates_a_coordinator_with_counties(client, people, places, trondelag):
    client.force_login(people["administrator"])
    add_url = reverse("wagtailusers_users:add")
    page = client.get(add_url)
    assert page.status_code == 200
    assert 'name="coordinator_counties"' in page.text and 'name="facilitator_municipalities"' in page.text
    response = client.post(
        add_url,
        {
            "email": "Ny.Koordinator@example.org",
            "first_name": "Nora",
            "last_name": "Koordinator",
            "phone": "+47 400 00 000",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "groups": [Role.objects.get(name=roles.REGIONAL_COORDINATOR).pk],
            "coordinator_counties": [trondelag.pk],
        },
    )
    assert response.status_code == 302, response.text[:2000]
    user = User.objects.get(email__iexact="ny.koordinator@example.org")
    assert list(user.coordinator_counties.all()) == [trondelag]
    assert user.phone == "+47 400 00 000"
    assert user.groups.filter(name=roles.REGIONAL_COORDINATOR).exists()
    assert not user.is_superuser


@pytest.mark.django_db
def test_administrator_assigns_municipalities_to_a_facilitator(client, people, places):
    facilitator = people["facilitator"]
    client.force_login(people["administrator"])
    edit_url = reverse("wagtailusers_users:edit", args=[facilitator.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        {
            "email": facilitator.email,
            "first_name": facilitator.first_name,
            "last_name": facilitator.last_name or "Berg",
            "phone": "",
            "is_active": "on",
            "groups": [Role.objects.get(name=roles.FACILITATOR).pk],
            "facilitator_municipalities": [places["levanger"].pk, places["verdal"].pk],
        },
    )
    assert response.status_code == 302, response.text[:2000]
    assert set(facilitator.facilitator_municipalities.all()) == {places["levanger"], places["verdal"]}
    facilitator.refresh_from_db()
    assert facilitator.check_password(PASSWORD)  # a blank password leaves it as it was


@pytest.mark.django_db
def test_administrator_cannot_make_a_superuser(client, people, places):
    client.force_login(people["administrator"])
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "sjef@example.org",
            "first_name": "Sjef",
            "last_name": "Sjefsen",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302
    assert not User.objects.get(email="sjef@example.org").is_superuser


@pytest.mark.django_db
def test_administrator_cannot_edit_a_superuser(client, people):
    boss = User.objects.create_superuser(email="root@example.org", password=PASSWORD, first_name="R", last_name="S")
    client.force_login(people["administrator"])
    edit_url = reverse("wagtailusers_users:edit", args=[boss.pk])
    # Wagtail answers a refusal with a redirect to the dashboard and a message.
    assert client.get(edit_url).status_code == 302
    client.post(edit_url, {"email": "taken@example.org", "first_name": "X", "last_name": "Y"})
    boss.refresh_from_db()
    assert boss.email == "root@example.org"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "facilitator"])
def test_coordinators_and_facilitators_do_not_manage_users(client, people, role):
    client.force_login(people[role])
    assert client.get(reverse("wagtailusers_users:add")).status_code == 302
    assert client.get(reverse("wagtailusers_users:edit", args=[people["contact"].pk])).status_code == 302
