"""Reaching a group without e-mail: a phone number instead, with clear messages when the form
is not right, and nothing of it kept once the message is delivered."""


import pytest
from django.core import mail
from django.utils.translation import override

from groups.forms import ContactForm
from groups.models import Status
from outbox.models import OutgoingEmail
from samhold.forms import phone_normalise
from tests.factories import SelfHelpGroupFactory, UserFactory

URL = "/finn-gruppe/trondelag/levanger/sorggruppe-levanger/"
MESSAGE = "Hei, jeg mistet faren min i vår og lurer på om jeg kan bli med."


@pytest.fixture
def group(levanger_group):
    return levanger_group


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def _post(data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, data, REMOTE_ADDR="10.0.0.9")

    return _post


@pytest.mark.parametrize(
    ("written", "tidy"),
    [
        ("91234567", "+47 912 34 567"),
        ("912 34 567", "+47 912 34 567"),
        ("+47 912 34 567", "+47 912 34 567"),
        ("0047 91234567", "+47 912 34 567"),
        ("+47-74-08-20-00", "+47 74 08 20 00"),
        ("(+47) 74 08 20 00", "+47 74 08 20 00"),
        ("41234567", "+47 412 34 567"),
        ("22 33 44 55", "+47 22 33 44 55"),
    ],
)
def test_phone_numbers_are_written_tidily(written, tidy):
    assert phone_normalise(written) == tidy


@pytest.mark.parametrize("written", [
    # special-rate and free numbers, and other countries' numbers, are refused
    "820 12 345", "+47 815 55 555", "800 12 345", "+46 70 123 45 67", "+882 1234 5678", "+1 900 555 0100",
    "1234567", "12345678", "+47 1234 5678", "+47 912 34 56", "113", "ring meg", "+4791234567890"])
def test_what_is_no_norwegian_phone_number_is_refused(written):
    assert phone_normalise(written) is None


@pytest.mark.django_db
def test_a_message_with_only_a_phone_number_asks_the_contact_to_call_or_text(client, group, post):
    response = post({"name": "Ola", "phone": "912 34 567", "message": MESSAGE, "consent": "on"})
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.to == ["kontakt@example.org"]
    assert message.reply_to == []
    assert "+47 912 34 567" in message.body
    assert "ringe eller sende en tekstmelding" in message.body
    assert "svare på denne e-posten" not in message.body
    # Wiped once delivered, like an e-mail address.
    email = OutgoingEmail.objects.get()
    assert "912" not in str(OutgoingEmail.objects.values().get())
    assert email.body == ""


@pytest.mark.django_db
def test_with_both_the_reply_goes_by_e_mail_and_the_number_is_given(client, group, post):
    post({"name": "Ola", "email": "ola@example.net", "phone": "+47 74 08 20 00", "message": MESSAGE, "consent": "on"})
    message = mail.outbox[0]
    assert message.reply_to == ["ola@example.net"]
    assert "+47 74 08 20 00" in message.body


