"""What every app may ask about the site: who to contact, where the directory and the privacy
statement are, and a group's public address. Read from the site settings (samhold.models),
cached until the settings or the pages change (samhold.signals)."""

from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.models import Page

from .cache import versioned_key
from .http import absolute_url
from .models import ContactSettings, SitePages
from .routing import PAGES, cached_page, live_translation_id, page_path

COORDINATOR_CACHE_KEY = "samhold:coordinator:v1"


def coordinator_contact() -> dict:
    """Who a visitor can reach when the directory has nothing for them (cached)."""
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


def _language() -> str:
    return (get_language() or "nb").split("-")[0]


def _page_in_language(page_id: int | None, language: str) -> int | None:
    """The id of the page's live translation in `language`, else of the page itself if live."""
    return live_translation_id(page_id, language) if page_id is not None else None


def _site_pages(language: str) -> dict:
    """The chosen pages' ids and paths in `language`, cached until a setting or page changes."""
    # Under the page table's version: stale when a page or the site settings change.
    key = versioned_key(PAGES, "site-pages", language)
    found = cache.get(key)
    if found is None:
        pages = SitePages.load()
        directory = _page_in_language(pages.directory_page_id, language)
        privacy = _page_in_language(pages.privacy_page_id, language)
        found = {"directory_id": directory, "privacy_path": page_path(privacy) if privacy else ""}
        cache.set(key, found, 60 * 60)
    return found


def directory_page():
    """The live directory page in the active language (its specific page, with the routes that
    make group addresses), or None if none is chosen."""
    page_id = _site_pages(_language())["directory_id"]
    if not page_id:
        return None
    try:
        return cached_page(page_id)
    except Page.DoesNotExist:
        return None


def privacy_path() -> str:
    """The privacy statement's path in the active language, or ""."""
    return _site_pages(_language())["privacy_path"]


def privacy_url() -> str:
    """The same, absolute, for e-mails; "" if there is none."""
    path = privacy_path()
    return absolute_url(path) if path else ""


def group_url(group, *, request=None, absolute: bool = False) -> str:
    """A published group's public page in the active language, from the directory page's
    routes; "" if there is no directory page."""
    page = directory_page()
    if page is None:
        return ""
    url = page.group_url(group, request=request)
    return absolute_url(url) if absolute else url
