"""Reads for the face of the site."""

from django.core.cache import cache

COORDINATOR_CACHE_KEY = "home:coordinator:v1"


def coordinator_contact() -> dict:
    """Who a visitor can reach when the directory has nothing for them (cached; see home.signals)."""
    from .models import ContactSettings

    contact = cache.get(COORDINATOR_CACHE_KEY)
    if contact is None:
        settings = ContactSettings.load()
        contact = {
            "name": settings.coordinator_name,
            "email": settings.coordinator_email,
            "phone": settings.coordinator_phone,
        }
        cache.set(COORDINATOR_CACHE_KEY, contact, 60 * 60)
    return contact
