"""E-mail waiting to be sent, kept only until it is delivered."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """One e-mail on its way, sent by a background task and retried when the mail server is
    away. Infrastructure, so a plain model nobody edits (staff may only read the queue).
    Recipients and body are wiped once it is sent, and the row is deleted after the retention
    period (housekeeping)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Gave up")

    purpose = models.CharField(_("purpose"), max_length=50)
    to = models.TextField(_("recipients"), blank=True, help_text=_("Wiped once sent."))
    reply_to = models.TextField(_("reply-to"), blank=True, help_text=_("Wiped once sent."))
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Wiped once sent."))
    language = models.CharField(max_length=8, default="nb")
    # One optional text attachment (an .ics calendar file); wiped once sent like the body.
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.TextField(blank=True, help_text=_("Wiped once sent."))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.purpose} #{self.pk} ({self.get_state_display()})"
