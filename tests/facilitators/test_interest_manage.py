"""The person's own page, by the link in every e-mail: see, change, renew, delete."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from facilitators.models import InterestNotification, InterestRegistration
from tests.facilitators.interest_helpers import manage_link
from tests.factories import SelfHelpGroupFactory


def manage_url(registration):
    return manage_link(registration)


@pytest.mark.django_db
def test_the_person_sees_their_registration_by_the_link(client, registration_of, places):
    registration = registration_of(phone="99 88 77 66")
    response = client.get(manage_url(registration))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store, private"
    page = response.content.decode()
    assert registration.email in page
    assert "99 88 77 66" in page


@pytest.mark.django_db
def test_a_wrong_token_is_404_for_every_action(client, post, registration_of):
    registration_of()
    assert client.get("/meld-interesse/din/feil-token/").status_code == 404
    assert post("/meld-interesse/din/feil-token/", {}).status_code == 404
    assert post("/meld-interesse/din/feil-token/slett/").status_code == 404
    assert post("/meld-interesse/din/feil-token/forny/").status_code == 404
    assert InterestRegistration.objects.count() == 1


@pytest.mark.django_db
def test_the_person_changes_themes_place_distance_phone_and_text(client, registration_of, places, themes):
    registration = registration_of()
    response = client.post(
        manage_url(registration),
        {
            "themes": [str(themes["angst"].pk)],
            "municipality": str(places["verdal"].pk),
            "radius_km": "50",
            "phone": "12345678",
            "message": "Ny tekst",
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert list(registration.themes.all()) == [themes["angst"]]
    assert registration.municipality == places["verdal"]
    assert (registration.radius_km, registration.phone, registration.message) == (50, "12345678", "Ny tekst")
    page = client.get(manage_url(registration)).content.decode()
    assert "lagret" in page or "saved" in page


@pytest.mark.django_db
def test_an_invalid_change_is_a_400_that_keeps_the_input(client, registration_of, places, themes):
    registration = registration_of()
    response = client.post(
        manage_url(registration),
        {"themes": [], "municipality": str(places["verdal"].pk), "radius_km": "7", "message": "Behold meg"},
    )
    assert response.status_code == 400
    assert "Behold meg" in response.content.decode()
    registration.refresh_from_db()
    assert registration.municipality == places["levanger"]


@pytest.mark.django_db
def test_delete_is_a_post_and_is_immediate_with_the_record_of_who_was_told(client, registration_of):
    registration = registration_of()
    group = SelfHelpGroupFactory()
    InterestNotification.objects.create(registration=registration, group=group, reason="open")
    url = manage_url(registration)
    assert client.get(f"{url}slett/").status_code == 405
    assert client.post(f"{url}slett/").status_code == 400  # asks once to confirm, deletes nothing
    assert InterestRegistration.objects.filter(pk=registration.pk).exists()
    response = client.post(f"{url}slett/", {"confirm_delete": "yes"})
    assert response.status_code == 302
    assert response["Location"] == "/meld-interesse/slettet/"
    assert not InterestRegistration.objects.exists()
    assert not InterestNotification.objects.exists()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_renew_extends_by_twelve_months_from_now(client, registration_of):
    registration = registration_of()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=340), tick=False):
        response = client.post(f"{manage_url(registration)}forny/")
        assert response.status_code == 302
        registration.refresh_from_db()
        assert registration.expires_at == timezone.now() + datetime.timedelta(days=365)
        assert registration.renewal_reminded_at is None


@pytest.mark.django_db
def test_an_unconfirmed_registration_cannot_be_renewed_but_can_be_confirmed_from_its_page(client, registration_of):
    registration = registration_of(confirmed=False)
    url = manage_url(registration)
    page = client.get(url).content.decode()
    assert 'name="action" value="confirm"' in page
    client.post(f"{url}forny/")
    registration.refresh_from_db()
    assert registration.expires_at is None
    assert client.post(url, {"action": "confirm"}).status_code == 302
    registration.refresh_from_db()
    assert registration.confirmed_at is not None
