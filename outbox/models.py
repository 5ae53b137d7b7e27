"""E-mail waiting to be sent, kept only until it is delivered."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
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


class SendMark(models.Model):
    """One e-mail a visitor asked for (a password reset, say), kept only as long as rate limiting
    needs it. It holds no address: only a keyed hash of what is counted (an e-mail or IP address)."""

    scope = models.CharField(_("scope"), max_length=50)
    key_hash = models.CharField(_("key hash"), max_length=64)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("e-mail request")
        verbose_name_plural = _("e-mail requests")
        indexes = [models.Index(fields=["scope", "key_hash", "created_at"], name="outbox_send_mark")]

    def __str__(self):
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"
