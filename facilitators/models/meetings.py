"""Open information meetings for a planned group, and the people who sign up for them."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    """Only for migration 0006, which made the old clear-text token column; links are in
    facilitators.models.links now."""
    return secrets.token_urlsafe(24)


class InfoMeeting(models.Model):
    """An information meeting before a new group starts. A plain model, not a page or snippet:
    the facilitators create it on Min side, where the permission matrix scopes it to their own
    groups, and the public sees it on the group's page and the meetings list."""

    group = models.ForeignKey(
        "groups.SelfHelpGroup", on_delete=models.CASCADE, related_name="info_meetings", verbose_name=_("group")
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("link to the online meeting"), max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("number of places"), default=15, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    description = models.TextField(_("short text"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("information meeting")
        verbose_name_plural = _("information meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(online_url=""), name="meeting_has_place_or_link"
            ),
        ]

    def __str__(self):
        return f"{self.group} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class MeetingSignUp(models.Model):
    """A person coming to an information meeting.

    An e-mail sign-up holds no place until the person confirms it from the e-mail (so nobody
    can sign up someone else's address, nor fill the meeting with made-up ones); a phone-only
    sign-up holds no place until the facilitator has called and confirmed it. Unconfirmed
    e-mail sign-ups are deleted after two days, the rest 30 days after the meeting."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the e-mail address to be confirmed")
        CALL = "call", _("Gave only a phone number: the facilitator confirms by phone")
        CONFIRMED = "confirmed", _("Has a place")
        WAITING = "waiting", _("On the waiting list")

    meeting = models.ForeignKey(InfoMeeting, on_delete=models.CASCADE, related_name="signups", verbose_name=_("meeting"))
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("e-mail address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    consent_text_version = models.CharField(_("version of the privacy text agreed to"), max_length=20)
    language = models.CharField(_("language"), max_length=8, default="nb")
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(email="") | ~models.Q(phone=""), name="signup_email_or_phone"),
            # One sign-up per address per meeting; one phone-only sign-up per number.
            models.UniqueConstraint(
                fields=["meeting", "email"], condition=~models.Q(email=""), name="signup_once_per_email"
            ),
            models.UniqueConstraint(
                fields=["meeting", "phone"], condition=models.Q(email=""), name="signup_once_per_phone"
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.get_status_display()}"

    @property
    def holds_place(self) -> bool:
        return self.status == self.Status.CONFIRMED
