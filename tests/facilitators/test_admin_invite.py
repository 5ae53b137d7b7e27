"""Coordinators invite facilitators directly, only into municipalities in their own counties."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from facilitators import roles
from facilitators.models import AuditEntry, User
from facilitators.services.invitations import facilitator_invite
from facilitators.services.records import Action

URL = reverse("facilitator_invite:invite")


def form(**overrides):
    data = {"name": "Ingrid Berg", "email": "Ingrid.Berg@example.org", "phone": "", "agreed": "on"}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_coordinator_invites_a_new_facilitator_who_gets_a_password_link(
    client, people, places, django_capture_on_commit_callbacks
):
    mail.outbox = []
    client.force_login(people["coordinator"])
    page = client.get(URL)
    assert page.status_code == 200
    assert str(places["levanger"].name_plain) in page.text
    assert "Bodø" not in page.text  # only the coordinator's own municipalities are offered
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, form(municipalities=[places["levanger"].pk, places["verdal"].pk], phone="900 00 000")
        )
    assert response.status_code == 302, response.text[:3000]
    user = User.objects.get(email="ingrid.berg@example.org")
    assert user.first_name == "Ingrid" and user.last_name == "Berg" and user.phone == "900 00 000"
    assert not user.has_usable_password()
    assert user.groups.filter(name=roles.FACILITATOR).exists()
    assert set(user.facilitator_municipalities.all()) == {places["levanger"], places["verdal"]}
    [message] = [m for m in mail.outbox if user.email in m.to]
    assert "/min-side/velg-passord/" in message.body
    assert "/min-side/" in message.body  # where they see and can delete their account
    entry = AuditEntry.objects.get(action=Action.FACILITATOR_INVITED)
    assert entry.actor == people["coordinator"]
    assert "ingrid" not in (entry.object_label + entry.detail).lower()  # no personal data in the record


@pytest.mark.django_db
def test_coordinator_cannot_assign_a_municipality_outside_their_counties(client, people, places):
    mail.outbox = []
    client.force_login(people["coordinator"])
    response = client.post(URL, form(municipalities=[places["levanger"].pk, places["bodo"].pk]))
    assert response.status_code == 200
    assert "samhold-error-summary" in response.text
    assert "Ingrid Berg" in response.text  # what was typed is kept
    assert not User.objects.filter(email="ingrid.berg@example.org").exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_service_refuses_municipalities_outside_the_coordinators_counties(people, places):
    with pytest.raises(ValidationError):
        facilitator_invite(
            invited_by=people["coordinator"], name="Ola", email="ola@example.org", municipalities=[places["bodo"]]
        )
    assert not User.objects.filter(email="ola@example.org").exists()


@pytest.mark.django_db
def test_administrator_may_invite_anywhere(people, places):
    user = facilitator_invite(
        invited_by=people["administrator"], name="Ola", email="ola@example.org", municipalities=[places["bodo"]]
    )
    assert list(user.facilitator_municipalities.all()) == [places["bodo"]]


@pytest.mark.django_db
def test_inviting_an_existing_account_reuses_it_and_keeps_its_password_and_areas(
    people, places, django_capture_on_commit_callbacks
):
    mail.outbox = []
    existing = people["other_facilitator"]  # Verdal, has a password
    with django_capture_on_commit_callbacks(execute=True):
        user = facilitator_invite(
            invited_by=people["coordinator"], name="Someone Else", email=existing.email.upper(),
            municipalities=[places["levanger"]],
        )
    assert user.pk == existing.pk
    assert user.first_name == "Frode"
    assert set(user.facilitator_municipalities.all()) == {places["verdal"], places["levanger"]}
    assert user.has_usable_password()
    [message] = [m for m in mail.outbox if existing.email in m.to]
    assert "/min-side/logg-inn/" in message.body and "velg-passord" not in message.body


@pytest.mark.django_db
def test_invitation_needs_the_persons_agreement_and_a_municipality(client, people, places):
    client.force_login(people["coordinator"])
    response = client.post(URL, form(agreed="", municipalities=[]))
    assert response.status_code == 200
    assert response.text.count("<li><a href=\"#id_") == 2


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["facilitator", "contact"])
def test_facilitators_cannot_invite(client, people, places, role):
    client.force_login(people[role])
    assert client.get(URL).status_code == 302
    client.post(URL, form(municipalities=[places["levanger"].pk]))
    assert not User.objects.filter(email="ingrid.berg@example.org").exists()
