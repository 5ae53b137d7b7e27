"""A person sees, downloads and deletes what Samhold holds about them: from each private link,
and on Min side for an account."""

import pytest
from django.core import mail

from facilitators.models import AuditEntry, User
from facilitators.models.records import Action
from groups.models import SelfHelpGroup
from tests.facilitators.interest_helpers import manage_link
from tests.facilitators.meetings_helpers import make_meeting, sign_up
from tests.facilitators.meetings_helpers import manage_link as signup_link
from tests.factories import SelfHelpGroupFactory, StartUpFactory, UserFactory

from .conftest import PASSWORD


@pytest.mark.django_db
def test_a_registration_downloads_as_json_from_its_link_only(client, registration_of):
    registration = registration_of(email="solveig@example.net", phone="99 88 77 66")
    response = client.get(f"{manage_link(registration)}data.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert (data["email"], data["phone"], data["themes"]) == ("solveig@example.net", "99 88 77 66", ["Sorg"])
    assert client.get("/meld-interesse/din/feil/data.json").status_code == 404


@pytest.mark.django_db
def test_a_sign_up_downloads_as_json_from_its_link(client, places):
    meeting = make_meeting(SelfHelpGroupFactory(name="Sorggruppe X", status="planned", municipality=places["levanger"]))
    signup = sign_up(meeting, name="Sigrid", email="sigrid@example.net")
    data = client.get(f"{signup_link(signup)}data.json").json()
    assert (data["name"], data["status"], data["meeting"]["group"]) == ("Sigrid", "confirmed", "Sorggruppe X")


@pytest.mark.django_db
def test_an_account_holder_sees_and_downloads_everything_on_min_side(client, people, places, themes):
    fia = people["facilitator"]
    StartUpFactory(group__name="Sorggruppe Fia", group__municipality=places["levanger"], facilitators=[fia])
    client.force_login(fia)
    page = client.get("/min-side/mine-opplysninger/")
    assert page.status_code == 200 and "Sorggruppe Fia" in page.content.decode()
    data = client.get("/min-side/mine-opplysninger/data.json").json()
    assert data["email"] == "fia@example.org"
    assert data["groups_facilitated"] == ["Sorggruppe Fia"]
    assert data["municipalities_as_facilitator"] == ["Levanger - Levangke"]
    assert client.get("/min-side/mine-opplysninger/data.json")["Cache-Control"].startswith("no-store")


@pytest.mark.django_db
def test_another_persons_data_cannot_be_asked_for(client, people):
    client.force_login(people["other_facilitator"])
    data = client.get("/min-side/mine-opplysninger/data.json").json()
    assert data["email"] == "frode@example.org"
    client.logout()
    response = client.get("/min-side/mine-opplysninger/data.json")
    assert response.status_code == 302 and "/min-side/logg-inn/" in response["Location"]


@pytest.mark.django_db
def test_deleting_an_account_needs_the_password_and_tells_the_coordinator_about_a_group_left_without_contact(
    client, post, people, places
):
    gunn = people["contact"]
    group = SelfHelpGroupFactory(name="Sorggruppe Gunn", municipality=places["levanger"], contact=gunn)
    client.force_login(gunn)
    wrong = post("/min-side/slett-konto/", {"password": "feil-passord-12345", "understood": "on"}, client_=client)
    assert wrong.status_code == 400
    assert User.objects.filter(pk=gunn.pk).exists()
    mail.outbox = []
    response = post("/min-side/slett-konto/", {"password": PASSWORD, "understood": "on"}, client_=client)
    assert response.status_code == 302
    assert not User.objects.filter(email="gunn@example.org").exists()
    assert SelfHelpGroup.objects.get(pk=group.pk).contact is None
    [told] = [message for message in mail.outbox if "kari@example.org" in message.to]
    assert "Sorggruppe Gunn" in told.body and "Sorggruppe" not in told.subject
    entry = AuditEntry.objects.get(action=Action.ACCOUNT_DELETED)
    assert "gunn" not in (entry.object_label + entry.detail).lower()
    # Logged out: Min side asks for a login.
    assert client.get("/min-side/").status_code == 302


@pytest.mark.django_db
def test_a_superuser_cannot_delete_their_own_account_on_min_side(client):
    boss = UserFactory(email="boss@example.org", is_superuser=True, is_staff=True)
    client.force_login(boss)
    assert client.get("/min-side/slett-konto/").status_code == 403
