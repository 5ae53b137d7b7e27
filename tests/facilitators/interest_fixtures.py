"""Shared fixtures for the interest-registration tests (imported by tests/facilitators/test_interest_*.py)."""

import re

import pytest
from django.core import mail

from facilitators.consent import INTEREST_CONSENT_VERSION
from facilitators.services.interest import interest_confirm, interest_manage_path, interest_register

REGISTER_URL = "/meld-interesse/"


@pytest.fixture
def registration_of(committed, places, themes):
    """A registration made through the service; confirmed unless told otherwise."""
    counter = {"n": 0}

    def _make(*, municipality="levanger", theme_names=("sorg",), radius_km=0, language="nb", confirmed=True,
              email=None, phone=""):
        counter["n"] += 1
        registration = committed(
            interest_register,
            themes=[themes[name] for name in theme_names],
            municipality=places[municipality],
            radius_km=radius_km,
            email=email or f"person{counter['n']}@example.net",
            phone=phone,
            consent_text_version=INTEREST_CONSENT_VERSION,
            language=language,
            ip_address=f"10.1.0.{counter['n']}",
        )
        if confirmed:
            interest_confirm(registration=registration)
        return registration

    return _make


@pytest.fixture
def everyone_interested(registration_of, places):
    """People on every theme all over the country."""
    return [
        registration_of(municipality=name, theme_names=(theme,), email=f"{name}.{theme}@example.net")
        for name in ("levanger", "verdal", "trondheim", "bodo")
        for theme in ("sorg", "angst", "depresjon")
    ]


def manage_link(registration):
    """A private link to the person's own page, as an e-mail would carry."""
    return interest_manage_path(registration)


def messages_to(address):
    return [message for message in mail.outbox if address in message.to]


def path_in(body, kind):
    """The path of a link of the given kind ('bekreft' or 'din') in an e-mail body."""
    match = re.search(rf"https?://[^/\s]+((?:/en)?/meld-interesse/{kind}/[^/\s]+/)", body)
    assert match, body
    return match.group(1)
