"""The header menu: the home page's children marked "show in menus" (cached; a publish anywhere
bumps the version), with the information meetings, which are not a page, after the directory."""

from django.urls import reverse
from django.utils.translation import gettext

from samhold.cache import cache_version_bump, versioned_key

NAVIGATION = "home:navigation"


def navigation_key(*parts) -> str:
    return versioned_key(NAVIGATION, *parts)


def navigation_invalidate() -> None:
    cache_version_bump(NAVIGATION)


def menu_items(page_items: list[dict], *, current_path: str | None, request_path: str) -> list[dict]:
    """The menu for this request: the pages (the current one marked) and the information
    meetings' list right after the directory page (or last, if there is none)."""
    items = [
        {**item, "current": bool(current_path and current_path.startswith(item["path"]))} for item in page_items
    ]
    meetings_url = reverse("facilitators:meetings_upcoming")
    meetings = {
        "title": gettext("Information meetings"),
        "url": meetings_url,
        "current": request_path.startswith(meetings_url),
    }
    after = next((i + 1 for i, item in enumerate(items) if item.get("directory")), len(items))
    items.insert(after, meetings)
    return items
