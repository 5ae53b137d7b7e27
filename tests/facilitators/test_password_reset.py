"""A forgotten password can be reset without revealing whether an account exists."""

import re

import pytest
from django.core import mail
from django.urls import reverse

RESET = reverse("facilitators:password_reset")


@pytest.fixture
def ask_for_reset(client, django_capture_on_commit_callbacks):
    def _ask(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(RESET, {"email": email}, follow=True)

    return _ask


@pytest.mark.django_db
def test_existing_account_gets_an_email_with_a_reset_link(person, ask_for_reset):
    response = ask_for_reset("Ingrid.Igangsetter@example.org")
    assert response.redirect_chain == [(reverse("facilitators:password_reset_done"), 302)]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert re.search(r"http://testserver/min-side/nytt-passord/[^/]+/[^/]+/", message.body)


@pytest.mark.django_db
def test_unknown_address_gets_the_same_page_and_no_email(person, ask_for_reset):
    known = ask_for_reset(person.email)
    mail.outbox.clear()
    unknown = ask_for_reset("ingen@example.org")
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.content == known.content
    assert mail.outbox == []


@pytest.mark.django_db
def test_reset_link_sets_a_new_password_that_follows_the_rules(client, person, ask_for_reset, log_in):
    ask_for_reset(person.email)
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]

    too_short = client.post(set_password_url, {"new_password1": "kort-pass1", "new_password2": "kort-pass1"})
    assert too_short.status_code == 200
    assert 'aria-invalid="true"' in too_short.content.decode()

    new = "et-helt-nytt-passord-2026"
    done = client.post(set_password_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert done.url == reverse("facilitators:password_reset_complete")
    assert log_in(person.email, new).status_code == 302


@pytest.mark.django_db
def test_a_used_or_forged_link_is_refused_kindly(client, person):
    response = client.get(reverse("facilitators:password_reset_confirm", args=["MQ", "feil-token"]))
    assert response.status_code == 200
    assert "Denne lenken er allerede brukt, eller den er for gammel." in response.content.decode()
