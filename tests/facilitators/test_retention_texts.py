"""What people are told about how long their data is kept comes from SAMHOLD_RETENTION: change a
period there and every sentence that states it changes with it."""

import pytest
from django.conf import settings
from django.test import override_settings

from tests.facilitators.meetings_helpers import confirm_path, mail_to, manage_path, signup_url

SHORTER = {
    **settings.SAMHOLD_RETENTION,
    "meeting_signup_unconfirmed": 1,
    "meeting_signup_after_meeting": 14,
    "meeting_signup_after_cancellation": 3,
    "interest_unconfirmed": 5,
}


@pytest.mark.django_db
@override_settings(SAMHOLD_RETENTION=SHORTER)
def test_meeting_sign_up_states_the_configured_periods_on_the_page_in_the_mail_and_on_the_own_page(
    client, meeting, post
):
    form = client.get(signup_url(meeting)).text
    assert "innen 24 timer" in form
    assert "14 dager etter møtet" in form and "3 dager etter at møtet er avlyst" in form
    assert "30 dager" not in form and "48 timer" not in form

    post(signup_url(meeting), {"name": "Sigrid", "email": "sigrid@example.net", "phone": "", "consent": "on"})
    post(confirm_path(mail_to("sigrid@example.net")[-1].body), {"action": "confirm"})
    confirmation = mail_to("sigrid@example.net")[-1].body
    assert "Påmeldingen slettes 14 dager etter møtet." in confirmation

    own_page = client.get(manage_path(confirmation)).text
    assert "Den slettes 14 dager etter møtet." in own_page


@pytest.mark.django_db
@override_settings(SAMHOLD_RETENTION=SHORTER)
def test_interest_registration_states_the_configured_periods(client, site, places, themes):
    page = client.get("/meld-interesse/").text
    assert "slettes den etter 5 dager" in page
    assert "i 12 måneder" in page
