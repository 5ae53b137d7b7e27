"""Queue and deliver e-mail so that a mail-server outage delays a message but never loses it."""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language

from samhold.limits import rate_limit_allow
from samhold.retention import kept_for

from .backends import delivery_connection
from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# Anything shaped like an e-mail address: a mail server's refusal names the recipients
# (SMTPRecipientsRefused carries them, "550 <ola@example.net>: unknown user" does too).
_ADDRESS = re.compile(r"[^\s@<>()\[\]{},;:'\"]+@[^\s@<>()\[\]{},;:'\"]+")
ADDRESS_REDACTED = "[address]"


def _without_addresses(text: str) -> str:
    """The text with every e-mail address replaced, so an error can be kept and logged."""
    return _ADDRESS.sub(ADDRESS_REDACTED, text)


def _single_line(value: str) -> str:
    # A header can never carry a line break, whatever a form let through.
    return " ".join(value.splitlines()).strip()


def email_queue(
    *,
    to: list[str],
    subject: str,
    body: str,
    purpose: str,
    reply_to: str = "",
    attachment: tuple[str, str, str] | None = None,
) -> OutgoingEmail:
    """Store an e-mail and hand it to the task worker once the surrounding transaction commits.

    `attachment` is an optional text file as (file name, content, MIME type), e.g. an .ics file."""
    from .tasks import deliver_email

    name, content, mimetype = attachment or ("", "", "")
    email = OutgoingEmail(
        purpose=purpose,
        to="\n".join(_single_line(address) for address in to),
        reply_to=_single_line(reply_to),
        subject=_single_line(subject)[:250],
        body=body,
        attachment_name=_single_line(name)[:100],
        attachment=content,
        attachment_type=_single_line(mimetype)[:100],
        language=(get_language() or settings.LANGUAGE_CODE)[:8],
    )
    email.full_clean()
    with transaction.atomic():
        email.save()
        transaction.on_commit(lambda: deliver_email.enqueue(email_id=email.pk))
    return email


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, at most half an hour between tries."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 30))


def email_deliver(*, email_id: int) -> str:
    """Send one queued e-mail once. Returns the state it ends in.

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
        else:
            _schedule_retry(email)
        return email.state

    email.state = OutgoingEmail.State.SENT
    email.sent_at = timezone.now()
    email.to = email.reply_to = email.body = email.attachment = ""
    email.last_error = ""
    email.save(update_fields=["state", "sent_at", "to", "reply_to", "body", "attachment", "last_error"])
    return email.state


def _schedule_retry(email: OutgoingEmail) -> None:
    from .tasks import deliver_email

    backend = deliver_email.get_backend()
    if backend.supports_defer:
        deliver_email.using(run_after=email.next_attempt_at).enqueue(email_id=email.pk)
    # Without deferral (the immediate backend) the retry sweep picks it up.


def email_retry_due() -> int:
    """Queue every e-mail whose next attempt is due, and release ones stuck in 'sending'.

    Run by `manage.py retry_email` (cron, or the worker loop in `make run`); it makes delivery
    survive a worker that died in the middle of a send.
    """
    from .tasks import deliver_email

    now = timezone.now()
    OutgoingEmail.objects.filter(
        state=OutgoingEmail.State.SENDING, next_attempt_at__lte=now - timedelta(minutes=15)
    ).update(state=OutgoingEmail.State.PENDING)
    due = list(
        OutgoingEmail.objects.filter(state=OutgoingEmail.State.PENDING, next_attempt_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    for email_id in due:
        deliver_email.enqueue(email_id=email_id)
    return len(due)


def email_purge_expired() -> int:
    """Delete what is left of delivered e-mail SAMHOLD_RETENTION["email_delivered"] days after
    delivery, and e-mail that could not be delivered (it still holds the message)
    SAMHOLD_RETENTION["email_undeliverable"] days after it was written. Returns how many."""
    now = timezone.now()
    deleted, _ = OutgoingEmail.objects.filter(
        Q(state=OutgoingEmail.State.SENT, sent_at__lt=now - kept_for("email_delivered"))
        | Q(state=OutgoingEmail.State.FAILED, created_at__lt=now - kept_for("email_undeliverable"))
    ).delete()
    return deleted


def mailbox(email: str) -> str:
    """The mailbox an address reaches, as far as we can tell: lower-cased, without a "+tag", and
    for Gmail without dots and with googlemail.com as gmail.com (Gmail delivers all of them to
    one inbox)."""
    local, _at, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def recipient_allow(*, email: str) -> bool:
    """Whether a public form may send one more e-mail to this mailbox today (and count it): at
    most SAMHOLD_MAIL_LIMIT_PER_RECIPIENT_PER_DAY, over every form and every spelling of the
    address, whoever fills them in."""
    return rate_limit_allow(
        scope="recipient",
        limits={f"to:{mailbox(email)}": settings.SAMHOLD_MAIL_LIMIT_PER_RECIPIENT_PER_DAY},
        period=timedelta(days=1),
    )
