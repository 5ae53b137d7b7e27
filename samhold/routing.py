"""Serving Wagtail pages without walking the page tree in the database on every request.

Wagtail's own serve view looks up the site, the locale, each page along the path, the path's
aliases and its view restrictions: seven queries and about a fifth of a directory request's
time (profiled), for answers that change only when an editor changes a page. Here those
answers are cached under one version that any change to a page, a site, a locale or a view
restriction bumps (samhold.signals), so the cache never serves a page tree older than the last
change, and on several app servers sharing one cache, a change made on one is seen on all.

The result is the same as Wagtail's `wagtail.views.serve`: the same site, the same page and
arguments (the walk stops where a page has a route of its own, which is then asked), the same
hooks, and Wagtail's view-restriction check whenever a restriction applies to the page.
"""

import pickle
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.translation import get_language, override
from wagtail import hooks
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import MATCH_DEFAULT, MATCH_HOSTNAME, MATCH_HOSTNAME_DEFAULT, MATCH_HOSTNAME_PORT

from .cache import cache_version_bump, versioned_key

PAGES = "samhold:pages"
_TIMEOUT = 60 * 60 * 24
_MISSING = object()


def _cached(key: str, build):
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, _TIMEOUT)
    return value


def site_for_request(request, table: "_Table | None" = None) -> Site | None:
    """Wagtail's `Site.find_for_request`, from the sites the cached page table read (no query of
    its own); also kept on the request, where Wagtail's own code looks for it."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        sites = (table or _page_table()).sites
        request._wagtail_site = _site_for_hostname(sites, hostname, request.get_port())
    return request._wagtail_site


def _site_for_hostname(sites: list[Site], hostname: str, port) -> Site | None:
    """Wagtail's `get_site_for_hostname` (its ranking and choice, line for line) over a list of
    sites instead of a query; None where Wagtail raises Site.DoesNotExist."""
    try:
        port = int(port)  # as the database reads the request's port against the integer column
    except (TypeError, ValueError):
        port = None  # no site is on such a port: the host's default site, or the default one

    def match(site: Site) -> int:
        if site.hostname == hostname and site.port == port:
            return MATCH_HOSTNAME_PORT
        if site.hostname == hostname and site.is_default_site:
            return MATCH_HOSTNAME_DEFAULT
        if site.is_default_site:
            return MATCH_DEFAULT
        return MATCH_HOSTNAME

    candidates = sorted((site for site in sites if site.hostname == hostname or site.is_default_site), key=match)
    for site in candidates:
        site.match = match(site)  # as Wagtail's annotation
    if candidates:
        if len(candidates) == 1 or candidates[0].match in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
            return candidates[0]
        if candidates[0].match == MATCH_DEFAULT:
            return candidates[len(candidates) == 2]
    return None


def _own_route(page_class) -> bool:
    """Whether pages of this class answer paths below them themselves (a routable page), rather
    than by Wagtail's look-up of a child by its slug."""
    return getattr(page_class, "route", Page.route) is not Page.route


@dataclass
class _PageRow:
    content_type_id: int
    path: str
    slug: str
    url_path: str
    translation_key: object
    language: str
    live: bool
    title: str
    show_in_menus: bool
    model_name: str
    # Pages of this class answer the paths below them themselves (see _own_route).
    own_route: bool
    # A view restriction applies: on the page or an ancestor, an alias standing for its source
    # page (Wagtail's `Page.get_view_restrictions`), worked out once with the table.
    restricted: bool = False
    children: dict = field(default_factory=dict)


@dataclass
class _Table:
    pages: dict[int, _PageRow]
    # The sites' home pages and their translations.
    root_ids: list[int]
    # Every site, with its home page (as Wagtail's own look-up gives them), for site_for_request.
    sites: list[Site]


def _table() -> _Table:
    """Every page and every site, with what routing, menus and links need: two queries,
    whatever the number of pages."""
    rows = Page.objects.annotate(
        restricted=Exists(PageViewRestriction.objects.filter(page_id=OuterRef("pk")))
    ).values_list(
        "pk", "path", "slug", "content_type_id", "translation_key", "locale__language_code", "live",
        "alias_of_id", "restricted", "url_path", "title", "show_in_menus",
    )
    pages, by_path, alias_of, restricted_here = {}, {}, {}, {}
    for (pk, path, slug, content_type_id, translation_key, language, live, alias_of_id, restricted, url_path,
         title, show_in_menus) in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        pages[pk] = _PageRow(
            content_type_id, path, slug, url_path, translation_key, language, live, title, show_in_menus,
            model_name=model.__name__ if model is not None else "",
            own_route=_own_route(model) if model is not None else False,
        )
        by_path[path] = pk
        alias_of[pk], restricted_here[pk] = alias_of_id, restricted

    def restricted(pk, seen=()):
        if pk not in pages or pk in seen:
            return False
        return restricted(alias_of[pk], (*seen, pk)) if alias_of[pk] else restricted_here[pk]

    for pk, row in pages.items():
        parent = by_path.get(row.path[: -Page.steplen])
        if parent is not None:
            pages[parent].children[row.slug] = pk
        ancestry = (by_path.get(row.path[:end]) for end in range(Page.steplen, len(row.path) + 1, Page.steplen))
        row.restricted = any(restricted(ancestor) for ancestor in ancestry if ancestor is not None)
    sites = list(Site.objects.select_related("root_page"))
    root_keys = {pages[site.root_page_id].translation_key for site in sites if site.root_page_id in pages}
    return _Table(pages, [pk for pk, row in pages.items() if row.translation_key in root_keys], sites)


