"""Deleting what one registered asks once to confirm (on the server, without JavaScript), and a
private link that points to nothing any more says so in words, with a way on."""

import pytest

from facilitators.models import InterestRegistration, MeetingSignUp
from facilitators.services.meetings import signup_manage_path
from tests.facilitators.interest_helpers import manage_link
from tests.facilitators.meetings_helpers import sign_up

GONE_TOKEN = "A" * 43  # the shape of a link we send, pointing to nothing


@pytest.mark.django_db
def test_the_delete_form_has_a_box_to_tick(client, registration_of):
    html = client.get(manage_link(registration_of())).content.decode()
    assert 'name="confirm_delete" value="yes"' in html


@pytest.mark.django_db
def test_deleting_an_interest_registration_without_the_tick_asks_once_more(client, registration_of):
    registration = registration_of()
    url = f"{manage_link(registration)}slett/"
    response = client.post(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kryss av for å bekrefte" in html
    assert f'action="{url}"' in html
    assert InterestRegistration.objects.filter(pk=registration.pk).exists()
    response = client.post(url, {"confirm_delete": "yes"})
    assert response.status_code == 302
    assert not InterestRegistration.objects.filter(pk=registration.pk).exists()


@pytest.mark.django_db
def test_cancelling_a_meeting_sign_up_asks_once_more(client, meeting):
    sign_up(meeting, email="anne@example.net")
    signup = MeetingSignUp.objects.get()
    url = signup_manage_path(signup)
    assert client.post(url).status_code == 400
    assert MeetingSignUp.objects.filter(pk=signup.pk).exists()
    assert client.post(url, {"confirm_delete": "yes"}).status_code == 200
    assert not MeetingSignUp.objects.filter(pk=signup.pk).exists()


@pytest.mark.django_db
def test_a_link_to_a_deleted_registration_is_gone_in_words(client, registration_of):
    registration = registration_of()
    url = manage_link(registration)
    client.post(f"{url}slett/", {"confirm_delete": "yes"})
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Denne lenken virker ikke lenger" in html
    assert 'href="/mine-opplysninger/"' in html
    assert "Kopier hele lenken" not in html
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/meld-interesse/din/{token}/",
        "/informasjonsmoter/pamelding/{token}/",
        "/informasjonsmoter/pamelding/{token}/kalender.ics",
    ],
)
def test_every_private_link_that_points_to_nothing_answers_the_page_not_a_generic_404(client, site, path):
    response = client.get(path.format(token=GONE_TOKEN))
    assert response.status_code == 404
    assert "Denne lenken virker ikke lenger" in response.content.decode()


@pytest.mark.django_db
def test_a_link_cut_short_says_to_copy_all_of_it(client, site):
    response = client.get("/meld-interesse/din/kort/")
    assert response.status_code == 404
    assert "Kopier hele lenken" in response.content.decode()
