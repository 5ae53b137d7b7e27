"""Private links: the secret addresses we e-mail to a person so they can confirm, see, change or
delete what they gave us without an account. Only a hash of each token is stored (see
samhold.crypto), so a copy of the database opens no one's page.

Confirming and managing have separate tokens: a confirm link only confirms. Every e-mail that
carries a manage link gets a link of its own, so older e-mails keep working; all of a record's
links go when the record goes."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LinkPurpose(models.TextChoices):
    CONFIRM = "confirm", _("Confirm")
    MANAGE = "manage", _("See, change or delete")


class PrivateLink(models.Model):
    """A link in an e-mail that lets its owner confirm or manage something without an account.
    Only the SHA-256 of the random token is stored, so the table cannot be used to open anyone's
    page. Abstract: each kind of record has its own table of links."""

    purpose = models.CharField(_("purpose"), max_length=10, choices=LinkPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.get_purpose_display()} #{self.pk}"


class InterestLink(PrivateLink):
    owner = models.ForeignKey(
        "facilitators.InterestRegistration", on_delete=models.CASCADE, related_name="links",
        verbose_name=_("registration"),
    )

    class Meta:
        verbose_name = _("private link to an interest registration")
        verbose_name_plural = _("private links to interest registrations")


class SignUpLink(PrivateLink):
    owner = models.ForeignKey(
        "facilitators.MeetingSignUp", on_delete=models.CASCADE, related_name="links", verbose_name=_("sign-up")
    )

    class Meta:
        verbose_name = _("private link to a meeting sign-up")
        verbose_name_plural = _("private links to meeting sign-ups")


class ApplicationLink(PrivateLink):
    owner = models.ForeignKey(
        "facilitators.FacilitatorApplication", on_delete=models.CASCADE, related_name="links",
        verbose_name=_("application"),
    )

    class Meta:
        verbose_name = _("private link to a facilitator application")
        verbose_name_plural = _("private links to facilitator applications")
