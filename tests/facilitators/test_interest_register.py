"""The public "Meld interesse" form and its double opt-in."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from facilitators.consent import INTEREST_CONSENT_VERSION
from facilitators.models import InterestRegistration
from tests.facilitators.interest_helpers import REGISTER_URL, messages_to, path_in


@pytest.fixture
def valid(places, themes):
    return {
        "themes": [str(themes["sorg"].pk), str(themes["angst"].pk)],
        "municipality": str(places["levanger"].pk),
        "radius_km": "20",
        "email": "Solveig@Example.net",
        "phone": "912 34 567",
        "message": "Helst på kveldstid.",
        "consent": "on",
    }


@pytest.mark.django_db
def test_form_states_purpose_who_sees_it_and_retention_and_asks_consent(client, places, themes):
    response = client.get(REGISTER_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "12" in page and "7" in page
    assert 'name="consent"' in page and 'name="website"' in page
    assert places["levanger"].name in page


@pytest.mark.django_db
def test_form_is_prefilled_from_the_query_string(client, places, themes):
    response = client.get(f"{REGISTER_URL}?tema=sorg&tema=angst&tema=ukjent&kommune=levanger")
    form = response.context["form"]
    assert set(form.initial["themes"]) == {themes["sorg"].pk, themes["angst"].pk}
    assert form.initial["municipality"] == places["levanger"].pk
    page = response.content.decode()
    assert f'value="{themes["sorg"].pk}" id="id_themes_' in page
    assert "checked" in page
    by_number = client.get(f"{REGISTER_URL}?kommune=5038")
    assert by_number.context["form"].initial["municipality"] == places["verdal"].pk
    # Nonsense in the query string is ignored, never an error.
    assert client.get(f"{REGISTER_URL}?kommune=%00&tema=" + "x" * 500).status_code == 200


@pytest.mark.django_db
def test_registration_is_stored_unconfirmed_with_consent_version_and_a_confirmation_email(post, valid):
    mail.outbox = []
    response = post(REGISTER_URL, valid)
    assert response.status_code == 302
    assert response["Location"] == "/meld-interesse/sendt/"
    registration = InterestRegistration.objects.get()
    assert registration.email == "solveig@example.net"
    assert registration.confirmed_at is None and registration.expires_at is None
    assert registration.consent_text_version == INTEREST_CONSENT_VERSION
    assert registration.language == "nb"
    assert registration.radius_km == 20
    assert registration.themes.count() == 2
    [message] = messages_to("solveig@example.net")
    assert message.subject == "Bekreft e-postadressen din hos Samhold"
    assert path_in(message.body, "bekreft").startswith("/meld-interesse/bekreft/")
    # Before the address is confirmed: no manage link, no theme, nothing typed into the form.
    assert "/meld-interesse/din/" not in message.body
    for absent in ("Sorg", "Angst", "Helst på kveldstid", "Levanger"):
        assert absent not in message.body and absent not in message.subject


@pytest.mark.django_db
def test_invalid_input_is_a_400_that_keeps_everything_typed(post, valid):
    del valid["consent"]
    valid["themes"] = []
    response = post(REGISTER_URL, valid)
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    assert 'href="#id_themes_0"' in page
    assert 'value="Solveig@Example.net"' in page or 'value="solveig@example.net"' in page
    assert "Helst på kveldstid." in page
    assert 'value="20" required id="id_radius_km_1" checked' in page
    assert not InterestRegistration.objects.exists()


@pytest.mark.django_db
def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(post, valid):
    mail.outbox = []
    response = post(REGISTER_URL, {**valid, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not InterestRegistration.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_too_many_registrations_from_one_address_is_a_429_that_keeps_the_input(post, valid):
    for n in range(5):
        assert post(REGISTER_URL, {**valid, "email": f"p{n}@example.net"}, ip="10.9.9.9").status_code == 302
    response = post(REGISTER_URL, valid, ip="10.9.9.9")
    assert response.status_code == 429
    assert "Helst på kveldstid." in response.content.decode()
    assert InterestRegistration.objects.count() == 5
    # Another address is not affected.
    assert post(REGISTER_URL, valid, ip="10.9.9.10").status_code == 302


@pytest.mark.django_db
def test_confirm_link_shows_a_button_and_only_the_post_confirms(client, post, valid):
    post(REGISTER_URL, valid)
    registration = InterestRegistration.objects.get()
    url = path_in(messages_to("solveig@example.net")[0].body, "bekreft")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert "Sorg" in response.content.decode()  # what was registered, for the mailbox's owner
    registration.refresh_from_db()
    assert registration.confirmed_at is None  # a link scanner changes nothing

    now = timezone.now()
    response = post(url, {"action": "confirm"})
    assert response.status_code == 302
    assert response["Location"].startswith("/meld-interesse/din/")
    registration.refresh_from_db()
    assert registration.confirmed_at >= now
    expected = registration.confirmed_at + datetime.timedelta(days=365)
    assert abs(registration.expires_at - expected) < datetime.timedelta(seconds=1)
    # The confirmed address now gets the link to its own page, with the themes.
    confirmed = messages_to("solveig@example.net")[-1]
    assert path_in(confirmed.body, "din").startswith("/meld-interesse/din/")
    assert "om angst, sorg i Levanger" in confirmed.body  # themes in lower case inside the sentence
    # The confirm link works once.
    assert client.post(url, {"action": "confirm"}).status_code == 404
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_unknown_confirm_token_is_404(client):
    assert client.get("/meld-interesse/bekreft/finnes-ikke/").status_code == 404
    assert client.post("/meld-interesse/bekreft/finnes-ikke/").status_code == 404


@pytest.mark.django_db
def test_english_registration_gets_english_email_with_english_links(post, valid):
    mail.outbox = []
    response = post("/en" + REGISTER_URL, valid)
    assert response.status_code == 302
    assert response["Location"] == "/en/meld-interesse/sendt/"
    registration = InterestRegistration.objects.get()
    assert registration.language == "en"
    [message] = mail.outbox
    assert message.subject == "Confirm your e-mail address for Samhold"
    assert "Grief" not in message.body  # no theme before the address is confirmed
    assert path_in(message.body, "bekreft").startswith("/en/meld-interesse/bekreft/")


@pytest.mark.django_db
def test_the_same_registration_sent_again_is_answered_the_same_and_saves_and_sends_nothing(post, valid, themes):
    # A double click, or the browser sending the form once more.
    assert post(REGISTER_URL, valid, ip="10.0.0.7").status_code == 302
    mail.outbox = []
    again = post(REGISTER_URL, valid, ip="10.0.0.8")
    assert again.status_code == 302
    assert again["Location"] == "/meld-interesse/sendt/"
    assert InterestRegistration.objects.count() == 1
    assert mail.outbox == []
    # Other themes are another registration.
    assert post(REGISTER_URL, {**valid, "themes": [str(themes["sorg"].pk)]}).status_code == 302
    assert InterestRegistration.objects.count() == 2
