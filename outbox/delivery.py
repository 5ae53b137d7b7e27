"""Deliver one queued e-mail: claim it, send it, and wipe it or schedule the next try.

Nothing here queues tasks: outbox.tasks runs this and enqueues the retry, outbox.services
stores the e-mail and enqueues the first try, so the modules import each other in one
direction (services → tasks → delivery)."""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# Anything shaped like an e-mail address: a mail server's refusal names the recipients
# (SMTPRecipientsRefused carries them, "550 <ola@example.net>: unknown user" does too).
_ADDRESS = re.compile(r"[^\s@<>()\[\]{},;:'\"]+@[^\s@<>()\[\]{},;:'\"]+")
ADDRESS_REDACTED = "[address]"


def _without_addresses(text: str) -> str:
    """The text with every e-mail address replaced, so an error can be kept and logged."""
    return _ADDRESS.sub(ADDRESS_REDACTED, text)


def delivery_connection(**kwargs):
    """A connection to the real mail backend, never to the outbox itself (that would loop)."""
    connection = get_connection(settings.SAMHOLD_EMAIL_DELIVERY_BACKEND, **kwargs)
    if getattr(connection, "is_outbox", False):
        raise ImproperlyConfigured("SAMHOLD_EMAIL_DELIVERY_BACKEND must be a real mail backend, not the outbox.")
    return connection


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, at most half an hour between tries."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 30))


def email_deliver(*, email_id: int) -> str:
    """Send one queued e-mail once. Returns the state it ends in: pending means "try again at
    next_attempt_at" (outbox.tasks defers the retry; housekeeping's sweep is the fallback).

    The row is claimed (pending → sending) in its own transaction, so two workers never send
    the same message; after a successful send its recipients, reply-to and body are wiped.
    """
    # The real mail backend (settings.EMAIL_BACKEND is the outbox itself); a misconfiguration
    # raises here, before the message is claimed, so it stays waiting.
    connection = delivery_connection(fail_silently=False)
    now = timezone.now()
    with transaction.atomic():
        claimed = OutgoingEmail.objects.filter(
            pk=email_id, state=OutgoingEmail.State.PENDING, next_attempt_at__lte=now
        ).update(state=OutgoingEmail.State.SENDING, attempts=F("attempts") + 1, next_attempt_at=now)
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is None or not claimed:
        return email.state if email else "missing"

    message = EmailMessage(
        connection=connection,
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address for address in email.to.split("\n") if address],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={"Auto-Submitted": "auto-generated"},
    )
    if email.attachment_name:
        message.attach(email.attachment_name, email.attachment, email.attachment_type or "text/plain")
    try:
        message.send(fail_silently=False)
    except Exception as error:  # noqa: BLE001 - any failure of the mail server means "try again later"
        # Keep trying for days: an outage delays a message, it does not lose it.
        failed = timezone.now() - email.created_at >= settings.SAMHOLD_EMAIL_GIVE_UP_AFTER
        email.state = OutgoingEmail.State.FAILED if failed else OutgoingEmail.State.PENDING
        email.next_attempt_at = timezone.now() + backoff(email.attempts)
        # Without the addresses, which would outlive the wiped recipients here and in the log;
        # cut after the redaction, so no half address is left.
        email.last_error = _without_addresses(f"{type(error).__name__}: {error}")[:200]
        email.save(update_fields=["state", "next_attempt_at", "last_error"])
        if failed:
            logger.error(
                "Gave up delivering %s e-mail #%s after %s attempts: %s",
                email.purpose, email.pk, email.attempts, email.last_error,
            )
        return email.state

    email.state = OutgoingEmail.State.SENT
    email.sent_at = timezone.now()
    email.to = email.reply_to = email.body = email.attachment = ""
    email.last_error = ""
    email.save(update_fields=["state", "sent_at", "to", "reply_to", "body", "attachment", "last_error"])
    return email.state
