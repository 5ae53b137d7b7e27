"""The privacy text a person agrees to when they apply to become a facilitator.

The version is stored with each application, so we can always show what that person saw.
Change the version whenever the text changes in substance."""

from django.utils.translation import gettext_lazy as _

APPLICATION_CONSENT_VERSION = "2026-11"

APPLICATION_PURPOSE = _(
    "We ask for this so that the regional coordinator for your county can decide whether you can "
    "become a facilitator, and contact you about it. Only the coordinators for your county and "
    "Samhold's national administrators see what you write."
)
APPLICATION_RETENTION = _(
    "We keep the application until it has been decided, and then for at most 30 days. If the "
    "application is declined, it is deleted 30 days after the decision. If it is approved, your "
    "name, e-mail address and phone number are kept in your facilitator account."
)
APPLICATION_CONSENT_LABEL = _(
    "I agree that Samhold keeps and uses what I write here to handle my application, as described above."
)
