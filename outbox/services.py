"""Queue e-mail so that a mail-server outage delays a message but never loses it, and limit
how much mail public forms may cause. Sending is outbox.delivery's, run by outbox.tasks."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, override

from samhold.limits import rate_limit_allow
from samhold.retention import kept_for

from .models import OutgoingEmail
from .tasks import deliver_email


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


def email_retry_due() -> int:
    """Queue every e-mail whose next attempt is due, and release ones stuck in 'sending'.

    Run by `manage.py housekeeping` (cron, or the loop beside the worker in `make run`); it makes
    delivery survive a worker that died in the middle of a send.
    """
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


def email_compose(
    *,
    to: list[str],
    language: str,
    subject,
    template: str,
    context=None,
    purpose: str,
    reply_to: str = "",
    attachment=None,
) -> OutgoingEmail:
    """Write an e-mail in its reader's language and queue it (email_queue).

    `subject` is a lazy translation (gettext_lazy), read in `language`; `template` is rendered
    in it too. `context` is a dict, or a function returning one for what must be made in the
    language (a link whose path is translated, a date in words); `attachment` likewise, as
    (file name, content, MIME type) or None."""
    with override(language or settings.LANGUAGE_CODE):
        values = context() if callable(context) else dict(context or {})
        body = render_to_string(template, values)
        return email_queue(
            to=to,
            subject=str(subject),
            body=body,
            purpose=purpose,
            reply_to=reply_to,
            attachment=attachment() if callable(attachment) else attachment,
        )