@pytest.mark.django_db
def test_neither_e_mail_nor_phone_is_a_clear_error_and_nothing_is_lost(client, group, post):
    response = post({"name": "Ola", "message": MESSAGE, "consent": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Oppgi en e-postadresse eller et telefonnummer" in html
    assert MESSAGE in html
    assert not mail.outbox


@pytest.mark.django_db
def test_a_number_that_is_not_a_phone_number_says_how_to_write_it(client, group, post):
    response = post({"name": "Ola", "phone": "12 34", "message": MESSAGE, "consent": "on"})
    assert response.status_code == 400
    assert "912 34 567" in response.content.decode()
    assert not mail.outbox


@pytest.mark.django_db
def test_the_consent_error_is_short_and_does_not_repeat_the_consent_text(client, group, post):
    response = post({"name": "Ola", "email": "ola@example.net", "message": MESSAGE})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Du må samtykke for å sende." in html
    summary = html[html.index('class="error-summary"'):]
    summary = summary[: summary.index("</div>")]
    assert "Jeg godtar" not in summary  # the label is not repeated in the error summary
    assert "data-error-summary" in html


def test_message_errors_say_what_to_do():
    with override("en"):
        _message_errors()


def _message_errors():
    short = ContactForm({"name": "Ola", "email": "ola@example.net", "message": "Hei", "consent": "on"})
    assert short.errors["message"] == [
        "Write a little more, at least 10 characters, so the contact person knows what you are asking."
    ]
    empty = ContactForm({"name": "Ola", "email": "ola@example.net", "message": "", "consent": "on"})
    assert empty.errors["message"] == ["Write a message to the group: a sentence or two is enough."]
    long = ContactForm({"name": "Ola", "email": "ola@example.net", "message": "x" * 2001, "consent": "on"})
    assert long.errors["message"] == ["The message can be at most 2000 characters; it is 2001 now. Shorten it a little."]


@pytest.mark.django_db
def test_the_page_offers_a_way_to_the_form_from_the_top_and_says_the_number_is_not_kept(client, group):
    html = client.get(URL).content.decode()
    jump = html.index('class="jump-to-contact')
    assert jump < html.index('class="group-layout"')
    assert '<a href="#kontakt">Ta kontakt</a>' in html
    assert 'id="kontakt"' in html
    assert 'name="phone"' in html and 'autocomplete="tel"' in html
    assert "e-postadressen eller telefonnummeret ditt" in html


@pytest.mark.django_db
def test_the_privacy_statement_names_the_phone_number():
    from home.privacy import data_flows

    with override("en"):
        contact = next(flow for flow in data_flows() if flow.key == "contact")
        assert "phone number" in str(contact.what)
        assert "phone number" in str(contact.kept)


@pytest.mark.django_db
def test_every_public_consent_box_says_the_same_short_thing():
    from facilitators.forms.interest import InterestRegisterForm
    from facilitators.forms.meetings import MeetingSignUpForm
    from research.forms.volunteers import VolunteerForm

    with override("en"):
        for form in (ContactForm, InterestRegisterForm, MeetingSignUpForm, VolunteerForm):
            assert str(form.base_fields["consent"].error_messages["required"]) == "You must consent to send."


@pytest.mark.django_db
def test_themes_and_the_interest_text_have_their_own_messages(places):
    from facilitators.forms.interest import InterestRegisterForm

    with override("en"):
        form = InterestRegisterForm({"themes": ["999999"], "message": "x" * 501})
        assert form.errors["themes"] == [
            "One of the themes you chose is no longer in the list. Choose among the themes shown."
        ]
        assert form.errors["message"] == [
            "Write at most 500 characters; the text is 501 now. Shorten it a little."
        ]


@pytest.mark.django_db
@pytest.mark.parametrize("sender", [{"phone": "912 34 567"}, {"email": "Noen.Andre+x@example.net"}])
def test_one_number_or_address_reaches_only_a_few_groups_a_day_from_any_network(
    client, site, places, themes, django_capture_on_commit_callbacks, settings, sender
):
    """Someone else's number (or address) cannot be spread to every group's contact person by
    sending from many networks."""
    settings.SAMHOLD_CONTACT_LIMIT_PER_SENDER_PER_DAY = 2
    statuses = []
    for number in range(3):
        SelfHelpGroupFactory(
            name=f"Gruppe {number}", slug=f"gruppe-{number}", municipality=places["levanger"],
            themes=[themes["sorg"]], status=Status.OPEN, contact=UserFactory(),
        )
        data = {"name": "Ola", "message": MESSAGE, "consent": "on", **sender}
        if "email" in sender and number == 2:
            data["email"] = "noen.andre@example.net"  # the same mailbox, without its +tag
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/finn-gruppe/trondelag/levanger/gruppe-{number}/", data, REMOTE_ADDR=f"2001:db8:{number}::1"
            )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_thanks_page_after_a_phone_only_message_says_the_contact_calls(client, group, post):
    response = post({"name": "Ola", "phone": "912 34 567", "message": MESSAGE, "consent": "on"})
    html = client.get(response["Location"]).content.decode()
    assert "ringer deg eller sender en tekstmelding" in html
    assert "telefonnummeret ditt" in html
    assert "e-post" not in html.split("<main")[1].split("</main>")[0]
    by_email = post({"name": "Ola", "email": "ola@example.net", "message": MESSAGE, "consent": "on"})
    assert "svar=telefon" not in by_email["Location"]
    assert "Du får svar på e-post" in client.get(by_email["Location"]).content.decode()