def _page_table() -> _Table:
    return _cached(versioned_key(PAGES, "table"), _table)


def _active_language() -> str:
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def _live_translation(table: _Table, page: _PageRow, language: str) -> int | None:
    """The id of the live page in `language` with the page's translation key, if any."""
    for pk, row in table.pages.items():
        if row.translation_key == page.translation_key and row.language == language and row.live:
            return pk
    return None


def live_translation_id(page_id: int, language: str | None = None, *, fallback: bool = True) -> int | None:
    """The id of the page's live translation in `language` (the active one if None), else (with
    `fallback`) of the page itself if it is live, else None: from the cached table, no query."""
    table = _page_table()
    page = table.pages.get(page_id)
    if page is None:
        return None
    found = _live_translation(table, page, language or _active_language())
    if found is not None:
        return found
    return page_id if page.live and fallback else None


def page_path(page_id: int) -> str:
    """The page's address on the site, as Wagtail's `page.get_url()` gives it on a site of one
    host: its path below the site's home page in its language, under that language's prefix.
    From the cached table, no query; "" if the page is not under a site's home page."""
    return _page_path(_page_table(), page_id)


def _page_path(table: _Table, page_id: int) -> str:
    page = table.pages.get(page_id)
    if page is None:
        return ""
    roots = [table.pages[pk] for pk in table.root_ids if page.url_path.startswith(table.pages[pk].url_path)]
    if not roots:
        return ""
    root = max(roots, key=lambda row: (row.language == page.language, len(row.url_path)))
    with override(page.language):
        return reverse("wagtail_serve", args=(page.url_path[len(root.url_path) :],))


def page_url(page_id: int, *, localized: bool = False) -> str | None:
    """Wagtail's `page.url` (with `localized`, `page.localized.url`) from the cached table, no
    query, wherever the table's answer is Wagtail's: with one site, Wagtail's URL of a page is
    its path below that site's home page (page_path). None where it might not be (several
    sites, a page the table lacks or below no site's home page): ask Wagtail then."""
    table = _page_table()
    if len(table.sites) != 1 or page_id not in table.pages:
        return None
    return _page_path(table, _localized(table, page_id) if localized else page_id) or None


def menu(home_id: int) -> list[dict]:
    """The live child pages of a home page, in the editors' order, for the menus."""
    table = _page_table()
    pages = table.pages
    children = sorted((pages[pk].path, pk) for pk in pages[home_id].children.values())
    return [
        {
            "title": pages[pk].title,
            "url": _page_path(table, pk),
            "path": pages[pk].path,
            "slug": pages[pk].slug,
            "show_in_menus": pages[pk].show_in_menus,
            "model_name": pages[pk].model_name,
        }
        for _, pk in children
        if pages[pk].live
    ]


def localized_page_id(page_id: int) -> int:
    """Wagtail's `page.localized`, as an id, from the cached table."""
    return _localized(_page_table(), page_id)


def _localized(table: _Table, page_id: int) -> int:
    """Wagtail's `Page.localized`: the live translation in the active language, else the page."""
    language = _active_language()
    page = table.pages[page_id]
    if page.language == language:
        return page_id
    found = _live_translation(table, page, language)
    return page_id if found is None else found


def cached_page(page_id: int) -> Page:
    """The page's specific instance, a fresh copy for each caller (unpickled), cached until any
    page changes. Raises Page.DoesNotExist."""

    def load():
        row = _page_table().pages.get(page_id)
        model = ContentType.objects.get_for_id(row.content_type_id).model_class() if row else None
        page = model.objects.get(pk=page_id) if model is not None else Page.objects.get(pk=page_id).specific
        return pickle.dumps(page)

    return pickle.loads(_cached(versioned_key(PAGES, "page", page_id), load))


def route_for_request(request, path: str):
    """Wagtail's `Page.route_for_request`: (page, args, kwargs) or None, cached on the request."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    result = None
    table = _page_table()
    site = site_for_request(request, table)
    if site is not None:
        page_id = _localized(table, site.root_page_id)
        components = [component for component in path.split("/") if component]
        while components and not table.pages[page_id].own_route:
            child_id = table.pages[page_id].children.get(components[0])
            if child_id is None:
                break
            page_id = child_id
            components = components[1:]
        try:
            page = cached_page(page_id)
            result = page.route(request, components)
        except (Http404, Page.DoesNotExist):
            result = None
        if result is not None:
            row = table.pages.get(result[0].pk)
            request._samhold_restricted = row.restricted if row is not None else True
    request._wagtail_route_for_request = result
    return result


def serve(request, path):
    """Wagtail's `wagtail.views.serve`, routed through the cache above."""
    from wagtail.wagtail_hooks import check_view_restrictions  # imports models: not at load time

    route = route_for_request(request, path)
    if route is None:
        raise Http404
    page, args, kwargs = route

    def chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    restricted = getattr(request, "_samhold_restricted", True)
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        # With no restriction on the page or above it, Wagtail's check would query two tables to find none.
        if fn is check_view_restrictions and not restricted:
            continue
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)


def pages_changed(**kwargs) -> None:
    """Cache upkeep: any change to the page tree, sites, locales or view restrictions."""
    cache_version_bump(PAGES)
