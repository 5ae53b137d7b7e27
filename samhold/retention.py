"""How long Samhold keeps things: one reading of settings.SAMHOLD_RETENTION, for every app."""

from datetime import timedelta

from django.conf import settings


def kept_for(key: str) -> timedelta:
    """The retention period named `key` in SAMHOLD_RETENTION (days), as a timedelta."""
    return timedelta(days=settings.SAMHOLD_RETENTION[key])
