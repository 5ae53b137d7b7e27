"""The contact form: a message reaches the contact person, and nothing of it stays with us."""

import pytest
from django.core import mail

from groups.models import Status
from outbox.models import OutgoingEmail
from samhold.models import RateMark
from tests.factories import SelfHelpGroupFactory, UserFactory


@pytest.fixture
def group(site, places, themes):
    return SelfHelpGroupFactory(
        name="Sorggruppe i Levanger",
        slug="sorggruppe-levanger",
        municipality=places["levanger"],
        themes=[themes["sorg"]],
        contact=UserFactory(email="kontakt@example.org", first_name="Kari"),
    )


URL = "/finn-gruppe/trondelag/levanger/sorggruppe-levanger/"

VALID = {
    "name": "Ola",
    "email": "ola@example.net",
    "message": "Hei, jeg mistet faren min i vår og lurer på om jeg kan bli med.",
    "consent": "on",
}


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST the contact form, running what the service queues for after the commit."""

    def _post(client_, data=None, ip="10.0.0.1"):
        with django_capture_on_commit_callbacks(execute=True):
            return client_.post(URL, data or VALID, REMOTE_ADDR=ip)

    return _post


@pytest.mark.django_db
def test_message_is_delivered_to_the_contact_with_reply_to_the_sender(client, group, post):
    response = post(client)
    assert response.status_code == 302
    assert response["Location"] == URL + "takk/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kontakt@example.org"]
    assert message.reply_to == ["ola@example.net"]
    assert "mistet faren min" in message.body
    assert "Sorggruppe" not in message.subject  # subjects show on lock screens
    assert "Sorggruppe i Levanger" in message.body
    thanks = client.get(URL + "takk/")
    assert thanks.status_code == 200
    assert "Sorggruppe i Levanger" in thanks.content.decode()


@pytest.mark.django_db
def test_sender_address_and_message_are_not_kept_once_delivered(client, group, post):
    post(client)
    email = OutgoingEmail.objects.get()
    assert email.state == OutgoingEmail.State.SENT
    assert email.to == email.reply_to == email.body == ""
    for mark in RateMark.objects.values():  # what the limiter counts: keyed hashes only
        assert set(mark) == {"id", "scope", "key_hash", "created_at"}
        assert str(group.pk) != mark["key_hash"] and "127.0.0.1" not in mark["key_hash"]
    for row in OutgoingEmail.objects.values():
        assert "ola@example.net" not in str(row)
        assert "mistet faren" not in str(row)


@pytest.mark.django_db
def test_contact_address_is_never_on_the_page(client, group):
    assert "kontakt@example.org" not in client.get(URL).content.decode()


@pytest.mark.django_db
def test_honeypot_pretends_success_and_sends_nothing(client, group, post):
    response = post(client, {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_missing_consent_is_a_400_that_keeps_what_was_written(client, group, post):
    response = post(client, {k: v for k, v in VALID.items() if k != "consent"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "mistet faren min" in html
    assert 'aria-invalid="true"' in html
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [("email", "ikke-en-adresse"), ("email", "ola@example.net\r\nBcc: evil@example.com"), ("message", "kort"), ("name", "")],
)
def test_invalid_input_is_a_400_with_a_message(client, group, field, value, post):
    response = post(client, {**VALID, field: value})
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_line_breaks_can_never_inject_a_header(client, group, post):
    group.name = "Sorg\r\nBcc: evil@example.com"
    group.save()
    response = post(client, {**VALID, "name": "Ola\r\nBcc: evil@example.com", "message": "Hei\r\nBcc: evil@example.com\r\n\r\nmer tekst her"})
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.recipients() == ["kontakt@example.org"]
    rendered = message.message().as_string()
    assert "\nBcc:" not in rendered.split("\n\n", 1)[0]
    assert "\n" not in message.subject


@pytest.mark.django_db
def test_too_many_messages_from_one_address_are_refused_with_429_and_the_text_kept(client, group, settings, post):
    settings.SAMHOLD_CONTACT_LIMIT_PER_IP_PER_HOUR = 2
    # (Different messages: the same one sent again is sent once and counts once.)
    assert post(client).status_code == 302
    assert post(client, {**VALID, "message": "Dette er den andre meldingen min i dag."}).status_code == 302
    response = post(client, {**VALID, "message": "Dette er den tredje meldingen min i dag."})
    assert response.status_code == 429
    assert "den tredje meldingen" in response.content.decode()
    assert len(mail.outbox) == 2
    assert post(client, {**VALID, "message": "Dette er den tredje meldingen min i dag."}, ip="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_too_many_messages_to_one_group_are_refused(client, group, settings, post):
    settings.SAMHOLD_CONTACT_LIMIT_PER_GROUP_PER_DAY = 2
    for n, ip in enumerate(("10.0.0.1", "10.0.0.2")):
        post(client, {**VALID, "email": f"person{n}@example.net"}, ip=ip)
    assert post(client, {**VALID, "email": "person3@example.net"}, ip="10.0.0.3").status_code == 429


@pytest.mark.django_db
def test_group_without_contact_shows_the_coordinator_and_refuses_messages(client, group, post):
    group.contact = None
    group.save()
    html = client.get(URL).content.decode()
    assert 'name="message"' not in html
    assert "post@selvhjelp.no" in html
    assert post(client).status_code == 409
    assert mail.outbox == []


@pytest.mark.django_db
def test_ended_group_takes_no_messages(client, group, post):
    group.status = Status.ENDED
    group.save()
    assert post(client).status_code == 409
    assert mail.outbox == []


@pytest.mark.django_db
def test_contact_form_is_protected_by_csrf(group):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, VALID).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitor_gets_only_the_csrf_cookie(client, group):
    response = client.get(URL)
    assert set(response.cookies) <= {"csrftoken"}
    response = client.get("/finn-gruppe/")
    assert set(response.cookies) == set()


@pytest.mark.django_db
def test_invisible_formatting_characters_are_removed_from_the_senders_name(client, group, post):
    post(client, {**VALID, "name": "Ola\u202e nnamdroN"})
    assert "\u202e" not in mail.outbox[0].body


@pytest.mark.django_db
def test_the_same_message_sent_again_reaches_the_contact_once(client, group, post):
    # A double click, or the browser sending the form once more: the same answer, one e-mail.
    assert post(client, ip="10.0.0.1")["Location"] == URL + "takk/"
    again = post(client, ip="10.0.0.2")
    assert again.status_code == 302
    assert again["Location"] == URL + "takk/"
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.count() <= 1
    # Another message from the same sender is sent.
    assert post(client, {**VALID, "message": VALID["message"] + " Hilsen Ola."}).status_code == 302
    assert len(mail.outbox) == 2
