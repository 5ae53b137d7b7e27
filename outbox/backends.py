"""The site's e-mail backend: every message, including those Django and Wagtail send
themselves (password reset, workflow notifications to moderators), goes into the outbox.

`settings.EMAIL_BACKEND` points here. The outbox then delivers through the real backend in
`settings.SAMHOLD_EMAIL_DELIVERY_BACKEND` (SMTP in production), with retries and back-off,
so a mail-server outage delays a message but never loses it.
"""

from email.mime.base import MIMEBase

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.html import strip_tags

from .services import email_queue

# A sender may name the purpose of a message (shown to staff in the outbox list); the header
# is only read here and never sent.
PURPOSE_HEADER = "X-Samhold-Purpose"
DEFAULT_PURPOSE = "system"


class OutboxBackend(BaseEmailBackend):
    """Stores each message with `email_queue` instead of sending it.

    Kept: subject, text body, recipients (to and cc together; each bcc address gets its own
    copy, so no one sees another bcc), reply-to and the first text attachment. HTML
    alternatives are dropped in favour of the text body (used only if there is no text body)."""

    # outbox.delivery refuses to deliver through a backend that says this (it would loop).
    is_outbox = True

    def send_messages(self, email_messages) -> int:
        queued = 0
        for message in email_messages or []:
            recipient_sets = _recipient_sets(message)
            if not recipient_sets:
                continue
            try:
                for to in recipient_sets:
                    email_queue(
                        to=to,
                        subject=str(message.subject or ""),
                        body=_text_body(message),
                        purpose=_purpose(message),
                        reply_to=", ".join(message.reply_to or []),
                        attachment=_text_attachment(message),
                    )
            except Exception:
                if not self.fail_silently:
                    raise
                continue
            queued += 1
        return queued


def _recipient_sets(message: EmailMessage) -> list[list[str]]:
    visible = [*message.to, *message.cc]
    sets = [visible] if visible else []
    sets.extend([address] for address in message.bcc)
    return sets


def _purpose(message: EmailMessage) -> str:
    headers = {key.lower(): value for key, value in (message.extra_headers or {}).items()}
    return str(headers.get(PURPOSE_HEADER.lower()) or DEFAULT_PURPOSE)[:50]


def _text_body(message: EmailMessage) -> str:
    body = message.body or ""
    if message.content_subtype == "html":
        return strip_tags(body)
    if not body.strip():
        for content, mimetype in getattr(message, "alternatives", None) or []:
            if mimetype == "text/html":
                return strip_tags(content)
    return body


def _text_attachment(message: EmailMessage) -> tuple[str, str, str] | None:
    """The first attachment that is text (an .ics calendar, say); binary files are not kept."""
    for attachment in message.attachments or []:
        if isinstance(attachment, MIMEBase):
            if attachment.get_content_maintype() != "text":
                continue
            content = attachment.get_payload(decode=True) or b""
            filename = attachment.get_filename() or "attachment.txt"
            mimetype = attachment.get_content_type()
        else:
            filename, content, mimetype = attachment
            mimetype = mimetype or "text/plain"
            if not mimetype.startswith("text/"):
                continue
        if isinstance(content, bytes):
            try:
                content = content.decode("utf-8")
            except UnicodeDecodeError:
                continue
        return (filename or "attachment.txt", content, mimetype)
    return None

