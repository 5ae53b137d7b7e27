import re
from urllib.parse import urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from groups.models import PUBLIC_STATUS_LABELS, Status
from groups.schedule import describe
from samhold.routing import live_translation_id, localized_page_id, menu, page_path
from samhold.site import privacy_path

from ..navigation import menu_items, navigation_key

register = template.Library()

def _navigation(context) -> dict:
    """Home URL and menu items for the active language, cached (see home.signals)."""
    request = context.get("request")
    if request is None:
        return {"home_url": "/", "items": [], "footer": []}
    cached = getattr(request, "_samhold_navigation", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request)
    language = (get_language() or "nb").split("-")[0]
    key = navigation_key("menu", site.pk if site else 0, language)
    navigation = cache.get(key)
    if navigation is None:
        navigation = {"home_url": "/", "items": [], "footer": []}
        if site:
            # From the cached page table (samhold.routing): no query for the menus.
            home_id = localized_page_id(site.root_page_id)
            navigation["home_url"] = page_path(home_id) or "/"
            children = menu(home_id)
            navigation["items"] = [
                {**child, "directory": child["model_name"] == "DirectoryPage"}
                for child in children
                if child["show_in_menus"]
            ]
            navigation["footer"] = [child for child in children if not child["show_in_menus"]]
        cache.set(key, navigation, 60 * 60)
    request._samhold_navigation = navigation
    return navigation


@register.simple_tag(takes_context=True)
def home_url(context):
    return _navigation(context)["home_url"]


@register.inclusion_tag("components/footer_menu.html", takes_context=True)
def footer_menu(context):
    return {"items": _navigation(context)["footer"]}


@register.simple_tag
def privacy_url():
    """The privacy statement in the active language (the page chosen in the site settings)."""
    return privacy_path()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    items = menu_items(
        _navigation(context)["items"],
        current_path=getattr(context.get("page"), "path", None),
        request_path=request.path if request is not None else "",
    )
    return {"items": items}


def _translation_url(request, page, target: str) -> str | None:
    """The URL of the page's live translation, cached with the navigation."""
    key = navigation_key("translation", page.pk, target)
    url = cache.get(key)
    if url is None:
        found = live_translation_id(page.pk, target, fallback=False)
        url = page_path(found) if found is not None else ""
        cache.set(key, url, 60 * 60)
    return url or None


def _same_site_path(url: str) -> str:
    """The URL as a path on this site. The switch is built from the address the visitor asked
    for, so "/en//evil.example/x" would otherwise become "//evil.example/x", which a browser
    reads as another site (as it does "/\\evil.example"): drop any scheme and host, and collapse
    the slashes (and backslashes) at the start into one."""
    if not url.startswith(("/", "\\")):
        # An absolute URL (Wagtail's for a page on another Site; Samhold runs one): keep its
        # path, so the link never leaves this host.
        parts = urlsplit(url)
        url = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    url = "/" + url.lstrip("/\\")
    parts = urlsplit(url)
    return url if not (parts.scheme or parts.netloc) else "/"


def _translated_route(request, target: str) -> str | None:
    """The same view in the other language, for an app whose addresses are translated
    (research's /forskning/… is /en/research/…); None for Wagtail's pages and unknown paths."""
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name or match.url_name == "wagtail_serve":
        return None
    try:
        with override(target):
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return None


@register.inclusion_tag("components/language_switch.html", takes_context=True)
def language_switch(context):
    """A link to this page in the other language: the translated page and the same route."""
    request = context.get("request")
    current = (get_language() or "nb").split("-")[0]
    target = "en" if current == "nb" else "nb"
    url = None
    if request is not None:
        page = context.get("page")
        if isinstance(page, Page) and page.pk:
            page_url = page.get_url(request) or ""
            translated_url = _translation_url(request, page, target)
            if translated_url:
                suffix = request.path[len(page_url):] if request.path.startswith(page_url) else ""
                url = translated_url + escape_uri_path(suffix)
        if url is None:
            url = _translated_route(request, target)
        if url is None:
            # request.path is decoded ("%2F" is "/" by now): encode it again before it is a link.
            path = escape_uri_path(request.path)
            if target == "en":
                url = "/en" + path
            else:
                url = path[3:] if path.startswith("/en/") else path
        url = _same_site_path(url)
        if request.META.get("QUERY_STRING"):
            url = f"{url}?{request.META['QUERY_STRING']}"
    names = dict(settings.LANGUAGES)
    return {"url": url or "/", "target": target, "label": names[target]}


@register.inclusion_tag("components/status_badge.html")
def status_badge(group):
    """A planned group with an information meeting open for sign-up is starting soon, not one
    to register interest in (see home.presenters: `info_meeting`)."""
    if group.status == Status.PLANNED and getattr(group, "info_meeting", None) is not None:
        return {"status": group.status, "label": _("Starting soon")}
    return {"status": group.status, "label": PUBLIC_STATUS_LABELS.get(group.status, group.get_status_display())}


@register.simple_tag
def schedule_text(group):
    return describe(group)


# A group's languages are written by its facilitator in Norwegian ("norsk og engelsk"). On the
# English pages the usual ones are named in English; anything else is shown as written.
_LANGUAGES_IN_ENGLISH = {
    "norsk": "Norwegian", "bokmål": "Norwegian (Bokmål)", "nynorsk": "Norwegian (Nynorsk)",
    "norsk tegnspråk": "Norwegian Sign Language", "tegnspråk": "sign language",
    "samisk": "Sami", "nordsamisk": "Northern Sami", "lulesamisk": "Lule Sami",
    "sørsamisk": "Southern Sami", "kvensk": "Kven", "engelsk": "English", "svensk": "Swedish",
    "dansk": "Danish", "finsk": "Finnish", "tysk": "German", "fransk": "French",
    "spansk": "Spanish", "polsk": "Polish", "litauisk": "Lithuanian", "russisk": "Russian",
    "ukrainsk": "Ukrainian", "arabisk": "Arabic", "somali": "Somali", "tigrinja": "Tigrinya",
    "persisk": "Persian", "dari": "Dari", "urdu": "Urdu", "tyrkisk": "Turkish",
    "kurdisk": "Kurdish", "vietnamesisk": "Vietnamese", "thai": "Thai",
}
_LANGUAGE_LIST = re.compile(r"\s*,\s*|\s+og\s+", re.IGNORECASE)


@register.filter
def languages_in_words(value: str) -> str:
    """'norsk og engelsk' stays so in Bokmål and becomes 'Norwegian and English' in English."""
    value = (value or "").strip()
    if not (get_language() or "nb").startswith("en"):
        return value
    names = [name for name in _LANGUAGE_LIST.split(value) if name]
    english = [_LANGUAGES_IN_ENGLISH.get(name.lower()) for name in names]
    if not names or None in english:
        return value
    words = english[0] if len(english) == 1 else f"{', '.join(english[:-1])} and {english[-1]}"
    return words[0].upper() + words[1:]
