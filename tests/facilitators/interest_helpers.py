"""Helpers for the interest-registration tests (the fixtures are in conftest.py)."""

import re

from django.core import mail

from facilitators.services.interest import interest_manage_path

REGISTER_URL = "/meld-interesse/"


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
