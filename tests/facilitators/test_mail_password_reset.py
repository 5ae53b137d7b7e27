"""Password-reset e-mail: in the language the person used, limited per address and per IP
address, and the page never reveals whether an account exists or the limit was reached."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from outbox.models import OutgoingEmail
from samhold.limits import rate_marks_purge
from samhold.models import RateMark
from tests.factories import UserFactory

RESET = "/min-side/glemt-passord/"
DONE = "/min-side/glemt-passord/sendt/"


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    def _ask(email, *, ip="192.0.2.20", language=""):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"{language}{RESET}", {"email": email}, REMOTE_ADDR=ip, follow=True)

    return _ask


@pytest.fixture
def person(db):
    return UserFactory(email="ingrid@example.org", first_name="Ingrid")


@pytest.mark.django_db
def test_the_email_is_in_english_when_the_person_asked_in_english(person, ask):
    response = ask(person.email, language="/en")
    assert response.redirect_chain[-1][0] == "/en" + DONE
    message = mail.outbox[0]
    assert message.subject == "Make a new password for Samhold"
    assert message.body.startswith("Hello,")
    assert re.search(r"http://testserver/en/min-side/nytt-passord/[^/]+/[^/]+/", message.body)


@pytest.mark.django_db
def test_the_email_is_in_norwegian_when_the_person_asked_in_norwegian(person, ask):
    ask(person.email)
    message = mail.outbox[0]
    with override("nb"):
        from django.utils.translation import gettext

        assert message.subject == gettext("Make a new password for Samhold")
    assert message.subject != "Make a new password for Samhold"
    assert re.search(r"http://testserver/min-side/nytt-passord/[^/]+/[^/]+/", message.body)


@pytest.mark.django_db
def test_at_most_three_emails_per_address_per_hour_and_the_page_is_the_same(person, ask):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        pages = [ask(person.email, ip=f"192.0.2.{n}") for n in range(1, 5)]
        assert len(mail.outbox) == 3
        # The fourth answer is the same page as the first: nothing tells that it was not sent.
        assert pages[3].redirect_chain == pages[0].redirect_chain
        assert pages[3].content == pages[0].content
        assert pages[3].status_code == 200

        # The same address typed differently is the same address.
        ask("INGRID@example.org ", ip="192.0.2.99")
        assert len(mail.outbox) == 3

        # An hour later it works again.
        clock.shift(datetime.timedelta(hours=1, seconds=1))
        ask(person.email)
        assert len(mail.outbox) == 4


@pytest.mark.django_db
def test_at_most_ten_requests_per_ip_address_per_hour(person, ask):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(10):
            ask(f"ukjent{n}@example.org", ip="198.51.100.7")
        assert mail.outbox == []  # unknown addresses: no e-mail, but they count
        ask(person.email, ip="198.51.100.7")
        assert mail.outbox == []
        # Another address (another office) is not affected.
        ask(person.email, ip="198.51.100.8")
        assert len(mail.outbox) == 1
        clock.shift(datetime.timedelta(hours=1, seconds=1))
        ask(person.email, ip="198.51.100.7")
        assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_limit_does_not_reveal_whether_an_account_exists(person, ask):
    for _ in range(4):
        known = ask(person.email)
        unknown = ask("ingen@example.org")
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content


@pytest.mark.django_db
def test_the_limit_keeps_no_address_and_is_purged_after_a_day(person, ask):
    ask(person.email, ip="203.0.113.5")
    marks = list(RateMark.objects.values_list("key_hash", flat=True))
    assert len(marks) == 2
    assert not any("ingrid" in mark or "203.0.113.5" in mark for mark in marks)
    assert rate_marks_purge() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        assert rate_marks_purge() == 2


@pytest.mark.django_db
def test_an_approved_facilitator_without_a_password_yet_can_ask_for_a_new_link(ask, client):
    person = UserFactory(email="ny@example.org")
    person.set_unusable_password()
    person.save()
    ask(person.email)
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True


@pytest.mark.django_db
def test_an_inactive_account_gets_no_email(ask):
    UserFactory(email="borte@example.org", is_active=False)
    ask("borte@example.org")
    assert mail.outbox == []


@pytest.mark.django_db
def test_reset_email_goes_through_the_outbox(person, ask):
    ask(person.email)
    stored = OutgoingEmail.objects.get()
    assert stored.purpose == "password_reset"
    assert stored.state == OutgoingEmail.State.SENT
    assert reverse("facilitators:password_reset_done") == DONE


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forged",
    [{"HTTP_HOST": "evil.example"}, {"HTTP_X_FORWARDED_HOST": "evil.example"}],
    ids=["host", "x-forwarded-host"],
)
def test_a_forged_host_header_cannot_put_another_site_in_the_reset_link(
    person, client, settings, django_capture_on_commit_callbacks, forged
):
    # A deployment that accepts several host names (or trusts X-Forwarded-Host) must still send
    # the link to the site's own address, never to one the request chose.
    settings.ALLOWED_HOSTS = ["*"]
    settings.USE_X_FORWARDED_HOST = True
    settings.WAGTAILADMIN_BASE_URL = "https://samhold.example"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET, {"email": person.email}, REMOTE_ADDR="192.0.2.30", **forged)
    body = mail.outbox[0].body
    assert "evil.example" not in body
    assert re.search(r"^https://samhold\.example/min-side/nytt-passord/[^/]+/[^/]+/$", body, re.MULTILINE)
