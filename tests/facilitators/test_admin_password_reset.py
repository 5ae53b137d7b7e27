"""The admin's password reset is Min side's: one way to ask for a reset e-mail, and it is limited.

Wagtail's own reset view sent an e-mail for every POST (and built its link from the Host
header); its addresses now lead to Min side's reset, in the language of the request."""

import html
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import RequestFactory
from django.urls import resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override
from wagtail.admin.urls import password_reset as wagtail_password_reset_urls

from samhold.logging import redact_private_links
from tests.factories import UserFactory

ADMIN_RESET = "/admin/password_reset/"
MIN_SIDE_RESET = "/min-side/glemt-passord/"


@pytest.fixture
def editor(db):
    return UserFactory(email="redaktor@example.org", is_staff=True)


@pytest.mark.django_db
def test_many_admin_password_resets_send_no_more_than_the_limit(
    client, editor, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(25):
            response = client.post(ADMIN_RESET, {"email": editor.email}, REMOTE_ADDR="192.0.2.40")
            # Someone who sends the form again where the admin's reset leads.
            if response.status_code == 302:
                client.post(response["Location"], {"email": editor.email}, REMOTE_ADDR="192.0.2.40")
    assert len(mail.outbox) == settings.SAMHOLD_PASSWORD_RESET_LIMIT_PER_EMAIL_PER_HOUR


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, target",
    [
        ("", MIN_SIDE_RESET),
        ("done/", "/min-side/glemt-passord/sendt/"),
        ("confirm/MQ/abc-123/", "/min-side/nytt-passord/MQ/abc-123/"),
        ("complete/", "/min-side/nytt-passord/ferdig/"),
        ("something-wagtail-adds-later/", MIN_SIDE_RESET),
    ],
)
def test_every_admin_reset_address_leads_to_min_sides_reset(client, path, target):
    response = client.get(ADMIN_RESET + path)
    assert response.status_code == 302
    assert response["Location"] == target


def test_no_address_of_wagtails_reset_reaches_wagtails_views():
    for pattern in wagtail_password_reset_urls.urlpatterns:
        path = ADMIN_RESET + str(pattern.pattern).replace("<uidb64>", "MQ").replace("<token>", "abc-123")
        assert not resolve(path).func.__module__.startswith("wagtail"), path


@pytest.mark.django_db
def test_the_admin_login_pages_forgotten_password_link_opens_min_sides_reset_form(client):
    login = client.get("/admin/login/").content.decode()
    href = html.unescape(re.search(r'class="reset-password" href="([^"]+)"', login).group(1))
    response = client.get(href, follow=True)
    assert response.redirect_chain[-1][0] == MIN_SIDE_RESET
    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()


def test_the_redirect_keeps_the_language_of_the_request():
    request = RequestFactory().get(ADMIN_RESET)
    with override("en"):
        response = resolve(ADMIN_RESET).func(request)
    assert response["Location"] == "/en" + MIN_SIDE_RESET


@pytest.mark.django_db
def test_a_link_from_an_earlier_admin_reset_email_still_sets_a_new_password(client, editor):
    uid = urlsafe_base64_encode(force_bytes(editor.pk))
    token = default_token_generator.make_token(editor)
    form_page = client.get(f"{ADMIN_RESET}confirm/{uid}/{token}/", follow=True)
    assert form_page.context["validlink"] is True
    new = "et-helt-nytt-passord-2026"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/min-side/nytt-passord/ferdig/"
    editor.refresh_from_db()
    assert editor.check_password(new)


def test_the_token_of_an_admin_reset_link_is_kept_out_of_the_logs():
    line = '"GET /admin/password_reset/confirm/MQ/abc-123secret/ HTTP/1.1" 302 0'
    assert "abc-123secret" not in redact_private_links(line)
