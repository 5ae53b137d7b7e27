"""Regression: every per-network limit counts an IPv6 /64, and one /48 (a free tunnel-broker
allocation) holds 65,536 of them: the public forms, password spraying and the e-mail they send
have no limit for such a sender. The per-recipient cap counts spellings, not mailboxes."""

import pytest
from django.core import mail

from facilitators.models import FacilitatorApplication, InterestRegistration
from tests.factories import SelfHelpGroupFactory

pytestmark = pytest.mark.django_db


def in_one_48(n):
    return f"2001:db8:77:{n:x}::1"


def register(post, places, themes, email, ip):
    return post("/meld-interesse/", {
        "themes": [themes["sorg"].pk], "municipality": places["levanger"].pk, "radius_km": "0",
        "email": email, "consent": "on",
    }, ip=ip)


def test_the_interest_form_is_limited_for_a_whole_48(post, places, themes):
    codes = [register(post, places, themes, f"offer{n}@example.net", in_one_48(n)).status_code for n in range(60)]
    assert 429 in codes
    assert InterestRegistration.objects.count() < 60 and len(mail.outbox) < 60


def test_password_spraying_from_one_48_meets_a_lock(log_in):
    statuses = [log_in(f"bruker{n}@example.org", "Sommer2026!!", ip=in_one_48(n // 10)).status_code for n in range(300)]
    assert 429 in statuses


def test_applications_from_one_48_are_limited(post, places):
    codes = [
        post("/min-side/bli-igangsetter/", {
            "name": f"Falsk Søker {n}", "email": f"x{n}@example.net", "municipality": places["levanger"].pk,
            "background": "Jeg vil gjerne hjelpe til med grupper.", "consent": "on",
        }, ip=in_one_48(n)).status_code
        for n in range(30)
    ]
    assert 429 in codes
    assert FacilitatorApplication.objects.count() < 30


def test_one_mailbox_gets_at_most_the_daily_cap_whatever_the_spelling(post, places, themes):
    # SAMHOLD_MAIL_LIMIT_PER_RECIPIENT_PER_DAY = 5. Gmail delivers all of these to karinordmann@gmail.com.
    spellings = [f"karinordmann+{n}@gmail.com" for n in range(10)] + [
        "kari.nordmann@gmail.com", "k.arinordmann@gmail.com", "ka.rinordmann@gmail.com", "KariNordmann@googlemail.com",
    ]
    for n, email in enumerate(spellings):
        assert register(post, places, themes, email, in_one_48(500 + n)).status_code == 302
    assert len(mail.outbox) <= 5


def test_the_contact_form_is_limited_for_a_whole_48(post, places, themes, site):
    from outbox.models import OutgoingEmail

    group = SelfHelpGroupFactory(municipality=places["levanger"], themes=[themes["sorg"]])
    url = f"/finn-gruppe/{places['levanger'].county.slug}/levanger/{group.slug}/"
    codes = [
        post(url, {"name": "Ola", "email": f"ola{n}@example.net", "message": "Hei, jeg vil gjerne bli med.",
                   "consent": "on"}, ip=in_one_48(n)).status_code
        for n in range(25)
    ]
    assert 429 in codes
    assert OutgoingEmail.objects.filter(purpose="contact_relay").count() == 5 * 4  # SAMHOLD_CONTACT_LIMIT_PER_IP_PER_HOUR x the /48 factor
