"""Secret tokens out of the logs.

A private link carries a secret in its path: whoever reads it can see, change or delete a
person's registration, or set their password. Django logs the path of every 4xx and 5xx
response ("Not Found: /meld-interesse/bekreft/<token>/", logger django.request) and runserver
logs every request line (django.server). RedactPrivateLinks, attached to every handler in
settings.LOGGING, replaces the secret segments with "[redacted]" in the message, the traceback
and the stack of each record before it is written anywhere.
"""

import logging
import re

# Every private link's path, with each secret segment written as <name>. A new private link
# needs one line here. A path matches with or without the language prefix (/en/), and a
# secret segment is redacted even when the ones after it are missing.
PRIVATE_LINKS = [
    "/meld-interesse/bekreft/<token>/",
    "/meld-interesse/din/<token>/",
    "/informasjonsmoter/pamelding/<token>/",
    "/informasjonsmoter/bekreft/<token>/",
    "/min-side/bli-igangsetter/din/<token>/",
    "/forskning/meld-deg/bekreft/<token>/",
    "/forskning/meld-deg/din/<token>/",
    "/research/volunteer/confirm/<token>/",
    "/research/volunteer/yours/<token>/",
    "/min-side/nytt-passord/<uidb64>/<token>/",
    "/min-side/velg-passord/<uidb64>/<token>/",
    # Links in admin reset e-mails sent before resets moved to Min side (samhold/urls.py).
    "/admin/password_reset/confirm/<uidb64>/<token>/",
]

REDACTED = "[redacted]"

# One path segment as it can appear in a log line: it ends at a slash, a query, a fragment,
# whitespace or a quote (runserver writes '"GET /path HTTP/1.1"').
_SEGMENT = r"[^/?#\s\"'<>]+"


def _compile(template: str) -> re.Pattern:
    """`/a/b/<x>/<y>/` → a pattern for "/a/b/" followed by one to two secret segments."""
    literal, _sep, secrets = template.partition("<")
    count = ("<" + secrets).count("<")
    pattern = re.escape(literal.rstrip("/") + "/") + f"({_SEGMENT})"
    for _ in range(count - 1):
        pattern += f"(?:/({_SEGMENT}))?"
    return re.compile(pattern)


_PATTERNS = [_compile(template) for template in PRIVATE_LINKS]


def _redact_match(match: re.Match) -> str:
    text = match.group(0)
    start = match.start(0)
    # Replace the secret groups from the right, so earlier offsets stay valid.
    for index in range(match.re.groups, 0, -1):
        if match.group(index) is not None:
            text = text[: match.start(index) - start] + REDACTED + text[match.end(index) - start :]
    return text


def redact_private_links(text: str) -> str:
    """The text with every private link's secret segments replaced by "[redacted]"."""
    for pattern in _PATTERNS:
        text = pattern.sub(_redact_match, text)
    return text


class RedactPrivateLinks(logging.Filter):
    """A handler filter: never drops a record, only rewrites what would reveal a secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_private_links(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            # What the formatter would write, made now so that it can be redacted.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_private_links(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_private_links(record.stack_info)
        return True
