"""Facilitators and group contacts log in to Min side with their e-mail address."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from .conftest import LOGIN_URL, PASSWORD


@pytest.mark.django_db
def test_login_page_shows_an_email_field_and_a_password_field(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="email" name="username"' in html
    assert 'type="password" name="password"' in html
    assert 'autocomplete="current-password"' in html


@pytest.mark.django_db
def test_person_logs_in_by_email_and_lands_on_min_side(client, person, log_in):
    response = log_in("ingrid.igangsetter@example.org", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("facilitators:home")
    assert client.get(reverse("facilitators:home")).context["user"] == person


@pytest.mark.django_db
def test_email_address_is_matched_whatever_its_case(client, person, log_in):
    response = log_in("  Ingrid.Igangsetter@EXAMPLE.org ", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == person.pk


@pytest.mark.django_db
def test_login_gives_a_new_session_key_and_deletes_the_old_session(client, person, log_in):
    session = client.session
    session["before_login"] = True
    session.save()
    before = session.session_key

    assert log_in(person.email, PASSWORD).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not SessionStore().exists(before)


@pytest.mark.django_db
def test_wrong_password_shows_one_error_that_does_not_say_which_part_is_wrong(client, person, log_in):
    response = log_in(person.email, "feil-passord-123456")
    assert response.status_code == 200
    html = response.content.decode()
    assert "E-postadressen eller passordet er feil" in html
    assert 'class="error-summary"' in html
    assert "_auth_user_id" not in client.session
    # The password typed is never written back into the page.
    assert "feil-passord-123456" not in html
    # An unknown address gets exactly the same answer.
    unknown = log_in("ingen@example.org", "feil-passord-123456")
    assert unknown.status_code == 200
    assert "E-postadressen eller passordet er feil" in unknown.content.decode()


@pytest.mark.django_db
def test_invalid_email_is_tied_to_its_field(client, log_in):
    html = log_in("ikke-en-adresse", "noe").content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_username_error"' in html
    assert 'id="id_username_error"' in html
    assert 'href="#id_username"' in html


@pytest.mark.django_db
def test_login_returns_to_the_page_asked_for(client, person, log_in):
    response = log_in(person.email, PASSWORD, next=reverse("facilitators:home"))
    assert response.url == reverse("facilitators:home")
    # …but never to another site.
    client.logout()
    response = log_in(person.email, PASSWORD, next="https://example.com/")
    assert response.url == reverse("facilitators:home")


@pytest.mark.django_db
def test_min_side_login_works_in_english_too(client, person):
    from django.utils import translation

    with translation.override("en"):
        url = reverse("facilitators:login")
    assert url == "/en/min-side/logg-inn/"
    response = client.post(url, {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/en/min-side/"


@pytest.mark.django_db
def test_inactive_account_cannot_log_in(person, log_in):
    person.is_active = False
    person.save()
    assert log_in(person.email, PASSWORD).status_code == 200
