"""'Meld interesse': people who would join a group on a theme near them, and whom we told."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    """Only for migration 0006, which made the old clear-text token column; links are in
    facilitators.models.links now."""
    return secrets.token_urlsafe(24)


class InterestRegistration(models.Model):
    """Counts only once confirmed (double opt-in); expires a year after it was last confirmed."""

    email = models.EmailField(_("e-mail address"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    themes = models.ManyToManyField("directory.Theme", related_name="interest_registrations", verbose_name=_("themes"))
    municipality = models.ForeignKey(
        "directory.Municipality", on_delete=models.PROTECT, related_name="interest_registrations",
        verbose_name=_("municipality"),
    )
    radius_km = models.PositiveSmallIntegerField(
        _("also groups within (km)"), default=0, help_text=_("0 means only in the municipality.")
    )
    message = models.TextField(_("a few words"), max_length=500, blank=True)
    consent_text_version = models.CharField(_("version of the privacy text agreed to"), max_length=20)
    language = models.CharField(_("language"), max_length=8, default="nb")
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, db_index=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, db_index=True)
    renewal_reminded_at = models.DateTimeField(_("renewal reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("interest registration")
        verbose_name_plural = _("interest registrations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "confirmed_at"], name="interest_municipality")]

    def __str__(self):
        return f"#{self.pk} ({self.municipality})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class InterestNotification(models.Model):
    """A person was told about a group; at most once per (registration, group)."""

    class Reason(models.TextChoices):
        RECRUITING = "recruiting", _("The group is looking for members")
        OPEN = "open", _("The group takes new members")
        MEETING = "meeting", _("The group has an information meeting")
        MESSAGE = "message", _("The facilitator wrote")

    registration = models.ForeignKey(
        InterestRegistration, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("registration")
    )
    group = models.ForeignKey(
        "groups.SelfHelpGroup", on_delete=models.CASCADE, related_name="+", verbose_name=_("group")
    )
    reason = models.CharField(_("why"), max_length=12, choices=Reason.choices)
    sent_at = models.DateTimeField(_("told"), default=timezone.now)

    class Meta:
        verbose_name = _("interest notification")
        verbose_name_plural = _("interest notifications")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "group"], name="interest_told_once_per_group"),
        ]

    def __str__(self):
        return f"{self.registration} → {self.group}"


class InterestMessage(models.Model):
    """A message a facilitator or coordinator sent to the interested people of a group, kept so
    the coordinator for the group's county can see what was written to whom (how many; never
    who). Deleted after SAMHOLD_RETENTION["interest_message"] days (housekeeping)."""

    group = models.ForeignKey(
        "groups.SelfHelpGroup", on_delete=models.CASCADE, related_name="+", verbose_name=_("group")
    )
    sender = models.ForeignKey(
        "facilitators.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("sent by"),
    )
    body = models.TextField(_("message"), max_length=2000)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("message to interested people")
        verbose_name_plural = _("messages to interested people")
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["group", "sent_at"], name="interest_message_group"),
            models.Index(fields=["sender", "sent_at"], name="interest_message_sender"),
        ]

    def __str__(self):
        return f"{self.group} {timezone.localtime(self.sent_at):%Y-%m-%d %H:%M}"
